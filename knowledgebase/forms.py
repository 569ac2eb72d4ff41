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
    """The search form. Topic and group are offered as plain (value, label) choices read
    once per form: rendering and checking them asks nothing more of the database. Cleaned,
    they are ids (topic by its slug in the address; only groups the user may see inside)."""

    q = forms.CharField(label=_("Zoeken naar"), max_length=200, required=False,
                        help_text=_('Zet woorden tussen aanhalingstekens om op een precieze '
                                    'zin te zoeken, bijvoorbeeld "artikel 13b".'))
    soort = forms.ChoiceField(label=_("Soort"), choices=KIND_CHOICES, required=False)
    thema = forms.TypedChoiceField(label=_("Thema"), required=False, empty_value=None)
    groep = forms.TypedChoiceField(label=_("Groep"), required=False, coerce=int,
                                   empty_value=None)
    sorteer = forms.ChoiceField(
        label=_("Volgorde"), required=False,
        choices=[("", _("Meest relevant")), ("nieuwste", _("Nieuwste eerst"))],
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        topics = list(Topic.objects.order_by("name").values_list("pk", "slug", "name"))
        topic_ids = {slug: pk for pk, slug, _name in topics}
        self.fields["thema"].choices = [("", _("Alle thema's"))] + [
            (slug, name) for _pk, slug, name in topics]
        self.fields["thema"].coerce = topic_ids.__getitem__
        # Only groups the user may see inside are offered (and accepted) as a filter.
        groups = (access.filter_visible(user, GroupPage.objects.live(), materialise=True)
                  .order_by("title").values_list("pk", "title"))
        self.fields["groep"].choices = [("", _("Alle groepen")), *groups]

    def clean_q(self):
        typed = self.cleaned_data["q"]
        q = search.normalise_query(typed)
        if typed.strip() and not search.query_terms(q):
            raise forms.ValidationError(
                _("Geef ten minste één zoekwoord van twee of meer letters of cijfers op. Een "
                  "woord met een minteken ervoor sluit alleen uit."),
                code="no_terms",
            )
        return q
