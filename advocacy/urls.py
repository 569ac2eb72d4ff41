from django.urls import path

from . import views

app_name = "advocacy"

urlpatterns = [
    path("knelpunten/", views.knelpunt_list, name="knelpunt_list"),
    path("knelpunten/melden/", views.knelpunt_create, name="knelpunt_create"),
    path("knelpunten/<int:pk>/", views.knelpunt_detail, name="knelpunt_detail"),
    path("consultaties/<int:pk>/", views.consultation_detail, name="consultation_detail"),
]
