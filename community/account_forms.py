"""Forms that subclass allauth's (kept apart from community.forms, which allauth itself
imports through ACCOUNT_SIGNUP_FORM_CLASS)."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import NormalisedEmailField


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form with the normalising e-mail field (ACCOUNT_FORMS)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        old = self.fields["email"]
        self.fields["email"] = NormalisedEmailField(
            label=_("E-mailadres van uw werk"),
            help_text=_("Bijvoorbeeld naam@gemeente.nl. Hieraan herkennen we uw organisatie."),
            widget=forms.EmailInput(attrs={"autocomplete": "email"}),
            required=old.required,
        )
        self.order_fields(["first_name", "last_name", "function", "email", "password1", "password2"])
