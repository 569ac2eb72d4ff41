"""Writes for accounts: applications, invitations, deactivation, the member's own data.

Keyword-only verbs, like community.services. Mails go out after the transaction commits,
so a rolled-back decision never mails anyone.
"""

import uuid
from datetime import timedelta

from allauth.account.adapter import get_adapter
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access, services
from .emails import find_organisation_domain, normalise_domain, normalise_email
from .models import (
    Application,
    Invitation,
    JoinRequest,
    Membership,
    OrganisationDomain,
    Post,
    User,
)

INVITATION_SALT = "community.invitation"


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _mail(template_prefix: str, email: str, context: dict) -> None:
    """Send one of our account mails (templates/account/email/<prefix>_subject/message.txt)
    once the surrounding transaction has committed."""

    context = {"site_url": settings.SITE_URL, "email": email, **context}

    def send():
        subject = render_to_string(f"{template_prefix}_subject.txt", context).strip()
        body = render_to_string(f"{template_prefix}_message.txt", context)
        EmailMessage(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.splitlines()),
                     body, to=[email]).send()

    transaction.on_commit(send)


def password_set_url(user) -> str:
    """A link to choose a password (allauth's password-reset-by-key flow)."""
    key = default_token_generator.make_token(user)
    path = reverse("account_reset_password_from_key",
                   kwargs={"uidb36": user_pk_to_url_str(user), "key": key})
    return _absolute(path)


def _new_account(*, email, first_name, last_name, function, organisation, kind) -> User:
    """An active account with a verified address and no usable password yet."""
    username = get_adapter().generate_unique_username([first_name, last_name, email, "lid"])
    user = User(
        username=username, email=email, first_name=first_name, last_name=last_name,
        function=function, organisation=organisation, kind=kind, is_active=True,
    )
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


# --- Applications ------------------------------------------------------------------------


def submit_application(*, first_name, last_name, email, function, organisation_name,
                       motivation) -> Application | None:
    """Store an application. The caller answers the same whatever happens here: an
    address that already has an account, or already has an application waiting, gets a
    mail saying so and no new row (no account enumeration; double submissions make one)."""
    email = normalise_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        _mail("account/email/application_account_exists", email,
              {"email": email, "password_reset_url": _absolute(reverse("account_reset_password"))})
        return None
    if Application.objects.filter(email=email, status=Application.Status.PENDING).exists():
        return None
    try:
        with transaction.atomic():
            application = Application.objects.create(
                first_name=first_name.strip(), last_name=last_name.strip(), email=email,
                function=function.strip(), organisation_name=organisation_name.strip(),
                motivation=motivation.strip(),
            )
    except IntegrityError:
        return None  # a concurrent double submission: the first one stands
    _mail("account/email/application_received", email, {"application": application})
    return application


@transaction.atomic
def approve_application(*, application, editor, organisation, add_domain=False,
                        include_subdomains=False, reason="") -> User:
    """Approve: create the account (verified address, no password), optionally add the
    applicant's domain to the organisation, and mail the login name with a link to set a
    password. Never a password in a mail."""
    if not access.can_review_applications(editor):
        raise PermissionDenied
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.PENDING:
        raise ValidationError(_("Over deze aanvraag is al besloten."))
    if organisation is None:
        raise ValidationError(_("Kies de organisatie waar de aanvrager werkt."))
    if User.objects.filter(email__iexact=application.email).exists():
        raise ValidationError(_("Bij dit e-mailadres hoort al een account."))
    if add_domain:
        domain = normalise_domain(application.domain)
        existing = OrganisationDomain.objects.filter(domain=domain).first()
        if existing and existing.organisation_id != organisation.pk:
            raise ValidationError(
                _("Het domein %(domain)s hoort al bij %(organisation)s.")
                % {"domain": domain, "organisation": existing.organisation}
            )
        if not existing:
            OrganisationDomain.objects.create(organisation=organisation, domain=domain,
                                              include_subdomains=include_subdomains)
    user = _new_account(
        email=application.email, first_name=application.first_name,
        last_name=application.last_name, function=application.function,
        organisation=organisation, kind=User.Kind.MEMBER,
    )
    application.status = Application.Status.APPROVED
    application.organisation = organisation
    application.user = user
    application.reason = (reason or "").strip()
    application.decided_by = editor
    application.decided_at = timezone.now()
    application.save()
    _mail("account/email/application_approved", user.email, {
        "user": user, "application": application, "login_name": user.email,
        "password_set_url": password_set_url(user),
        "login_url": _absolute(reverse("account_login")),
    })
    return user


@transaction.atomic
def reject_application(*, application, editor, reason) -> Application:
    if not access.can_review_applications(editor):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Geef een reden op; de aanvrager krijgt deze te lezen."))
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.PENDING:
        raise ValidationError(_("Over deze aanvraag is al besloten."))
    application.status = Application.Status.REJECTED
    application.reason = reason
    application.decided_by = editor
    application.decided_at = timezone.now()
    application.save()
    _mail("account/email/application_rejected", application.email, {"application": application})
    return application


