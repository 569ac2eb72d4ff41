from django import forms
from django.utils.translation import gettext_lazy as _

from community import access
from community.models import GroupPage
from taxonomy.models import Topic

from . import search

KIND_CHOICES = [
    ("", _("Alles")),
    (search.KIND_ARTICLE, _("Kennisbankartikelen")),
    (search.KIND_PAGE, _("Pagina's")),
    (search.KIND_DOCUMENT, _("Documenten")),
    (search.KIND_THREAD, _("Discussies")),
    (search.KIND_POST, _("Reacties")),
]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Zoeken naar"), max_length=200, required=False,
                        help_text=_('Zet woorden tussen aanhalingstekens om op een precieze '
                                    'zin te zoeken, bijvoorbeeld "artikel 13b".'))
    soort = forms.ChoiceField(label=_("Soort"), choices=KIND_CHOICES, required=False)
    thema = forms.ModelChoiceField(label=_("Thema"), queryset=Topic.objects.all(),
                                   required=False, to_field_name="slug",
                                   empty_label=_("Alle thema's"))
    groep = forms.ModelChoiceField(label=_("Groep"), queryset=GroupPage.objects.none(),
                                   required=False, empty_label=_("Alle groepen"))
    sorteer = forms.ChoiceField(
        label=_("Volgorde"), required=False,
        choices=[("", _("Meest relevant")), ("nieuwste", _("Nieuwste eerst"))],
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only groups the user may see inside are offered (and accepted) as a filter.
        self.fields["groep"].queryset = (
            access.filter_visible(user, GroupPage.objects.live(), materialise=True)
            .only("id", "title").order_by("title")
        )
