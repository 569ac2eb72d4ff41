from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Gemeenschap")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from allauth.account.signals import email_changed

        from . import signals  # noqa: F401
        from .schedules import ensure_schedules, on_email_changed

        post_migrate.connect(ensure_schedules, sender=self)
        email_changed.connect(on_email_changed, dispatch_uid="community_email_changed")
