from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("bestand/<int:pk>/", views.attachment_download, name="attachment"),
    path("leden/<int:pk>/", views.member_profile, name="profile"),
    path("meldingen/", views.moderation_queue, name="moderation"),
]
