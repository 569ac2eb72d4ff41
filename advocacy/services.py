"""Writes for the knelpunten register and consultations (keyword-only verbs)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community import access

from .models import ConsultationAnswer, Knelpunt, KnelpuntSupport

ALREADY_SUPPORTED = gettext_lazy("Uw organisatie staat al bij dit knelpunt.")
CONSULTATION_CLOSED = gettext_lazy("Deze consultatie is gesloten; antwoorden kan niet meer.")


def report_knelpunt(*, reporter, title, description, regulation, topic=None,
                    client_token=None) -> Knelpunt:
    if not access.can_report_knelpunt(reporter):
        raise PermissionDenied
    if client_token is not None:
        existing = Knelpunt.objects.filter(reporter=reporter, client_token=client_token).first()
        if existing:
            return existing
    try:
        with transaction.atomic():
            return Knelpunt.objects.create(
                title=title.strip(), description=description.strip(),
                regulation=regulation.strip(), topic=topic, reporter=reporter,
                organisation_id=reporter.organisation_id, client_token=client_token,
            )
    except IntegrityError:
        return Knelpunt.objects.get(reporter=reporter, client_token=client_token)


def support_knelpunt(*, user, knelpunt, comment="") -> KnelpuntSupport:
    """Counted once per organisation: a second colleague of the same organisation (or a
    second click) changes nothing and gets ValidationError(ALREADY_SUPPORTED)."""
    if not access.can_support_knelpunt(user, knelpunt):
        raise PermissionDenied
    try:
        with transaction.atomic():
            support, created = KnelpuntSupport.objects.get_or_create(
                knelpunt=knelpunt, organisation_id=user.organisation_id,
                defaults={"user": user, "comment": comment.strip()},
            )
    except IntegrityError:
        created = False
    if not created:
        raise ValidationError(ALREADY_SUPPORTED, code="already_supported")
    return support


def check_open(consultation) -> None:
    if not consultation.is_open:
        raise ValidationError(CONSULTATION_CLOSED, code="closed")


def answer_consultation(*, user, consultation, answer) -> ConsultationAnswer:
    if not access.can_answer_consultation(user, consultation):
        raise PermissionDenied
    check_open(consultation)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError(_("Schrijf een antwoord."))
    now = timezone.now()
    with transaction.atomic():
        row, created = ConsultationAnswer.objects.select_for_update().get_or_create(
            consultation=consultation, user=user,
            defaults={"answer": answer, "created_at": now, "updated_at": now},
        )
        if not created:
            row.answer = answer
            row.updated_at = now
            row.save(update_fields=["answer", "updated_at"])
    return row
