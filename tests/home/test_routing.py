"""home.routing: routing in two queries must find exactly what Wagtail's own Page.route()
finds, for every page of the demo tree, their sub-routes, unpublished pages, pages below
unpublished ones, moved and renamed pages, and paths that name nothing."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from community.models import Folder, GroupPage, Thread
from home.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


def _plain(args):
    """Route args hold bound view methods for RoutablePageMixin pages: compare by name."""
    return tuple(getattr(a, "__name__", a) for a in args)


def _wagtail_route(home, components):
    """Wagtail's routing, level by level, as HomePage would do without its override."""
    try:
        result = Page.route(home, RequestFactory().get("/"), components)
    except Http404:
        return None
    return result.page.pk, result.page.specific_class, _plain(result.args), result.kwargs


def _our_route(home, components):
    try:
        result = home.route(RequestFactory().get("/"), components)
    except Http404:
        return None
    return result.page.pk, type(result.page), _plain(result.args), result.kwargs


def _paths(home):
    paths = [[]]
    for page in Page.objects.descendant_of(home):
        components = [c for c in page.url_path[len(home.url_path):].split("/") if c]
        paths += [components, components + ["bestaat-niet"], components[:-1] + ["x" + components[-1]]]
    for group in GroupPage.objects.all():
        base = [c for c in group.url_path[len(home.url_path):].split("/") if c]
        folder = Folder.objects.filter(group=group).first()
        thread = Thread.objects.filter(group=group).first()
        if folder:
            paths += [base + ["map", folder.slug], base + ["map", folder.slug, "nieuw"]]
        if thread:
            paths += [base + ["onderwerp", str(thread.pk)], base + ["onderwerp", "abc"]]
        paths += [base + ["leden"], base + ["verzoek"], base + ["map"]]
    return paths


@pytest.fixture
def home(db):
    call_command("seed_demo", verbosity=0)
    home = HomePage.objects.get()
    about = StandardPage.objects.child_of(home).first()
    draft_parent = StandardPage(title="Concept", slug="concept", live=False)
    home.add_child(instance=draft_parent)
    draft_parent.add_child(instance=StandardPage(title="Onder concept", slug="onder-concept"))
    about.add_child(instance=StandardPage(title="Verdieping", slug="verdieping"))
    moved = StandardPage(title="Verhuisd", slug="verhuisd")
    home.add_child(instance=moved)
    moved.move(about, pos="last-child")
    renamed = StandardPage.objects.get(pk=moved.pk)
    renamed.slug = "hernoemd"
    renamed.save()
    return HomePage.objects.get()


def test_routing_finds_what_wagtail_finds(home):
    paths = _paths(home)
    assert len(paths) > 60
    found = 0
    for components in paths:
        expected = _wagtail_route(home, components)
        assert _our_route(home, components) == expected, components
        found += expected is not None
    assert found > 25  # real pages and sub-routes among them, not only 404s


def test_pages_under_an_unpublished_page_are_routed_but_the_unpublished_one_is_not(home):
    assert _our_route(home, ["concept"]) is None
    assert _our_route(home, ["concept", "onder-concept"]) is not None
    about = StandardPage.objects.child_of(home).first()
    assert _our_route(home, [about.slug, "hernoemd"]) is not None
    assert _our_route(home, ["verhuisd"]) is None


def test_a_thread_url_costs_one_page_query(home):
    thread = Thread.objects.select_related("group").first()
    group = GroupPage.objects.get(pk=thread.group_id)
    components = [c for c in group.url_path[len(home.url_path):].split("/") if c]
    with CaptureQueriesContext(connection) as ctx:
        result = home.route(RequestFactory().get("/"), components + ["onderwerp", str(thread.pk)])
    assert result.page.pk == group.pk
    assert len(ctx.captured_queries) == 1  # the group comes as its own type, fully loaded
    assert type(result.page) is GroupPage and not result.page.get_deferred_fields()
    assert (result.page.title, result.page.kind, result.page.live) == (
        group.title, group.kind, group.live)
    assert [a.pk for a in result.page.route_ancestors] == [
        p.pk for p in group.get_ancestors().filter(depth__gt=1)]


# --- The site for a request, from the cached list (home.routing.find_site) ---------------

