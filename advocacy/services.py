"""Writes for the knelpunten register and consultations (keyword-only verbs)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community import access
from community.models import Activity

from .models import Consultation, ConsultationAnswer, Knelpunt, KnelpuntSupport

ALREADY_SUPPORTED = gettext_lazy("Uw organisatie staat al bij dit knelpunt.")
CONSULTATION_CLOSED = gettext_lazy("Deze consultatie is gesloten; u kunt niet meer antwoorden.")


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


# --- Consultations: opened by an editor in the CMS ---------------------------------------

CONSULTATION_FIELDS = ("group", "title", "question", "closes_at")


def open_consultation(*, editor, group, title, question, closes_at) -> Consultation:
    """An editor asks the members of a group a question. The group's followers hear about
    it in their signal mail (an Activity in the same transaction)."""
    with transaction.atomic():
        consultation = Consultation.objects.create(
            group=group, title=title.strip(), question=question.strip(), closes_at=closes_at,
        )
        record_consultation_opened(consultation=consultation, actor=editor)
    return consultation


def update_consultation(*, editor, consultation, **fields) -> Consultation:
    """An editor changes a consultation. Moved to another group while open: that group's
    followers hear about it there (the old group's change is no longer signalled, see
    community.access)."""
    unknown = set(fields) - set(CONSULTATION_FIELDS)
    if unknown:
        raise TypeError(f"update_consultation does not change {sorted(unknown)}")
    with transaction.atomic():
        # (as stored: the CMS form has already put its values on the instance)
        stored = Consultation.objects.select_for_update().filter(pk=consultation.pk).values_list(
            "closes_at", flat=True).first()
        for name, value in fields.items():
            setattr(consultation, name, value.strip() if isinstance(value, str) else value)
        consultation.save()
        # Closed and opened again (a new closing date): that is news again, also for those
        # whose mail never mentioned it because it had closed before their mail went out.
        reopened = stored is not None and stored <= timezone.now() and consultation.is_open
        record_consultation_opened(consultation=consultation, actor=editor, again=reopened)
    return consultation


def record_consultation_opened(*, consultation, actor=None, again=False):
    """The change the signal mail reads: once per consultation and group (again=True: once
    more, it was reopened), and only while it can be answered. Returns the Activity, or None
    when there was nothing to record."""
    if not consultation.is_open:
        return None
    if not again and Activity.objects.filter(
            consultation=consultation, group_id=consultation.group_id).exists():
        return None
    return Activity.objects.create(
        group_id=consultation.group_id, kind=Activity.Kind.CONSULTATION,
        consultation=consultation, actor=actor,
    )
