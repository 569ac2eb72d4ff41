from django import forms
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Topic

from .emails import normalise_email
from .models import SignalFrequency


class LenientHiddenMixin:
    """A hidden field that the member never sees nor can correct: a missing or mangled value
    (a broken client) is dropped (None) rather than blocking the form with an error."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        try:
            return super().clean(value)
        except forms.ValidationError:
            return None


class SubmissionTokenField(LenientHiddenMixin, forms.UUIDField):
    """The hidden per-form token that makes a double submission create one post. Without a
    valid one the post is accepted without double-submit protection."""


class HiddenIdField(LenientHiddenMixin, forms.IntegerField):
    """A hidden reference such as the post being quoted; a bad one means no reference."""


class NormalisedEmailField(forms.CharField):
    """An e-mail field that normalises before it validates (trim, lower-case IDNA
    domain, no trailing dot) and says what is wrong in Dutch."""

    widget = forms.EmailInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return normalise_email(value) if value else value


class SignupExtraForm(forms.Form):
    """Extra fields on allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    first_name = forms.CharField(label=_("Voornaam"), max_length=150,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Achternaam"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    function = forms.CharField(label=_("Functie"), max_length=150, required=False,
                               help_text=_("Bijvoorbeeld: beleidsadviseur openbare orde."),
                               widget=forms.TextInput(attrs={"autocomplete": "organization-title"}))

    field_order = ["first_name", "last_name", "function", "email", "password1", "password2"]

    def signup(self, request, user):
        # Names and organisation are set by the adapter's save_user; nothing left here.
        pass


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Uw bericht"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Een witregel begint een nieuwe alinea. Links worden klikbaar als u ze als "
                    "volledig adres typt (https://…)."),
    )
    client_token = SubmissionTokenField()
    bestand = forms.FileField(
        label=_("Bestand toevoegen"), required=False,
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, PNG of JPG."),
    )
    quote = HiddenIdField()


class ThreadForm(PostForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    topic = forms.ModelChoiceField(
        label=_("Thema"), required=False, queryset=Topic.objects.all(),
        empty_label=_("(geen thema)"),
        help_text=_("Met een thema is uw onderwerp ook te vinden via de kennisbank."),
    )

    field_order = ["title", "topic", "body", "client_token"]


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Signaleringsmail"), choices=SignalFrequency.choices)



class EditPostForm(forms.Form):
    body = forms.CharField(label=_("Uw bericht"), widget=forms.Textarea(attrs={"rows": 8}))


class FileForm(forms.Form):
    bestand = forms.FileField(
        label=_("Bestand"),
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument, PNG of JPG."),
    )


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Waarom wilt u deelnemen?"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Een korte toelichting voor de coördinator (maximaal 1000 tekens)."),
    )


class InviteForm(forms.Form):
    email = NormalisedEmailField(
        label=_("E-mailadres van de deelnemer"),
        help_text=_("De deelnemer moet al een account bij het OOV-netwerk hebben."),
    )


class FolderForm(forms.Form):
    title = forms.CharField(label=_("Naam van de map"), max_length=120)
    description = forms.CharField(label=_("Omschrijving"), max_length=300, required=False)


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom meldt u dit bericht?"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MoveThreadForm(forms.Form):
    folder = forms.TypedChoiceField(label=_("Verplaatsen naar map"), coerce=int, choices=())

    def __init__(self, *args, folders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["folder"].choices = [
            (f.pk, f"{f.group.title} – {f.title}") for f in folders
        ]
