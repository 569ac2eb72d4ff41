import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Topic

# Every free text a member types here has a limit (Django's Dutch message names it): long
# enough for a careful account, short enough that nobody pastes a book into the register
# or into an export.
TITLE_MAX = 200
DESCRIPTION_MAX = 10_000
COMMENT_MAX = 2_000
ANSWER_MAX = 10_000

TOKEN_EXPIRED = _("Het formulier is verlopen of onvolledig; controleer de gegevens en verstuur "
                  "het opnieuw.")


class KnelpuntForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=TITLE_MAX)
    description = forms.CharField(
        label=_("Omschrijving"), max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Waar loopt uw organisatie tegenaan, en wat is het gevolg? "
                    "(maximaal 10.000 tekens)"),
    )
    topic = forms.ModelChoiceField(label=_("Thema"), queryset=Topic.objects.all(), required=False,
                                   empty_label=_("(geen thema)"))
    regulation = forms.CharField(label=_("Wet of regel"), max_length=TITLE_MAX,
                                 help_text=_("Bijvoorbeeld: Gemeentewet, artikel 174a."))
    # Makes a double submission one knelpunt. The member never sees it, so a missing or
    # mangled token is said in words (a non-field error) and replaced by a fresh one:
    # sending the form again then works.
    client_token = forms.UUIDField(widget=forms.HiddenInput)

    @staticmethod
    def new_token():
        return uuid.uuid4()

    def _post_clean(self):
        super()._post_clean()
        if self.has_error("client_token"):
            del self._errors["client_token"]
            self.add_error(None, TOKEN_EXPIRED)
            self.data = self.data.copy()
            self.data[self.add_prefix("client_token")] = str(self.new_token())


class SupportForm(forms.Form):
    comment = forms.CharField(
        label=_("Toelichting"), required=False, max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hoe speelt dit knelpunt bij uw organisatie? (maximaal 2.000 tekens)"),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Uw antwoord"), max_length=ANSWER_MAX,
                             widget=forms.Textarea(attrs={"rows": 6}),
                             help_text=_("Maximaal 10.000 tekens."))
