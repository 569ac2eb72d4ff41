from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class KnowledgebaseConfig(AppConfig):
    name = "knowledgebase"
    verbose_name = _("Kennisbank")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_install_search_index, sender=self)


def _install_search_index(sender, using="default", **kwargs):
    from . import search_index

    search_index.install(using=using)