# --- Unverified sign-ups -----------------------------------------------------------------


def expire_unverified_accounts(*, days=None, now=None) -> int:
    """Delete sign-ups whose address was never verified within `days` days. Accounts
    with a verified address, staff and superusers are never touched."""
    days = settings.UNVERIFIED_ACCOUNT_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    signed_up = EmailAddress.objects.filter(verified=False).values("user_id")
    # Only accounts that came through sign-up (an unverified address on record); accounts
    # made in the CMS or the shell have none and are left alone.
    stale = User.objects.filter(
        pk__in=signed_up, date_joined__lt=cutoff, is_staff=False, is_superuser=False,
        last_login__isnull=True,
    ).exclude(pk__in=verified)
    count = 0
    for user in stale.iterator():
        # Nothing of theirs can exist (an unverified account cannot log in); be safe anyway.
        if Post.objects.filter(author=user).exists():
            continue
        user.delete()
        count += 1
    return count


# --- Invitations -------------------------------------------------------------------------


def invitation_token(invitation) -> str:
    return signing.dumps(str(invitation.nonce), salt=INVITATION_SALT)


def invitation_url(invitation) -> str:
    return _absolute(reverse("accounts:invitation", args=[invitation_token(invitation)]))


def invitation_from_token(token) -> Invitation | None:
    """The open invitation behind a link, or None (tampered, expired or used)."""
    try:
        nonce = signing.loads(token, salt=INVITATION_SALT,
                              max_age=timedelta(days=settings.INVITATION_DAYS))
        nonce = uuid.UUID(nonce)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    invitation = Invitation.objects.select_related("group").filter(nonce=nonce).first()
    if invitation is None or not invitation.is_open or not invitation.group.live:
        return None
    return invitation


@transaction.atomic
def invite(*, inviter, group, email) -> Invitation:
    """Invite someone by e-mail into a working group (whatever their domain)."""
    if not access.can_invite(inviter, group):
        raise PermissionDenied
    email = normalise_email(email).lower()
    now = timezone.now()
    invitation = Invitation.objects.filter(
        group=group, email=email, accepted_at__isnull=True, expires_at__gt=now
    ).first()
    if invitation is None:
        invitation = Invitation.objects.create(
            group=group, email=email, invited_by=inviter, nonce=uuid.uuid4(),
            expires_at=now + timedelta(days=settings.INVITATION_DAYS),
        )
    _mail("account/email/invitation", email, {
        "invitation": invitation, "group_title": group.title,
        "inviter_name": inviter.display_name, "url": invitation_url(invitation),
        "days": settings.INVITATION_DAYS,
    })
    return invitation


def _normalised(address) -> str:
    try:
        return normalise_email(address or "").lower()
    except ValidationError:
        return (address or "").strip().lower()


def invitation_is_for(invitation, user) -> bool:
    """An invitation binds to the address it was sent to: only the account whose
    (normalised) e-mail address is that address may accept it."""
    return bool(user.email) and _normalised(user.email) == _normalised(invitation.email)


def wrong_account_message() -> str:
    return _("Deze uitnodiging is verstuurd naar een ander e-mailadres dan dat van uw account. "
             "Alleen de persoon aan wie de uitnodiging is gericht, kan haar aannemen. Is het uw "
             "uitnodiging? Log dan uit en open de link opnieuw, of vraag de coördinator om een "
             "uitnodiging voor het adres van uw account.")


def revoke_open_invitations(*, user, group) -> int:
    """Delete the open (not accepted) invitations for any of the user's addresses to the
    group, so an old link cannot re-admit them after a removal or a direct admission."""
    addresses = {_normalised(user.email)} if user.email else set()
    addresses |= {_normalised(a) for a in
                  EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    addresses.discard("")
    if not addresses:
        return 0
    deleted, _rows = Invitation.objects.filter(
        group=group, accepted_at__isnull=True, email__in=addresses).delete()
    return deleted


def open_invitations(group):
    return Invitation.objects.filter(group=group, accepted_at__isnull=True,
                                     expires_at__gt=timezone.now()).order_by("email")


@transaction.atomic
def revoke_invitation(*, actor, invitation) -> None:
    """A coordinator or editor withdraws an open invitation; its link stops working."""
    if not (access.can_invite(actor, invitation.group)
            or access.can_manage_group(actor, invitation.group)):
        raise PermissionDenied
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).delete()


@transaction.atomic
def accept_invitation(*, invitation, user) -> Membership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(_("Deze uitnodiging is verlopen of al gebruikt."))
    if not invitation_is_for(invitation, user):
        raise ValidationError(wrong_account_message(), code="wrong_account")
    # Mark it used first: add_member revokes the other open invitations of this address.
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    membership = services.add_member(user=user, group=invitation.group)
    JoinRequest.objects.filter(user=user, group=invitation.group,
                               status=JoinRequest.Status.PENDING).update(
        status=JoinRequest.Status.APPROVED, decided_by=invitation.invited_by,
        decided_at=invitation.accepted_at)
    return membership


