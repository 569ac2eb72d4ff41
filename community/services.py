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
from .models import (
    Activity,
    Attachment,
    Folder,
    JoinRequest,
    Membership,
    ModerationAction,
    Post,
    PostReport,
    SignalFrequency,
    Thread,
    ThreadVisit,
    User,
)
from .sanitise import clean_html, is_blank
from .uploads import check_upload


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
    from .accounts_services import revoke_open_invitations  # accounts_services imports us

    revoke_open_invitations(user=user, group=group)  # an admitted person needs no old link
    access.forget(user)
    return membership


def join_group(*, user, group) -> Membership:
    """A member joins a general group themselves."""
    if not access.can_join(user, group):
        raise PermissionDenied
    return add_member(user=user, group=group)


@transaction.atomic
def leave_group(*, user, group) -> None:
    """A member leaves a group themselves: the same as being removed."""
    remove_member(user=user, group=group)


@transaction.atomic
def remove_member(*, user, group) -> None:
    """Takes effect at once: access is checked per request and again when each signal
    mail is built, so nothing of the group reaches the user after this."""
    from .accounts_services import revoke_open_invitations  # accounts_services imports us

    Membership.objects.filter(user=user, group=group).delete()
    revoke_open_invitations(user=user, group=group)  # an old link must not re-admit them
    access.forget(user)


def set_signal_frequency(*, user, group, frequency) -> Membership:
    if frequency not in SignalFrequency.values:
        raise ValidationError(_("Kies een geldige frequentie."))
    membership = Membership.objects.get(user=user, group=group)
    fields = ["signal_frequency"]
    if membership.signal_frequency == SignalFrequency.NEVER and frequency != SignalFrequency.NEVER:
        # Following again starts now: the mail does not bring up what happened meanwhile.
        membership.signalled_until = _latest_activity_id()
        fields.append("signalled_until")
    membership.signal_frequency = frequency
    membership.save(update_fields=fields)
    return membership


def set_signals_paused(*, user, paused: bool) -> None:
    """Stop or resume all signal mail. Resuming starts from now (no backlog)."""
    with transaction.atomic():
        if user.signals_paused and not paused:
            Membership.objects.filter(user=user).update(signalled_until=_latest_activity_id())
        if user.signals_paused != paused:
            user.signals_paused = paused
            user.save(update_fields=["signals_paused"])


def _latest_activity_id() -> int:
    return Activity.objects.aggregate(m=Max("id"))["m"] or 0


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


def _follow_on_posting(author, group):
    """Whoever posts in a general group they have not joined becomes a member of it (and so
    follows it), so that the answers reach them in their signal mail."""
    if access.can_join(author, group):
        add_member(user=author, group=group)


def create_thread(*, author, folder, title, body, client_token=None, files=(), topic=None) -> Thread:
    """Start a thread in a folder. Submitting the same form twice (same client_token)
    returns the first thread instead of creating a second one. The author joins a general
    group they were not in (see _follow_on_posting)."""
    group = folder.group
    if not access.can_post(author, group) or folder.is_archived:
        raise PermissionDenied
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Geef het onderwerp een titel."))
    if len(title) > 200:
        raise ValidationError(_("De titel is te lang: maximaal 200 tekens."))
    body = _clean_body(body)
    checked = [(upload, *check_upload(upload)) for upload in files if upload]
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
            # One's own thread is never "new since your last visit".
            ThreadVisit.objects.create(user=author, thread=thread, seen_at=now)
            _follow_on_posting(author, group)
            for upload, name, content_type in checked:
                _store(upload=upload, name=name, content_type=content_type, uploader=author,
                       post=post, group=group, folder=folder, thread=thread, now=now)
    except IntegrityError:
        existing = _existing_post(author, client_token)
        if existing:
            return existing.thread
        raise
    return thread


