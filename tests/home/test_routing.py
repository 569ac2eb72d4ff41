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


def test_a_thread_url_costs_two_page_queries(home):
    thread = Thread.objects.select_related("group").first()
    group = GroupPage.objects.get(pk=thread.group_id)
    components = [c for c in group.url_path[len(home.url_path):].split("/") if c]
    with CaptureQueriesContext(connection) as ctx:
        result = home.route(RequestFactory().get("/"), components + ["onderwerp", str(thread.pk)])
    assert result.page.pk == group.pk
    assert len(ctx.captured_queries) == 2
    assert [a.pk for a in result.page.route_ancestors] == [
        p.pk for p in group.get_ancestors().filter(depth__gt=1)]
