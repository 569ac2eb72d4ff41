from django.urls import path

from . import account_views, views

app_name = "community"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("profiel/", account_views.my_profile, name="my_profile"),
    path("profiel/mijn-gegevens/", account_views.my_data, name="my_data"),
    path("profiel/verwijderen/", account_views.delete_account, name="delete_account"),
    path("leden/<int:user_id>/", account_views.member_profile, name="member_profile"),
    path("leden/<int:user_id>/foto/", account_views.member_photo, name="member_photo"),

    path("bestand/<int:pk>/", views.attachment_download, name="attachment"),
    path("meldingen/", views.moderation_queue, name="moderation"),
]