def create_reply(*, author, thread, body, client_token=None, files=(), quote=None) -> Post:
    """A reply; the author joins a general group they were not in (_follow_on_posting)."""
    group = thread.group
    if not access.can_post(author, group):
        raise PermissionDenied
    if thread.is_locked and not access.can_moderate(author, group):
        raise ValidationError(_("Dit onderwerp is gesloten; reageren is niet meer mogelijk."))
    if thread.folder.is_archived:
        raise ValidationError(
            _("Deze map is gearchiveerd; reageren en bestanden toevoegen kan niet meer.")
        )
    body = _clean_body(body)
    if quote is not None:
        body = _quote_html(author, quote, thread) + body
    checked = [(upload, *check_upload(upload)) for upload in files if upload]
    existing = _existing_post(author, client_token)
    if existing:
        return existing
    try:
        with transaction.atomic():
            now = timezone.now()
            post = Post.objects.create(
                thread=thread, author=author, body=body, created_at=now, client_token=client_token
            )
            # One's own reply does not make the thread unread for oneself: a visit that
            # covered everything before it now covers the reply too (a visit that did not
            # stays, so replies by others since then remain marked).
            ThreadVisit.objects.filter(
                user=author, thread=thread,
                seen_at__gte=Thread.objects.filter(pk=thread.pk).values("last_activity_at"),
            ).update(seen_at=now)
            Thread.objects.filter(pk=thread.pk).update(
                reply_count=F("reply_count") + 1, last_activity_at=now
            )
            Activity.objects.create(
                group=group, folder=thread.folder, thread=thread, post=post,
                kind=Activity.Kind.REPLY, actor=author, created_at=now,
            )
            _follow_on_posting(author, group)
            for upload, name, content_type in checked:
                _store(upload=upload, name=name, content_type=content_type, uploader=author,
                       post=post, group=group, folder=thread.folder, thread=thread, now=now)
    except IntegrityError:
        existing = _existing_post(author, client_token)
        if existing:
            return existing
        raise
    return post


def new_client_token() -> uuid.UUID:
    return uuid.uuid4()



def record_group_news(*, page, actor=None):
    """A news page under a group was published. Only its first publication is a change;
    later edits are not signalled again."""
    group = page.get_parent().specific
    with transaction.atomic():
        if Activity.objects.filter(page=page, kind=Activity.Kind.NEWS).exists():
            return None
        return Activity.objects.create(group=group, kind=Activity.Kind.NEWS, page=page, actor=actor)

# --- Files ---------------------------------------------------------------------------


def _store(*, upload, name, content_type, uploader, group, folder, now, post=None, thread=None):
    attachment = Attachment(
        post=post, folder=None if post else folder, filename=name, content_type=content_type,
        size=upload.size, uploaded_by=uploader, created_at=now,
    )
    upload.seek(0)
    attachment.file.save(name, upload, save=False)
    attachment.save()
    Activity.objects.create(
        group=group, folder=folder, thread=thread, post=post, attachment=attachment,
        kind=Activity.Kind.FILE, actor=uploader, created_at=now,
    )
    return attachment


def upload_file(*, uploader, folder, upload) -> Attachment:
    """Upload a file straight into a folder. The content is checked, not the name."""
    if not access.can_upload(uploader, folder):
        raise PermissionDenied
    name, content_type = check_upload(upload)
    with transaction.atomic():
        return _store(upload=upload, name=name, content_type=content_type, uploader=uploader,
                      group=folder.group, folder=folder, now=timezone.now())


# --- Working groups: requests, invitations, removal ----------------------------------


def _mail(*, to, subject, body):
    from django.core.mail import send_mail

    def send():
        try:
            send_mail(subject, body, None, [to])
        except Exception:  # noqa: BLE001 - a failed mail must not undo the decision
            import logging

            logging.getLogger(__name__).exception("Could not send mail to %s", to)

    transaction.on_commit(send)


def request_join(*, user, group, message="") -> JoinRequest:
    if not access.can_request_join(user, group):
        raise PermissionDenied
    message = (message or "").strip()
    if len(message) > 1000:
        raise ValidationError(_("Uw toelichting is te lang: maximaal 1000 tekens."))
    existing = JoinRequest.objects.filter(user=user, group=group,
                                          status=JoinRequest.Status.PENDING).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(user=user, group=group, message=message)
            _mail_join_request(join_request)
            return join_request
    except IntegrityError:
        return JoinRequest.objects.get(user=user, group=group, status=JoinRequest.Status.PENDING)


def _mail_join_request(join_request):
    """Tell the group's coordinators (or, for a group without one, the editors) that
    someone asks to join, with a link to the requests page."""
    from django.conf import settings as conf

    group, user = join_request.group, join_request.user
    deciders = User.objects.filter(
        memberships__group=group, memberships__role=Membership.Role.COORDINATOR, is_active=True)
    if not deciders.exists():
        deciders = access.editors()
    recipients = [(d.first_name or d.display_name, d.email) for d in deciders]
    who = user.display_name + (f" ({user.organisation})" if user.organisation_id else "")
    note = join_request.message or _("(geen toelichting)")
    for name, address in recipients:
        _mail(to=address, subject=_("OOV-netwerk: verzoek om deel te nemen aan %(group)s") % {
            "group": group.title}, body=_(
            "Beste %(name)s,\n\n%(who)s vraagt om deel te nemen aan %(group)s.\n\n"
            "Toelichting:\n%(note)s\n\nU kunt het verzoek hier toekennen of afwijzen:\n%(url)s\n\n"
            "Met vriendelijke groet,\nDe redactie van het OOV-netwerk (VNG)") % {
            "name": name, "who": who, "group": group.title, "note": note,
            "url": conf.SITE_URL + group.url + "verzoeken/"})


