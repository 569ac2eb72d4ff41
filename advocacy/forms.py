from django import forms
from django.utils.translation import gettext_lazy as _

from taxonomy.models import Topic


class KnelpuntForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Omschrijving"), widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Waar loopt uw organisatie tegenaan, en wat is het gevolg?"),
    )
    topic = forms.ModelChoiceField(label=_("Thema"), queryset=Topic.objects.all(), required=False,
                                   empty_label=_("(geen thema)"))
    regulation = forms.CharField(label=_("Wet of regel"), max_length=200,
                                 help_text=_("Bijvoorbeeld: Gemeentewet, artikel 174a."))
    client_token = forms.UUIDField(widget=forms.HiddenInput)


class SupportForm(forms.Form):
    comment = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hoe speelt dit knelpunt bij uw organisatie?"),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Uw antwoord"), widget=forms.Textarea(attrs={"rows": 6}))
