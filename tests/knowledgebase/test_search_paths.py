"""The fast paths of search: the page visibility split, one index query for pages, articles
and documents, a constant number of queries however many results, and form choices read
once. Leaks are checked in test_search.py; these check that the short cuts keep to the
same rules."""

import pytest
from django.contrib.auth.models import Group as AuthGroup
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from community import services
from community.models import GroupPage
from home.models import StandardPage
from knowledgebase import search
from tests.factories import (
    GuestFactory,
    UserFactory,
    folder_of,
    make_editor,
    make_group,
    member_of,
    site_root,
)
from tests.knowledgebase.helpers import make_article, make_document, make_topic

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the index query is PostgreSQL's"
)


@pytest.fixture
def pages(tree):
    general = make_group("Algemene groep")
    working = make_group("Werkgroep vesting", kind=GroupPage.Kind.WORKING)
    insider = member_of(working)
    guest = member_of(working, user=GuestFactory())
    make_article("Open artikel", "tekst")
    make_article("Ledenartikel", "tekst", audience="members")
    make_article("Werkgroepartikel", "tekst", audience="group", group=working)
    make_article("Concept", "tekst", live=False)
    home = site_root()
    made = {}
    for slug in ("inloggen", "burgemeesters", "wachtwoord", "open"):
        page = StandardPage(title=slug.capitalize(), slug=slug, lead="x", body="<p>x</p>")
        home.add_child(instance=page)
        made[slug] = page
    child = StandardPage(title="Onder inloggen", slug="onder", lead="x", body="<p>x</p>")
    made["inloggen"].add_child(instance=child)
    PageViewRestriction.objects.create(page=made["inloggen"], restriction_type="login")
    auth_group = AuthGroup.objects.create(name="Burgemeesters")
    by_group = PageViewRestriction.objects.create(page=made["burgemeesters"],
                                                  restriction_type="groups")
    by_group.groups.add(auth_group)
    PageViewRestriction.objects.create(page=made["wachtwoord"], restriction_type="password",
                                       password="geheim")
    mayor = UserFactory()
    mayor.groups.add(auth_group)
    return {"general": general, "working": working, "insider": insider, "guest": guest,
            "mayor": mayor}


def users(pages):
    from django.contrib.auth.models import AnonymousUser

    return {
        "anonymous": AnonymousUser(), "guest": pages["guest"], "member": UserFactory(),
        "insider": pages["insider"], "mayor": pages["mayor"], "editor": make_editor(),
    }


def titles(qs):
    return set(Page.objects.filter(pk__in=qs.values("pk")).values_list("title", flat=True))


def test_visible_and_hidden_pages_split_the_page_tree_exactly(pages):
    everything = set(Page.objects.values_list("pk", flat=True))
    seen = {}
    for who, user in users(pages).items():
        visible = set(search.visible_pages(user).values_list("pk", flat=True))
        hidden = set(search.hidden_pages(user))
        assert visible | hidden == everything, who
        assert not visible & hidden, who
        seen[who] = titles(search.visible_pages(user))
    assert "Concept" not in set().union(*seen.values())
    # A password unlocks a page for one session: search never shows it (editors excepted).
    assert "Wachtwoord" not in set().union(*(v for k, v in seen.items() if k != "editor"))
    assert seen["anonymous"] >= {"Open artikel", "Open"}
    assert not seen["anonymous"] & {"Ledenartikel", "Inloggen", "Onder inloggen", "Burgemeesters"}
    assert {"Ledenartikel", "Inloggen", "Onder inloggen"} <= seen["member"]
    assert not seen["member"] & {"Werkgroepartikel", "Burgemeesters"}
    assert "Werkgroepartikel" in seen["insider"] and "Burgemeesters" in seen["mayor"]
    # Guests see their own working group, not the general group, nor members' articles.
    assert "Werkgroep vesting" in seen["guest"]
    assert not seen["guest"] & {"Algemene groep", "Ledenartikel"}
    assert {"Werkgroepartikel", "Burgemeesters"} <= seen["editor"]


def make_matches(start, n, general, author):
    thread = services.create_thread(author=author, folder=folder_of(general),
                                    title="Draad over lijsterbes", body="lijsterbes begin")
    for i in range(start, start + n):
        services.create_reply(author=author, thread=thread, body=f"Reactie {i} lijsterbes")
        make_article(f"Artikel {i} lijsterbes", "Over de lijsterbes.")
        make_document(f"Notitie {i}", description="lijsterbes", audience="members")
    page = StandardPage(title=f"Pagina lijsterbes {start}", slug=f"lijsterbes-{start}",
                        lead="lijsterbes", body="<p>lijsterbes</p>")
    site_root().add_child(instance=page)


