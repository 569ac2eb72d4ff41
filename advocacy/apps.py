from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvocacyConfig(AppConfig):
    name = "advocacy"
    verbose_name = _("Belangenbehartiging")
    default_auto_field = "django.db.models.BigAutoField"
