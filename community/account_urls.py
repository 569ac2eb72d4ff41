from django.urls import path

from . import account_views

app_name = "accounts"

urlpatterns = [
    path("aanvragen/", account_views.apply, name="apply"),
    path("aanvragen/verstuurd/", account_views.application_sent, name="application_sent"),
    path("uitnodiging/<str:token>/", account_views.invitation, name="invitation"),
]