@transaction.atomic
def register_invited(*, invitation, first_name, last_name, function, password) -> User:
    """Create the account of an invited person. The link proved the address, so it is
    verified at once. A municipal address makes a member; any other address a guest."""
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("Bij dit e-mailadres hoort al een account. Log in om de "
                                "uitnodiging aan te nemen."))
    match = find_organisation_domain(invitation.email.rsplit("@", 1)[1])
    if match and match.organisation.kind != match.organisation.Kind.EXTERNAL:
        kind, organisation = User.Kind.MEMBER, match.organisation
    else:
        kind, organisation = User.Kind.GUEST, None
    user = _new_account(
        email=invitation.email, first_name=first_name.strip(), last_name=last_name.strip(),
        function=function.strip(), organisation=organisation, kind=kind,
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    accept_invitation(invitation=invitation, user=user)
    return user


# --- Deactivation and the member's own account -------------------------------------------

PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTO_SIZE = 400


def clean_photo(upload):
    """Check an uploaded profile photo and return it re-encoded as JPEG bytes (no
    metadata, at most 400x400). Raises ValidationError with a Dutch message."""
    from io import BytesIO

    from PIL import Image, UnidentifiedImageError

    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(_("De foto is te groot: maximaal 2 MB."))
    try:
        image = Image.open(upload)
        if image.format not in ("JPEG", "PNG"):
            raise ValidationError(_("Kies een JPEG- of PNG-bestand."))
        image.verify()
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("Dit bestand is geen bruikbare foto. Kies een JPEG- of PNG-bestand.")) from exc
    image = image.convert("RGB")
    image.thumbnail((PHOTO_SIZE, PHOTO_SIZE))
    out = BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def set_profile_photo(*, user, jpeg_bytes=None, remove=False) -> None:
    from django.core.files.base import ContentFile

    old = user.photo.name if user.photo else ""
    if jpeg_bytes:
        user.photo.save(f"{uuid.uuid4().hex}.jpg", ContentFile(jpeg_bytes), save=False)
    elif remove:
        user.photo = ""
    else:
        return
    user.save(update_fields=["photo"])
    if old and old != user.photo.name:
        user.photo.storage.delete(old)



def deactivate_account(*, user) -> None:
    """Editors switch an account off. Django refuses an inactive user's session on its
    next request, and the signal mail pipeline skips inactive users."""
    User.objects.filter(pk=user.pk).update(is_active=False)
    access.forget(user)


def change_email(*, user, email) -> None:
    """After a verified address change: the organisation follows the new domain."""
    match = find_organisation_domain(email.rsplit("@", 1)[1])
    if match and user.kind == User.Kind.MEMBER:
        User.objects.filter(pk=user.pk).update(organisation=match.organisation)


# Other apps add their own section to "download my data" (e.g. knelpunten) without
# community importing them: register_export("knelpunten", func) in their AppConfig.ready,
# where func(user) returns JSON-ready data.
_EXPORTS: dict = {}


def register_export(key: str, func) -> None:
    _EXPORTS[key] = func


def export_data(*, user) -> dict:
    """Everything we hold about the member, as plain data (download my data)."""
    posts = Post.objects.filter(author=user).select_related("thread", "thread__group")
    data = {
        "profile": {
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "function": user.function,
            "organisation": str(user.organisation) if user.organisation_id else None,
            "kind": user.kind,
            "date_joined": user.date_joined.isoformat(),
            "default_signal_frequency": user.default_signal_frequency,
            "has_photo": bool(user.photo),
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
        "follows": [
            {"group": m.group.title, "role": m.role, "signal_frequency": m.signal_frequency,
             "since": m.created_at.isoformat()}
            for m in Membership.objects.filter(user=user).select_related("group")
        ],
        "posts": [
            {"id": p.pk, "group": p.thread.group.title, "thread": p.thread.title,
             "created_at": p.created_at.isoformat(), "body": p.body, "removed": p.is_removed}
            for p in posts
        ],
    }
    for key, func in _EXPORTS.items():
        data[key] = func(user)
    return data


@transaction.atomic
def delete_account(*, user) -> None:
    """Personal data goes; posts and threads stay, shown as by "voormalig lid"
    (Post.author and Thread.author are SET_NULL)."""
    photo = user.photo.name if user.photo else ""
    storage = user.photo.storage
    addresses = list(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    addresses.append(user.email)
    Application.objects.filter(Q(user=user) | Q(email__in=addresses)).delete()
    Invitation.objects.filter(Q(accepted_by=user) | Q(email__in=addresses)).delete()
    user.delete()
    if photo:
        transaction.on_commit(lambda: storage.delete(photo))
