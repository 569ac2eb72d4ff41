"""Routing a URL to its page in two queries instead of two per level of the tree.

Wagtail's Page.route() looks up one child per path component and then loads it as its
specific type: /groepen/<groep>/onderwerp/12/ costs six page queries before the view runs.
route_in_one_query() loads every page the path can name in one query (by url_path and
depth), walks them in memory exactly as Page.route() would, and hands the rest of the path
to the first page whose type routes by itself (RoutablePageMixin pages such as groups, or
any page with its own route()), loaded as its specific type: one more query. The pages
it passed are kept on that page as route_ancestors, so the breadcrumbs need no query either.
"""

from django.http import Http404
from wagtail.models import Page


def _routes_itself(page_class) -> bool:
    return page_class.route is not Page.route


def route_in_one_query(root, request, path_components):
    """What root.route(request, path_components) returns, for a root whose type keeps
    Wagtail's own route()."""
    if not path_components:
        return Page.route(root, request, path_components)
    wanted = {}
    url_path = root.url_path
    for level, component in enumerate(path_components, start=1):
        url_path += component + "/"
        wanted[url_path] = root.depth + level
    rows = {
        (page.url_path, page.depth): page
        for page in Page.objects.filter(url_path__in=list(wanted), path__startswith=root.path)
    }
    parent, url_path, chain = root, root.url_path, [root]
    for level, component in enumerate(path_components, start=1):
        url_path += component + "/"
        page = rows.get((url_path, root.depth + level))
        if page is None or not page.path.startswith(parent.path):
            raise Http404
        remaining = path_components[level:]
        page_class = page.specific_class
        if page_class is None:  # a page whose model no longer exists
            raise Http404
        if not remaining or _routes_itself(page_class):
            page = page.specific
            page._cached_parent_obj = parent
            page.route_ancestors = chain  # for the breadcrumbs: no second query
            return page.route(request, remaining)
        parent = page
        chain.append(page)
    raise Http404  # not reached: the loop returns on the last component

