"""Routing a URL to its page in a constant, small number of queries.

Wagtail's own way costs seven queries for /groepen/<groep>/onderwerp/12/ before the view
runs: the site, its root page, the root as its specific type, one child per path level,
each loaded as its specific type, then the page's ancestors and their view restrictions.
This module does the same work in one or two:

1. the site for the request's host, with its root page: no query at all, from a cached
   list of sites chosen by Wagtail's own rules (find_site);
2. every page the path can name, in one query by url_path, walked in memory exactly as
   Page.route() would walk them (route_in_one_query). The same query says whether any of
   them (or a page above the site root) has view restrictions, and loads pages of the types
   that route by themselves (RoutablePageMixin groups) as their own type;
3. only when the walk ends at a page of another type: that page as its specific type.

FastViewRestrictions then needs no query for the view restrictions when query 2 found
none on the way (nearly always). The pages walked past are kept on the page as
route_ancestors, so the breadcrumbs need no query either. Anything unusual
(internationalisation, aliases, a site root with its own route()) falls back to Wagtail's
own code, so the result is always what Wagtail would decide.
"""

import functools

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site, get_page_models


def _routes_itself(page_class) -> bool:
    return page_class.route is not Page.route and not getattr(
        page_class.route, "_routes_in_one_query", False
    )


@functools.cache
def _self_routing_accessors():
    """{page model: name of its row joined to the page row} for the page types that route
    by themselves (groups) and extend Page directly: the route query loads them already as
    their own type (select_related of the multi-table child), so that a group page and all
    its discussion routes cost one page query, not two."""
    accessors = {}
    for model in get_page_models():
        link = model._meta.parents.get(Page)
        if link is not None and _routes_itself(model):
            accessors[model] = link.remote_field.get_accessor_name()
    return accessors


def route_in_one_query(root, request, path_components):
    """What root.route(request, path_components) returns, for a root whose type keeps
    Wagtail's own route() (or this module's). `root` may be a plain Page, even one from the
    cache: what matters for access (live, view restrictions) is read fresh in this query."""
    if not path_components or _too_long(path_components):
        return Page.route(root.specific, request, path_components)  # Wagtail's own walk
    wanted = {}
    url_path = root.url_path
    for level, component in enumerate(path_components, start=1):
        url_path += component + "/"
        wanted[url_path] = root.depth + level
    step = Page.steplen
    above = [root.path[:end] for end in range(step, len(root.path) + 1, step)]  # root too
    loaded = list(
        Page.objects.filter(
            Q(url_path__in=list(wanted), path__startswith=root.path) | Q(path__in=above)
        )
        .annotate(restricted=Exists(PageViewRestriction.objects.filter(page=OuterRef("pk"))))
        .select_related(*_self_routing_accessors().values())
    )
    rows = {(page.url_path, page.depth): page for page in loaded}
    restricted = {page.path: page.pk for page in loaded if page.restricted}
    aliases = any(page.alias_of_id for page in loaded)
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
            path = page.path
            accessor = _self_routing_accessors().get(page_class)
            page = getattr(page, accessor) if accessor else page.specific
            page._cached_parent_obj = parent
            page.route_ancestors = chain  # for the breadcrumbs: no second query
            if not aliases:  # (aliases take their source's restrictions: Wagtail's way)
                page.route_restricted_ids = [
                    pk for restricted_path, pk in restricted.items()
                    if path.startswith(restricted_path)
                ]
            return page.route(request, remaining)
        parent = page
        chain.append(page)
    raise Http404  # not reached: the loop returns on the last component


# The sites with their root pages, kept in the Django cache (Redis in production, shared
# by all processes) and dropped whenever a site or a site's root page is saved, deleted or
# moved (connect_signals below, the same events on which Wagtail drops its own cache of site
# root paths). SITES_TIMEOUT bounds how long a process-local cache (locmem, the default
# without CACHE_URL) can lag behind a change made by another process.
SITES_CACHE_KEY = "portal:routing:sites:v1"
SITES_TIMEOUT = 300


def _all_sites():
    sites = cache.get(SITES_CACHE_KEY)
    if sites is None:
        sites = list(Site.objects.select_related("root_page"))
        cache.set(SITES_CACHE_KEY, sites, SITES_TIMEOUT)
    return sites


def clear_sites_cache(**kwargs):
    """Drop the cached sites now, and again when the change commits: a request served
    while the change's transaction is open reads the old rows and may cache them again."""
    cache.delete(SITES_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(SITES_CACHE_KEY))


