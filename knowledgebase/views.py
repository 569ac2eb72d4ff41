from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from home.routing import site_for_request

from . import search
from .forms import SearchForm

RESULTS_PER_PAGE = 20


def search_view(request):
    form = SearchForm(request.GET or None, user=request.user)
    context = {"form": form, "searched": False}
    if form.is_bound and form.is_valid() and not form.cleaned_data["q"].strip():
        # Filters chosen without a search word: say what is missing instead of nothing.
        context["needs_words"] = any(form.cleaned_data.values())
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        hits, counts = search.search(
            request.user, data["q"], kind=data["soort"] or None, topic=data["thema"],
            group=data["groep"], newest=data["sorteer"] == "nieuwste",
        )
        page_obj = Paginator(hits, RESULTS_PER_PAGE).get_page(request.GET.get("pagina"))
        site_for_request(request)  # (page URLs below: no query for the site)
        search.decorate(request.user, page_obj.object_list, data["q"], request)
        labels = dict(form.fields["soort"].choices)
        for hit in page_obj.object_list:
            hit.kind_label = labels[hit.kind]
        params = {k: v for k, v in request.GET.items() if k != "pagina" and v}
        current = data["soort"] or ""
        cap = search.CANDIDATES_PER_KIND
        # Results per kind, each a link to show only that kind ("Alles" for all of them).
        kind_links = [
            (labels[k], n, n >= cap, urlencode({**params, "soort": k}), k == current)
            for k, n in counts.items() if n or k == current
        ]
        if current or len(kind_links) > 1:
            all_params = {k: v for k, v in params.items() if k != "soort"}
            kind_links.insert(0, (labels[""], sum(counts.values()),
                                  any(n >= cap for n in counts.values()),
                                  urlencode(all_params), not current))
        context.update(
            searched=True, page_obj=page_obj, hits=page_obj.object_list,
            total=len(hits), query=data["q"], base_query=urlencode(params),
            kind_links=kind_links,
            capped=(counts.get(current, 0) >= cap if current
                    else any(n >= cap for n in counts.values())),
            max_per_kind=search.CANDIDATES_PER_KIND,
        )
    return TemplateResponse(request, "knowledgebase/search.html", context)
