"""Forms that subclass allauth's (kept apart from community.forms, which allauth itself
imports through ACCOUNT_SIGNUP_FORM_CLASS)."""

from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
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
        self.organisation = None

    def clean(self):
        from django.core.exceptions import ValidationError

        from .emails import organisation_for_email

        cleaned = super().clean()
        if cleaned.get("email"):
            try:
                self.organisation = organisation_for_email(cleaned["email"])[1]
            except ValidationError:
                self.organisation = None
        return cleaned


class ApplicationForm(forms.Form):
    """Apply for an account when one's organisation's domain is not on the list."""

    first_name = forms.CharField(label=_("Voornaam"), max_length=150,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Achternaam"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    email = NormalisedEmailField(
        label=_("E-mailadres van uw werk"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    function = forms.CharField(label=_("Functie"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "organization-title"}))
    organisation_name = forms.CharField(
        label=_("Organisatie"), max_length=200,
        help_text=_("De gemeente of het samenwerkingsverband waar u werkt."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    motivation = forms.CharField(
        label=_("Motivatie"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Waarom wilt u deelnemen, en waarom heeft u geen adres bij een bekend domein? "
                    "Maximaal 2000 tekens."),
    )


class InviteForm(forms.Form):
    email = NormalisedEmailField(
        label=_("E-mailadres van de genodigde"),
        help_text=_("Ook adressen buiten gemeenten, bijvoorbeeld van het Rijk."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class InvitedSignupForm(forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=150,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Achternaam"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    function = forms.CharField(label=_("Functie"), max_length=150, required=False,
                               widget=forms.TextInput(attrs={"autocomplete": "organization-title"}))
    password1 = forms.CharField(label=_("Wachtwoord"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Wachtwoord (bevestigen)"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, email="", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        from django.contrib.auth import password_validation

        from .models import User

        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        elif p1:
            probe = User(email=self.email, first_name=data.get("first_name", ""),
                         last_name=data.get("last_name", ""))
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ApplicationDecisionForm(forms.Form):
    """The editor's decision on an application (CMS)."""

    decision = forms.ChoiceField(
        label=_("Besluit"), widget=forms.RadioSelect,
        choices=[("approve", _("Goedkeuren")), ("reject", _("Afwijzen"))],
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"), required=False, queryset=None,
        help_text=_("Verplicht bij goedkeuren: de organisatie waar de aanvrager werkt."),
    )
    add_domain = forms.BooleanField(
        label=_("Voeg het e-maildomein van de aanvrager toe aan deze organisatie"), required=False,
    )
    reason = forms.CharField(
        label=_("Toelichting voor de aanvrager"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij afwijzen; komt in de mail aan de aanvrager."),
    )

    def __init__(self, *args, **kwargs):
        from .models import Organisation

        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "approve" and not data.get("organisation"):
            self.add_error("organisation", _("Kies de organisatie waar de aanvrager werkt."))
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Geef een reden op; de aanvrager krijgt deze te lezen."))
        return data


class ProfileForm(forms.Form):
    photo = forms.FileField(
        label=_("Foto"), required=False,
        help_text=_("Een JPEG- of PNG-bestand van maximaal 2 MB. Alleen deelnemers zien uw foto."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    remove_photo = forms.BooleanField(label=_("Foto verwijderen"), required=False)
    first_name = forms.CharField(label=_("Voornaam"), max_length=150,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Achternaam"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    function = forms.CharField(label=_("Functie"), max_length=150, required=False,
                               widget=forms.TextInput(attrs={"autocomplete": "organization-title"}))

    field_order = ["first_name", "last_name", "function", "photo", "remove_photo"]

    def clean_photo(self):
        from .accounts_services import clean_photo

        upload = self.cleaned_data.get("photo")
        return clean_photo(upload) if upload else None


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Uw wachtwoord"), strip=False,
        help_text=_("Ter bevestiging. Verwijderen kan niet ongedaan worden gemaakt."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Dit wachtwoord klopt niet."))
        return password


class ResetPasswordForm(AllauthResetPasswordForm):
    """allauth's reset form without the sign-up domain rule: guests and accounts whose
    organisation domain changed must be able to reset too. The answer stays the same for
    known and unknown addresses (ACCOUNT_PREVENT_ENUMERATION)."""

    def clean_email(self):
        from allauth.account.internal.userkit import filter_users_by_email
        from django.core.exceptions import ValidationError as _ValidationError

        from .emails import normalise_email

        try:
            email = normalise_email(self.cleaned_data["email"])
        except _ValidationError as exc:
            raise forms.ValidationError(exc.messages[0]) from exc
        self.users = filter_users_by_email(email, is_active=True, prefer_verified=True, for_login=True)
        return email
