"""Figures for the editors' signal mail health view (and the dashboard panel)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from community.models import Membership

from .models import Delivery


def per_day(days=14):
    since = timezone.now() - timedelta(days=days)
    rows = (
        Delivery.objects.filter(created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .values("day", "status")
        .annotate(n=Count("id"))
        .order_by("-day")
    )
    table = {}
    for row in rows:
        table.setdefault(row["day"], {s: 0 for s in Delivery.Status.values})[row["status"]] = row["n"]
    return sorted(table.items(), reverse=True)


def waiting():
    """Deliveries that failed at least once and are waiting for a retry, or gave up."""
    return (
        Delivery.objects.filter(attempts__gt=0)
        .exclude(status__in=[Delivery.Status.SENT, Delivery.Status.EMPTY])
        .select_related("user")
        .order_by("next_attempt_at")[:100]
    )


def member_lookup(email):
    user = get_user_model().objects.filter(email__iexact=(email or "").strip()).first()
    if user is None:
        return None
    return {
        "user": user,
        "memberships": Membership.objects.filter(user=user).select_related("group").order_by("group__title"),
        "deliveries": Delivery.objects.filter(user=user).order_by("-slot")[:20],
    }
