"""django-q2 entry points. Thin: the work is in notifications.pipeline."""

from datetime import timedelta

from django.utils import timezone

from . import pipeline
from .models import Delivery


def run_signal_mail():
    result = pipeline.run()
    return {
        "claimed": result.claimed, "sent": result.sent, "empty": result.empty,
        "retrying": result.retrying, "failed": result.failed,
    }


def prune_old_deliveries(days=400):
    """Delivery records are the audit trail; keep a bit more than a year."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = Delivery.objects.filter(created_at__lt=cutoff).exclude(
        status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]
    ).delete()
    return deleted
