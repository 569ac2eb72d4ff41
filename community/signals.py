"""Wagtail signals that become changes the signal mail reports."""

from django.dispatch import receiver
from wagtail.signals import page_published

from . import services
from .models import GroupNewsPage


@receiver(page_published, sender=GroupNewsPage)
def group_news_published(sender, instance, revision=None, **kwargs):
    services.record_group_news(page=instance, actor=getattr(revision, "user", None))