@transaction.atomic
def decide_join_request(*, join_request, actor, approve: bool) -> JoinRequest:
    """A coordinator of the group (or an editor) admits or refuses; the asker is mailed."""
    group = join_request.group
    if not access.can_manage_group(actor, group):
        raise PermissionDenied
    locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if locked.status != JoinRequest.Status.PENDING:
        return locked
    locked.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.REFUSED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    user = locked.user
    from django.conf import settings as conf

    url = conf.SITE_URL + group.url
    if approve:
        add_member(user=user, group=group)
        subject = _("OOV-netwerk: u bent toegelaten tot %(group)s") % {"group": group.title}
        body = _("Beste %(name)s,\n\nU bent toegelaten tot %(group)s, een besloten werkgroep "
                 "van het OOV-netwerk. U vindt de groep hier:\n%(url)s\n\nMet vriendelijke "
                 "groet,\nDe redactie van het OOV-netwerk (VNG)") % {
            "name": user.first_name or user.display_name, "group": group.title, "url": url}
    else:
        subject = _("OOV-netwerk: uw verzoek voor %(group)s") % {"group": group.title}
        body = _("Beste %(name)s,\n\nUw verzoek om deel te nemen aan %(group)s is niet "
                 "toegekend. Heeft u vragen? Neem dan contact op met de coördinator van de "
                 "groep of met de redactie.\n\nMet vriendelijke groet,\nDe redactie van het "
                 "OOV-netwerk (VNG)") % {"name": user.first_name or user.display_name,
                                         "group": group.title}
    _mail(to=user.email, subject=subject, body=body)
    return locked


def remove_member_by(*, actor, group, user) -> None:
    if not access.can_manage_group(actor, group):
        raise PermissionDenied
    remove_member(user=user, group=group)


# --- Folders (coordinators and editors) ----------------------------------------------


def _check_manage(actor, group):
    if not access.can_manage_group(actor, group):
        raise PermissionDenied


def _folder_title(title):
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Geef de map een naam."))
    if len(title) > 120:
        raise ValidationError(_("De naam is te lang: maximaal 120 tekens."))
    return title


def add_folder(*, actor, group, title, description="") -> Folder:
    _check_manage(actor, group)
    title = _folder_title(title)
    from django.utils.text import slugify

    base = slugify(title)[:100] or "map"
    slug, n = base, 1
    while Folder.objects.filter(group=group, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    if Folder.objects.filter(group=group, title__iexact=title).exists():
        raise ValidationError(_("Er is al een map met deze naam."))
    folder = create_folder(group=group, title=title, description=(description or "")[:300])
    if folder.slug != slug:
        folder.slug = slug
        folder.save(update_fields=["slug"])
    return folder


def rename_folder(*, actor, folder, title) -> Folder:
    _check_manage(actor, folder.group)
    folder.title = _folder_title(title)
    folder.save(update_fields=["title"])
    return folder


@transaction.atomic
def move_folder(*, actor, folder, direction: int) -> None:
    """Swap the folder with its neighbour (direction -1 up, +1 down)."""
    _check_manage(actor, folder.group)
    folders = list(Folder.objects.filter(group=folder.group).select_for_update())
    folders.sort(key=lambda f: (f.position, f.title))
    index = next(i for i, f in enumerate(folders) if f.pk == folder.pk)
    other = index + direction
    if 0 <= other < len(folders):
        folders[index], folders[other] = folders[other], folders[index]
    for position, item in enumerate(folders, start=1):
        if item.position != position:
            Folder.objects.filter(pk=item.pk).update(position=position)


def set_folder_archived(*, actor, folder, archived: bool) -> Folder:
    _check_manage(actor, folder.group)
    folder.is_archived = archived
    folder.save(update_fields=["is_archived"])
    return folder


# --- Own posts: quote, edit, delete; last visit --------------------------------------


def _quote_html(author, quoted, thread):
    if quoted.thread_id != thread.pk or not access.can_read_post_body(author, quoted):
        raise ValidationError(_("Het geciteerde bericht bestaat niet (meer)."))
    from django.utils.html import escape

    from .sanitise import excerpt

    who = quoted.author.display_name if quoted.author else _("voormalig lid")
    return clean_html(
        f"<blockquote><p><strong>{escape(who)}:</strong> {escape(excerpt(quoted.body, 500, own_words=True))}"
        "</p></blockquote>"
    )


def edit_post(*, user, post, body) -> Post:
    if not access.can_edit_post(user, post):
        raise PermissionDenied
    post.body = _clean_body(body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "edited_at"])
    return post


