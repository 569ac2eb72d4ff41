from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Openbare site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .routing import connect_signals
        from .spreadsheets import install as install_spreadsheet_cells

        connect_signals()
        install_spreadsheet_cells()
