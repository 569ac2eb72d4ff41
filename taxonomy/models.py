"""The one topic taxonomy shared by knowledge articles, groups and threads.

It sits in its own small app so that community and knowledgebase can both point at it
without importing each other."""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Topic(index.Indexed, models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("korte naam in de url"), max_length=100, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:100] or "thema"
        super().save(*args, **kwargs)