def delete_post(*, user, post) -> Post:
    """The author removes their post: it keeps its place, shown as removed."""
    if not access.can_edit_post(user, post):
        raise PermissionDenied
    post.is_removed = True
    post.edited_at = timezone.now()
    post.save(update_fields=["is_removed", "edited_at"])
    return post


def mark_thread_seen(*, user, thread, at=None) -> None:
    """Record that the user has read the thread as it was at `at` (default now). A thread
    loaded with selectors.with_last_visit() whose last visit already covers its latest
    activity needs no write: re-reading an unchanged thread costs nothing."""
    if not access.is_active_account(user):
        return
    seen_before = getattr(thread, "seen_at", None)
    if seen_before is not None and seen_before >= thread.last_activity_at:
        return
    # One upsert statement per thread view.
    ThreadVisit.objects.bulk_create(
        [ThreadVisit(user=user, thread=thread, seen_at=at or timezone.now())],
        update_conflicts=True, unique_fields=["user", "thread"], update_fields=["seen_at"],
    )


# --- Moderation ----------------------------------------------------------------------


def report_post(*, user, post, reason) -> PostReport:
    if not access.can_report(user, post):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Geef aan waarom u dit bericht meldt."))
    if len(reason) > 1000:
        raise ValidationError(_("Uw toelichting is te lang: maximaal 1000 tekens."))
    existing = PostReport.objects.filter(post=post, reporter=user, resolved_at__isnull=True).first()
    if existing:
        return existing
    return PostReport.objects.create(post=post, reporter=user, reason=reason)


def _log(*, actor, kind, group, thread=None, post=None, note=""):
    return ModerationAction.objects.create(actor=actor, kind=kind, group=group, thread=thread,
                                           post=post, note=note[:300])


@transaction.atomic
def set_post_hidden(*, actor, post, hidden: bool) -> Post:
    group = post.thread.group
    if not access.can_moderate(actor, group):
        raise PermissionDenied
    post.is_hidden = hidden
    post.save(update_fields=["is_hidden"])
    if hidden:
        PostReport.objects.filter(post=post, resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolved_by=actor)
    _log(actor=actor, kind=ModerationAction.Kind.HIDE if hidden else ModerationAction.Kind.RESTORE,
         group=group, thread=post.thread, post=post)
    return post


@transaction.atomic
def dismiss_reports(*, actor, post) -> None:
    group = post.thread.group
    if not access.can_moderate(actor, group):
        raise PermissionDenied
    PostReport.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=actor)
    _log(actor=actor, kind=ModerationAction.Kind.DISMISS, group=group, thread=post.thread, post=post)


@transaction.atomic
def set_thread_flag(*, actor, thread, flag: str, value: bool) -> Thread:
    if not access.can_moderate(actor, thread.group):
        raise PermissionDenied
    kinds = {
        ("is_locked", True): ModerationAction.Kind.LOCK,
        ("is_locked", False): ModerationAction.Kind.UNLOCK,
        ("is_pinned", True): ModerationAction.Kind.PIN,
        ("is_pinned", False): ModerationAction.Kind.UNPIN,
    }
    kind = kinds[(flag, bool(value))]
    setattr(thread, flag, bool(value))
    thread.save(update_fields=[flag])
    _log(actor=actor, kind=kind, group=thread.group, thread=thread)
    return thread


@transaction.atomic
def move_thread(*, actor, thread, folder) -> Thread:
    """Move a thread into another folder, possibly of another group. Its posts and files
    follow at once: access is derived from the thread's current group. A move is not a new
    change: the thread's earlier changes stay recorded under the old group, and the signal
    mail leaves out changes whose thread is no longer in that group (community.access), so
    nobody hears of them twice and the old group's followers are not told about them."""
    old_group = thread.group
    if not access.can_moderate(actor, old_group) or not access.can_moderate(actor, folder.group):
        raise PermissionDenied
    if folder.is_archived:
        raise ValidationError(_("Een onderwerp kan niet naar een gearchiveerde map."))
    thread.group = folder.group
    thread.folder = folder
    thread.save(update_fields=["group", "folder"])
    if folder.group_id == old_group.pk:
        Activity.objects.filter(thread=thread).update(folder=folder)
    _log(actor=actor, kind=ModerationAction.Kind.MOVE, group=old_group, thread=thread,
         note=f"{old_group.title} → {folder.group.title} / {folder.title}")
    return thread