def _clear_if_site_root(sender, instance, **kwargs):
    # Connected for every model: Django names the concrete page type (HomePage, ...) as
    # the sender, never Page itself.
    if not isinstance(instance, Page):
        return
    sites = cache.get(SITES_CACHE_KEY)
    if sites is not None and (
        instance.depth is None or instance.depth <= 2
        or any(site.root_page_id == instance.pk for site in sites)
    ):
        clear_sites_cache()


def connect_signals():
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import post_page_move

    post_save.connect(clear_sites_cache, sender=Site, dispatch_uid="routing-site-saved")
    post_delete.connect(clear_sites_cache, sender=Site, dispatch_uid="routing-site-deleted")
    post_save.connect(_clear_if_site_root, dispatch_uid="routing-root-saved")
    post_delete.connect(_clear_if_site_root, dispatch_uid="routing-root-deleted")
    post_page_move.connect(clear_sites_cache, dispatch_uid="routing-page-moved")


def find_site(hostname, port):
    """The site Wagtail's get_site_for_hostname() picks for this host and port, from the
    cached list: an exact hostname and port match; else the hostname's default site; else
    the one site with this hostname when the default site is the only other candidate;
    else the default site; None when nothing fits."""
    try:
        port = int(port)  # request.get_port() is a string; Site.port an integer
    except (TypeError, ValueError):
        port = None
    ranked = []
    for site in _all_sites():
        if site.hostname == hostname and site.port == port:
            rank = 0
        elif site.hostname == hostname and site.is_default_site:
            rank = 1
        elif site.is_default_site:
            rank = 2
        elif site.hostname == hostname:
            rank = 3
        else:
            continue
        ranked.append((rank, site))
    if not ranked:
        return None
    ranked.sort(key=lambda pair: pair[0])
    best = ranked[0][0]
    if len(ranked) == 1 or best in (0, 1):
        return ranked[0][1]
    if best == 2:
        return ranked[len(ranked) == 2][1]
    return None


def site_for_request(request):
    """Site.find_for_request(), from the cached sites (also for views outside the page tree
    that work out page URLs: get_url(request) then asks for no site)."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        request._wagtail_site = find_site(hostname, request.get_port())
    return request._wagtail_site


# route_in_one_query() names every prefix of the path in its query: for a path of n parts
# that grows with n squared. Paths longer than any real page path go the way Wagtail goes,
# which stops at the first part that names no page.
MAX_LEVELS = 12
MAX_PATH_CHARS = 512


def _too_long(components):
    return len(components) > MAX_LEVELS or sum(map(len, components)) > MAX_PATH_CHARS


def route_for_request(request, path):
    """What Page.route_for_request(request, path) returns, cached on the request the same
    way, so that Wagtail's serve view and everything else that asks use this result."""
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return Page.route_for_request(request, path)
    result = None
    try:
        site = site_for_request(request)
        if site is not None:
            root = site.root_page
            root_class = root.specific_class
            components = [component for component in path.split("/") if component]
            if root_class is None:
                raise Http404
            if _routes_itself(root_class):
                result = root.specific.route(request, components)
            else:
                result = route_in_one_query(root, request, components)
    except Http404:
        result = None
    request._wagtail_route_for_request = result
    return result


def frontend_login(request):
    """Where Wagtail sends visitors of a page restricted to logged-in users or groups (its
    wagtailcore_login URL): the portal's own login, keeping where they were going."""
    from django.contrib.auth.views import redirect_to_login

    return redirect_to_login(request.GET.get("next") or "/")  # settings.LOGIN_URL


def serve(request, path):
    """Wagtail's serve view, routed by route_for_request() above."""
    from wagtail import views as wagtail_views  # not at import: models import this module

    route_for_request(request, path)
    return wagtail_views.serve(request, path)


class FastViewRestrictions:
    """Page mixin: the view restrictions of a page reached through route_in_one_query(),
    which saw in its own query which pages on the way (the tree root down to this page)
    have any: no query at all when none has, else one for just those. Pages reached
    otherwise, or with aliases on the way, take Wagtail's own way."""

    def get_view_restrictions(self):
        restricted_ids = getattr(self, "route_restricted_ids", None)
        if restricted_ids is None:
            return super().get_view_restrictions()
        if not restricted_ids:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(page_id__in=restricted_ids)


class NoPrivacySettings:
    """Page mixin for the groups, their news and the pages above them (the home page and the
    group overview): who may read a group and what is in it is decided by its kind and its
    members (community.access), never by Wagtail's privacy settings, so the CMS offers none
    on these pages (Wagtail's privacy dialog then says privacy cannot be set here)."""

    private_page_options = []