def queries_for(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/zoeken/", {"q": "lijsterbes", **params})
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_search_asks_as_many_queries_for_two_results_per_kind_as_for_fifteen(pages, client):
    author = member_of(pages["general"])
    client.force_login(author)
    make_matches(0, 2, pages["general"], author)
    queries_for(client)  # (first request: content types, site and settings cached)
    few, html = queries_for(client)
    assert "Artikel 1 lijsterbes" in html and "Notitie 1" in html
    few_of_kind = {kind: queries_for(client, soort=kind)[0] for kind in search.KINDS}
    make_matches(2, 13, pages["general"], author)
    many, html = queries_for(client)
    assert "Reactie 12 <mark>lijsterbes</mark>" in html or "Artikel 12 lijsterbes" in html
    # Loading what is shown costs a query per kind (and page type) on the page, never one
    # per result.
    assert many <= few
    for kind in search.KINDS:
        assert queries_for(client, soort=kind)[0] == few_of_kind[kind], kind


def test_topic_and_group_choices_are_read_once(pages, client):
    author = member_of(pages["general"])
    client.force_login(author)
    make_topic("Ondermijning")
    queries_for(client)  # (first request: content types, site and settings cached)
    few, _html = queries_for(client)
    for n in range(6):
        make_topic(f"Thema {n}")
        make_group(f"Groep {n}")
    many, html = queries_for(client)
    assert many == few
    assert '<option value="thema-5">Thema 5</option>' in html
    # Only groups whose content the user may see are offered; the guest's working group
    # is not offered to a member outside it.
    assert ">Groep 5</option>" in html and ">Werkgroep vesting</option>" not in html


def test_unknown_topic_or_closed_group_is_refused_with_a_message(pages, client):
    client.force_login(UserFactory())
    for params in ({"thema": "bestaat-niet"}, {"groep": pages["working"].pk},
                   {"groep": "geen-getal"}):
        html = client.get("/zoeken/", {"q": "tekst", **params}).content.decode()
        assert "Selecteer een geldige keuze" in html, params
        assert 'id="resultaten-kop"' not in html, params


def test_topic_filter_keeps_to_the_topic_and_to_what_the_user_may_see(pages, client):
    topic = make_topic("Ondermijning")
    make_article("Vesting op thema", "Over de kruisboog.", topic=topic)
    make_article("Vesting op thema, leden", "Over de kruisboog.", topic=topic,
                 audience="members")
    make_article("Vesting elders", "Over de kruisboog.")
    html = client.get("/zoeken/", {"q": "kruisboog", "thema": topic.slug}).content.decode()
    assert "Vesting op thema" in html
    assert "Vesting elders" not in html and "leden" not in html


@postgres_only
def test_an_index_entry_left_behind_by_a_deleted_page_is_skipped(pages, client):
    from django.contrib.contenttypes.models import ContentType

    from knowledgebase.models import ArticlePage

    make_article("Levend artikel", "Over de zilverreiger.")
    content_type = ContentType.objects.get_for_model(ArticlePage)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO wagtailsearch_indexentry (content_type_id, object_id, title_norm,"
            " autocomplete, title, body, title_text, body_text) VALUES (%s, '987654', 1,"
            " to_tsvector('dutch', 'zilverreiger'), to_tsvector('dutch', 'zilverreiger'),"
            " to_tsvector('dutch', 'zilverreiger'), 'zilverreiger', 'zilverreiger')",
            [content_type.pk],
        )
    html = client.get("/zoeken/", {"q": "zilverreiger"}).content.decode()
    assert "Levend artikel" in html
    assert 'id="resultaten-kop">1 resultaat' in html


@postgres_only
@pytest.mark.parametrize("probe", [1_000, 3, 1])
@pytest.mark.parametrize("newest", [True, False])
def test_every_way_of_reading_a_window_finds_the_newest_visible_matches(
        pages, monkeypatch, probe, newest):
    """Threads and posts are read in id windows in three ways (along the primary key; from
    the word's index with the matching ids listed; the window walked after too many ids):
    each finds the same rows as a plain query would, visible ones only."""
    from community.models import Post

    monkeypatch.setattr(search, "FIRST_WINDOW", 2)
    monkeypatch.setattr(search, "WINDOW_GROWTH", 2)
    monkeypatch.setattr(search, "SPARSE_PROBE", probe)
    monkeypatch.setattr(search, "CANDIDATES_PER_KIND", 4)
    general, working = pages["general"], pages["working"]
    author, insider = member_of(general), pages["insider"]
    open_thread = services.create_thread(author=author, folder=folder_of(general),
                                         title="Open", body="Begin.")
    closed_thread = services.create_thread(author=insider, folder=folder_of(working),
                                           title="Dicht", body="Begin.")
    # Old matches, a long stretch without, then sparse and dense stretches; closed ones mixed
    # in everywhere.
    for n in range(3):
        services.create_reply(author=author, thread=open_thread, body=f"Oud {n} grutto")
        services.create_reply(author=insider, thread=closed_thread, body=f"Dicht {n} grutto")
    for n in range(12):
        services.create_reply(author=author, thread=open_thread, body=f"Zonder {n}")
    for n in range(4):
        services.create_reply(author=insider, thread=closed_thread, body=f"Dicht later {n} grutto")
        services.create_reply(author=author, thread=open_thread, body=f"Later {n} grutto")
        services.create_reply(author=author, thread=open_thread, body=f"Tussendoor {n}")
    for who in (author, insider):
        visible = search.access.filter_visible(who, Post.objects.all())
        expected = list(visible.filter(body__contains="grutto").order_by("-pk")
                        .values_list("pk", flat=True)[:4])
        hits, counts = search.search(who, "grutto", kind=search.KIND_POST, newest=newest)
        assert sorted(hit.obj for hit in hits) == sorted(expected), (who, probe)
        assert counts[search.KIND_POST] == 4
    # Fewer matches than the cap: every visible one, however far back.
    hits, counts = search.search(author, "oud", kind=search.KIND_POST, newest=newest)
    assert counts[search.KIND_POST] == 3


@postgres_only
@pytest.mark.parametrize("narrow_threads", [5_000, 0])
def test_searches_within_few_threads_find_what_the_windows_find(
        pages, monkeypatch, narrow_threads):
    """A guest's own groups, a group filter and a topic filter are searched from the threads'
    side when they hold few threads (NARROW_THREADS), else in id windows: the same rows."""
    from community.models import Post, Thread

    monkeypatch.setattr(search, "FIRST_WINDOW", 2)
    monkeypatch.setattr(search, "WINDOW_GROWTH", 2)
    monkeypatch.setattr(search, "CANDIDATES_PER_KIND", 3)
    monkeypatch.setattr(search, "NARROW_THREADS", narrow_threads)
    general, working = pages["general"], pages["working"]
    other = make_group("Andere groep")
    author, guest = member_of(general), pages["guest"]
    member_of(other, user=author)
    topic = make_topic("Cameratoezicht")
    threads = {
        "general": services.create_thread(author=author, folder=folder_of(general),
                                          title="Algemeen tureluur", body="Begin tureluur."),
        "other": services.create_thread(author=author, folder=folder_of(other),
                                        title="Ander tureluur", body="Begin.", topic=topic),
        "working": services.create_thread(author=guest, folder=folder_of(working),
                                          title="Werk tureluur", body="Begin."),
    }
    for n in range(4):
        for name, thread in threads.items():
            who = guest if name == "working" else author
            services.create_reply(author=who, thread=thread, body=f"{name} {n} tureluur")
    cases = [
        (guest, {}, Q(thread__group=working)),
        (author, {"group": general.pk}, Q(thread__group=general)),
        (author, {"topic": topic.pk}, Q(thread__topic=topic)),
    ]
    for who, filters, scope in cases:
        for newest in (True, False):
            hits, counts = search.search(who, "tureluur", kind=search.KIND_POST, newest=newest,
                                         **filters)
            visible = search.access.filter_visible(who, Post.objects.filter(scope))
            expected = set(visible.filter(body__contains="tureluur", is_opening=False)
                           .order_by("-pk").values_list("pk", flat=True)[:3])
            assert {hit.obj for hit in hits} == expected, (who, filters, newest)
            found = {hit.obj for hit in search.search(who, "tureluur", kind=search.KIND_THREAD,
                                                      **filters)[0]}
            assert found == set(search.access.filter_visible(who, Thread.objects.filter(
                pk__in=Post.objects.filter(scope).values("thread_id"))).values_list(
                    "pk", flat=True)), (who, filters)


def test_a_visitor_search_does_not_look_into_discussions(pages, client):
    author = member_of(pages["general"])
    thread = services.create_thread(author=author, folder=folder_of(pages["general"]),
                                    title="Over de wulp", body="De wulp.")
    services.create_reply(author=author, thread=thread, body="Nog een wulp.")
    make_article("Openbaar over de wulp", "De wulp in het beleid.")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/zoeken/", {"q": "wulp"}).content.decode()
    assert "Openbaar over de wulp" in html and "Over de wulp" not in html.replace(
        "Openbaar over de wulp", "")
    assert not [q for q in queries.captured_queries if "community_post" in q["sql"]]
