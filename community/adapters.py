import time
from datetime import UTC, datetime

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .emails import organisation_for_email


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is only for addresses at a registered organisation domain."""

    # allauth's Dutch says "jou"; the portal addresses its users with "u" everywhere.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _(
            "Het e-mailadres en/of het wachtwoord dat u opgaf, is niet juist."),
    }

    # Setting up a first second factor right after a password login does not ask for the
    # password again (the portal sends editors there straight from the login), nor does
    # reading the recovery codes that setup just made. Once an account has a second factor
    # from before this login, everything allauth guards this way — turning it off, new
    # recovery codes, another authenticator — asks for the password, as allauth does.
    FRESH_LOGIN_SECONDS = 300

    def is_reauthentication_required(self, *, app, **kwargs):
        required = super().is_reauthentication_required(app=app, **kwargs)
        request = getattr(self, "request", None) or context.request
        if not required or app != "allauth.mfa" or request is None:
            return required
        if not request.user.is_authenticated:
            return required
        records = get_authentication_records(request, request.user)
        logins = [r["at"] for r in records if r.get("method") == "password" and "at" in r]
        if not logins or logins[-1] < time.time() - self.FRESH_LOGIN_SECONDS:
            return required
        login_at = logins[-1]
        older = Authenticator.objects.filter(
            user=request.user, created_at__lt=datetime.fromtimestamp(login_at, tz=UTC))
        return older.exists()

    def clean_email(self, email):
        email = super().clean_email(email)
        try:
            address, organisation = organisation_for_email(email)
        except ValidationError as exc:
            raise ValidationError(exc.messages[0], code=exc.code) from exc
        # Shown on the "verification sent" page. Derived from the domain only, so the page
        # reads the same whether or not the address already has an account.
        request = getattr(self, "request", None) or context.request
        if request is not None and hasattr(request, "session"):
            request.session["signup_organisation"] = str(organisation)
        return address

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.first_name = data.get("first_name", "").strip()
        user.last_name = data.get("last_name", "").strip()
        user.function = data.get("function", "").strip()
        _address, user.organisation = organisation_for_email(user.email)
        if commit:
            user.save()
        return user