SITE_LAYOUTS = [
    # (hostname, port, is_default_site) for each site
    [("localhost", 80, True)],
    [("localhost", 80, False)],
    [("oov.example", 80, True), ("andere.example", 80, False)],
    [("oov.example", 80, False), ("andere.example", 8080, True)],
    [("oov.example", 443, False), ("oov.example", 80, True), ("x.example", 80, False)],
    [("oov.example", 443, False), ("oov.example", 8000, False)],
    [("a.example", 80, True), ("b.example", 80, False), ("c.example", 80, False)],
]
REQUESTS = [("oov.example", "80"), ("oov.example", "443"), ("oov.example", "8000"),
            ("andere.example", "80"), ("andere.example", "8080"), ("localhost", "80"),
            ("b.example", "80"), ("onbekend.example", "80"), ("x.example", "9999")]


@pytest.mark.parametrize("layout", SITE_LAYOUTS)
def test_find_site_picks_what_wagtail_picks(db, layout):
    from wagtail.models import Site
    from wagtail.models.sites import get_site_for_hostname

    from home.routing import clear_sites_cache, find_site

    root = Page.get_first_root_node()
    Site.objects.all().delete()
    for index, (hostname, port, default) in enumerate(layout):
        page = root.add_child(instance=StandardPage(title=f"Site {index}", slug=f"site-{index}"))
        Site.objects.create(hostname=hostname, port=port, is_default_site=default, root_page=page)
    clear_sites_cache()
    for hostname, port in REQUESTS:
        try:
            expected = get_site_for_hostname(hostname, port).pk
        except Site.DoesNotExist:
            expected = None
        found = find_site(hostname, port)
        assert (found.pk if found else None) == expected, (layout, hostname, port)


def test_a_new_site_root_takes_effect_at_once(home, client):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    assert client.get("/groepen/").status_code == 200  # fills the cache
    other = Page.get_first_root_node().add_child(
        instance=StandardPage(title="Andere start", slug="andere-start"))
    other.add_child(instance=StandardPage(title="Alleen hier", slug="alleen-hier"))
    site.root_page = other
    site.save()
    assert client.get("/groepen/").status_code == 404
    assert client.get("/alleen-hier/").status_code == 200


def test_renaming_or_unpublishing_pages_takes_effect_at_once(home, client):
    about = StandardPage.objects.child_of(home).first()
    assert client.get(f"/{about.slug}/").status_code == 200
    about.slug = "over-ons-nieuw"
    about.save()
    assert client.get("/over-ons-nieuw/").status_code == 200
    about.unpublish()
    assert client.get("/over-ons-nieuw/").status_code == 404


def test_view_restrictions_on_any_ancestor_apply_to_routed_pages(home, client):
    """A Wagtail privacy setting ("only these groups") on the group index holds for the
    group, its folders and threads, all reached through home.routing."""
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    from tests.factories import UserFactory

    group = GroupPage.objects.filter(kind=GroupPage.Kind.GENERAL).first()
    urls = [group.url, Folder.objects.filter(group=group).first().get_url(),
            Thread.objects.filter(group=group).first().get_url()]
    member = UserFactory()
    client.force_login(member)
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]
    allowed = Group.objects.create(name="Mag de groepen zien")
    restriction = PageViewRestriction.objects.create(
        page=group.get_parent(), restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(allowed)
    assert [client.get(url).status_code for url in urls] == [302, 302, 302]
    restriction.delete()
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]
    PageViewRestriction.objects.create(
        page=Page.objects.get(depth=1), restriction_type=PageViewRestriction.GROUPS
    ).groups.add(allowed)  # on the tree root, above the site root: still applies
    assert [client.get(url).status_code for url in urls] == [302, 302, 302]
    member.groups.add(allowed)
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]


def test_a_thread_request_routes_in_one_query(home, client):
    """Site from the cache; pages by url_path, with whether any has view restrictions and
    the group as its own type, in one query."""
    from tests.factories import UserFactory

    thread = Thread.objects.select_related("group").filter(group__kind=GroupPage.Kind.GENERAL).first()
    member = UserFactory()
    client.force_login(member)
    url = thread.get_url()
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    assert not [s for s in sql if "wagtailcore_site" in s]
    assert len([s for s in sql if 'FROM "wagtailcore_page"' in s]) == 1  # by url_path
    assert not [s for s in sql if 'FROM "community_grouppage"' in s]  # came with it
    # No page on the way has view restrictions: the route query saw that, none asked again.
    assert not [s for s in sql if s.startswith('SELECT "wagtailcore_pageviewrestriction"')]
