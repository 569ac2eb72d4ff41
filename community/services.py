"""Writes for the discussion area: keyword-only verbs. Each change that followers should
hear about records an Activity in the same transaction as the change itself."""

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access
from .models import Activity, Folder, Membership, Post, SignalFrequency, Thread
from .sanitise import clean_html, is_blank


def _clean_body(body: str) -> str:
    if len(body or "") > settings.POST_MAX_CHARS:
        raise ValidationError(
            _("Uw bericht is te lang: maximaal %(max)s tekens.") % {"max": settings.POST_MAX_CHARS}
        )
    cleaned = clean_html(body)
    if is_blank(cleaned):
        raise ValidationError(_("Schrijf een bericht; een leeg bericht kan niet worden geplaatst."))
    return cleaned


# --- Membership ----------------------------------------------------------------------


@transaction.atomic
def add_member(*, user, group, role=Membership.Role.MEMBER, frequency=None) -> Membership:
    """Make user a member (and follower) of group. Following starts now: the signal mail
    covers changes from this moment on."""
    membership, created = Membership.objects.get_or_create(
        user=user,
        group=group,
        defaults={
            "role": role,
            "signal_frequency": frequency or user.default_signal_frequency,
        },
    )
    if not created and role == Membership.Role.COORDINATOR and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    access.forget(user)
    return membership


def join_group(*, user, group) -> Membership:
    """A member joins a general group themselves."""
    if not access.can_join(user, group):
        raise PermissionDenied
    return add_member(user=user, group=group)


@transaction.atomic
def leave_group(*, user, group) -> None:
    Membership.objects.filter(user=user, group=group).delete()
    access.forget(user)


@transaction.atomic
def remove_member(*, user, group) -> None:
    """Takes effect at once: access is checked per request and again when each signal
    mail is built, so nothing of the group reaches the user after this."""
    Membership.objects.filter(user=user, group=group).delete()
    access.forget(user)


def set_signal_frequency(*, user, group, frequency) -> Membership:
    if frequency not in SignalFrequency.values:
        raise ValidationError(_("Kies een geldige frequentie."))
    membership = Membership.objects.get(user=user, group=group)
    membership.signal_frequency = frequency
    membership.save(update_fields=["signal_frequency"])
    return membership


# --- Folders -------------------------------------------------------------------------


def create_folder(*, group, title, description="", position=None) -> Folder:
    if position is None:
        position = (Folder.objects.filter(group=group).aggregate(m=Max("position"))["m"] or 0) + 1
    return Folder.objects.create(group=group, title=title, description=description, position=position)


# --- Threads and replies -------------------------------------------------------------


def _existing_post(author, client_token):
    if client_token is None:
        return None
    return (
        Post.objects.filter(author=author, client_token=client_token)
        .select_related("thread")
        .first()
    )


def create_thread(*, author, folder, title, body, client_token=None, topic=None) -> Thread:
    """Start a thread in a folder. Submitting the same form twice (same client_token)
    returns the first thread instead of creating a second one."""
    group = folder.group
    if not access.can_post(author, group) or folder.is_archived:
        raise PermissionDenied
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Geef het onderwerp een titel."))
    if len(title) > 200:
        raise ValidationError(_("De titel is te lang: maximaal 200 tekens."))
    body = _clean_body(body)
    existing = _existing_post(author, client_token)
    if existing:
        return existing.thread
    try:
        with transaction.atomic():
            now = timezone.now()
            thread = Thread.objects.create(
                group=group, folder=folder, title=title, author=author,
                created_at=now, last_activity_at=now, topic=topic,
            )
            post = Post.objects.create(
                thread=thread, author=author, body=body, is_opening=True,
                created_at=now, client_token=client_token,
            )
            Activity.objects.create(
                group=group, folder=folder, thread=thread, post=post,
                kind=Activity.Kind.THREAD, actor=author, created_at=now,
            )
    except IntegrityError:
        existing = _existing_post(author, client_token)
        if existing:
            return existing.thread
        raise
    return thread


def create_reply(*, author, thread, body, client_token=None) -> Post:
    group = thread.group
    if not access.can_post(author, group):
        raise PermissionDenied
    if thread.is_locked and not access.can_moderate(author, group):
        raise ValidationError(_("Dit onderwerp is gesloten; reageren is niet meer mogelijk."))
    body = _clean_body(body)
    existing = _existing_post(author, client_token)
    if existing:
        return existing
    try:
        with transaction.atomic():
            now = timezone.now()
            post = Post.objects.create(
                thread=thread, author=author, body=body, created_at=now, client_token=client_token
            )
            Thread.objects.filter(pk=thread.pk).update(
                reply_count=F("reply_count") + 1, last_activity_at=now
            )
            Activity.objects.create(
                group=group, folder=thread.folder, thread=thread, post=post,
                kind=Activity.Kind.REPLY, actor=author, created_at=now,
            )
    except IntegrityError:
        existing = _existing_post(author, client_token)
        if existing:
            return existing
        raise
    return post


def new_client_token() -> uuid.UUID:
    return uuid.uuid4()

