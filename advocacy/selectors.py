"""Reads for consultations: what a member is asked, in one query per list. Who may answer
is decided by community.access (filter_answerable_consultations)."""

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from community import access

from .models import Consultation, ConsultationAnswer

CLOSED_SHOWN = 5  # the group page lists the most recently closed consultations, no more


def _for_member(user, qs):
    """Narrowed to what the user may answer, each with my_answer_at: when the user last
    saved an answer (None: not answered)."""
    mine = ConsultationAnswer.objects.filter(consultation=OuterRef("pk"), user_id=user.pk)
    return (
        access.filter_answerable_consultations(user, qs)
        .annotate(my_answer_at=Subquery(mine.values("updated_at")[:1]))
    )


def open_consultations_for(user, *, group=None):
    """Open consultations the user may answer, the first to close first; each with its
    group loaded (for the dashboard) and my_answer_at."""
    qs = Consultation.objects.filter(closes_at__gt=timezone.now())
    if group is not None:
        qs = qs.filter(group_id=group.pk)
    else:
        qs = qs.select_related("group")
    return list(_for_member(user, qs).order_by("closes_at", "pk"))


def closed_consultations_for(user, *, group, limit=CLOSED_SHOWN):
    """The group's most recently closed consultations the user could answer (to re-read
    one's own answer)."""
    qs = Consultation.objects.filter(group_id=group.pk, closes_at__lte=timezone.now())
    return list(_for_member(user, qs).order_by("-closes_at", "-pk")[:limit])
