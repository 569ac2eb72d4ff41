"""Search: one page over pages, articles, documents, threads and replies. Nothing the
searcher may not see is found, counted or quoted."""

import pytest
from django.db import connection
from wagtail.models import PageViewRestriction

from community import services
from community.models import GroupPage, Post
from home.models import StandardPage
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
    connection.vendor != "postgresql",
    reason="Dutch stemming and phrase search need PostgreSQL full-text search",
)


def search(client, q, **params):
    response = client.get("/zoeken/", {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode()


def result_count(html):
    import re

    match = re.search(r'id="resultaten-kop">(\d+)\+? resulta', html)
    return int(match.group(1))


@pytest.fixture
def world(tree):
    general = make_group("Veiligheidsbeleid")
    working = make_group("Werkgroep buitengebied", kind=GroupPage.Kind.WORKING)
    insider = member_of(working)
    author = member_of(general)
    # A term that only occurs in a working-group thread (in a reply).
    wthread = services.create_thread(author=insider, folder=folder_of(working),
                                     title="Casus stallen", body="Eerste bericht.")
    services.create_reply(author=insider, thread=wthread, body="Het kwartelkooi-dossier groeit.")
    # A thread everyone (members) may see.
    gthread = services.create_thread(author=author, folder=folder_of(general),
                                     title="Raadsinformatie IVP", body="Begin.")
    services.create_reply(author=author, thread=gthread, body="Wij gebruiken de bosuilmethode.")
    make_article("Ledenartikel sprokkelhout", "Over sprokkelhout in het beleid.", audience="members")
    make_article("Werkgroepartikel", "Over distelvink.", audience="group", group=working)
    draft = StandardPage(title="Concept vliegerlijn", slug="concept", lead="vliegerlijn",
                         body="<p>vliegerlijn</p>")
    site_root().add_child(instance=draft)
    draft.save_revision().publish()
    draft.unpublish()
    make_document("Notitie perenboom", description="Over de perenboom", audience="group",
                  group=working)
    make_document("Ledennotitie appelgaard", description="appelgaard", audience="members")
    return {"general": general, "working": working, "insider": insider, "author": author,
            "wthread": wthread, "gthread": gthread}


def login(client, world, who):
    users = {
        "guest": GuestFactory, "member": UserFactory, "editor": make_editor,
    }
    if who == "insider":
        client.force_login(world["insider"])
    elif who != "anonymous":
        client.force_login(users[who]())


# term, title that would betray it, who may find it
LEAKS = [
    ("kwartelkooi", "Casus stallen", {"insider", "editor"}),
    ("sprokkelhout", "Ledenartikel sprokkelhout", {"member", "insider", "editor"}),
    ("distelvink", "Werkgroepartikel", {"insider", "editor"}),
    ("vliegerlijn", "Concept vliegerlijn", set()),
    ("perenboom", "Notitie perenboom", {"insider", "editor"}),
    ("appelgaard", "Ledennotitie appelgaard", {"member", "insider", "editor"}),
]


@pytest.mark.parametrize("who", ["anonymous", "guest", "member", "insider", "editor"])
@pytest.mark.parametrize("term, title, allowed", LEAKS, ids=[t[0] for t in LEAKS])
def test_search_finds_closed_content_only_for_those_who_may_see_it(
    client, world, who, term, title, allowed
):
    login(client, world, who)
    html = search(client, term)
    if who in allowed:
        assert title in html
        assert result_count(html) >= 1
        assert f"<mark>{term}" in html
    else:
        assert title not in html
        assert result_count(html) == 0
        assert "portal-badge" not in html.split('id="resultaten-kop"')[1]
        assert "<mark>" not in html


def test_member_finds_thread_by_word_from_a_reply_with_highlighted_excerpt(client, world):
    client.force_login(world["author"])
    html = search(client, "bosuilmethode")
    assert "Raadsinformatie IVP" in html
    assert "<mark>bosuilmethode</mark>" in html
    assert world["gthread"].get_url() in html


def test_excerpt_is_escaped_before_marking(client, world):
    user = world["author"]
    services.create_reply(author=user, thread=world["gthread"],
                          body="<p>&lt;script&gt;alert(1)&lt;/script&gt; merelzang</p>")
    client.force_login(user)
    html = search(client, "merelzang")
    assert "<script>alert(1)" not in html
    assert "<mark>merelzang</mark>" in html


def test_removed_membership_drops_results_at_once(client, world):
    client.force_login(world["insider"])
    assert result_count(search(client, "kwartelkooi")) >= 1
    services.remove_member(user=world["insider"], group=world["working"])
    assert result_count(search(client, "kwartelkooi")) == 0


def test_hidden_post_is_not_found(client, world):
    Post.objects.filter(body__contains="bosuilmethode").update(is_hidden=True)
    client.force_login(world["author"])
    assert result_count(search(client, "bosuilmethode")) == 0


def test_unpublished_and_newly_restricted_pages_drop_out_at_once(client, world):
    page = StandardPage(title="Over de zwaluwstaart", slug="zwaluw", lead="zwaluwstaart",
                        body="<p>zwaluwstaart</p>")
    site_root().add_child(instance=page)
    page.save_revision().publish()
    assert "Over de zwaluwstaart" in search(client, "zwaluwstaart")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN)
    assert result_count(search(client, "zwaluwstaart")) == 0
    client.force_login(UserFactory())
    assert "Over de zwaluwstaart" in search(client, "zwaluwstaart")
    restriction.delete()
    page.unpublish()
    assert result_count(search(client, "zwaluwstaart")) == 0


def test_filters_by_kind_group_and_topic(client, world):
    topic = make_topic("Ondermijning")
    world["gthread"].topic = topic
    world["gthread"].save()
    make_article("Artikel bosuilmethode", "De bosuilmethode uitgelegd.", topic=topic)
    client.force_login(world["author"])
    everything = search(client, "bosuilmethode")
    assert "Artikel bosuilmethode" in everything and "Raadsinformatie IVP" in everything
    only_articles = search(client, "bosuilmethode", soort="artikel")
    assert "Artikel bosuilmethode" in only_articles and "Raadsinformatie IVP" not in only_articles
    by_group = search(client, "bosuilmethode", groep=world["general"].pk)
    assert "Raadsinformatie IVP" in by_group and "Artikel bosuilmethode" not in by_group
    by_topic = search(client, "bosuilmethode", thema="ondermijning")
    assert "Raadsinformatie IVP" in by_topic and "Artikel bosuilmethode" in by_topic


def test_group_filter_refuses_group_the_user_may_not_see(client, world):
    client.force_login(world["author"])
    html = search(client, "kwartelkooi", groep=world["working"].pk)
    assert "Casus stallen" not in html
    assert 'id="resultaten-kop"' not in html  # the form is invalid: nothing was searched


def test_newest_first_and_pagination(client, world):
    user = world["author"]
    for n in range(25):
        services.create_reply(author=user, thread=world["gthread"], body=f"Bericht {n} roodborst")
    client.force_login(user)
    html = search(client, "roodborst", sorteer="nieuwste")
    assert result_count(html) == 25
    assert html.index("Bericht 24 <mark>") < html.index("Bericht 23 <mark>")
    assert "pagina=2" in html
    page2 = client.get("/zoeken/", {"q": "roodborst", "sorteer": "nieuwste", "pagina": 2})
    assert "Bericht 0 <mark>" in page2.content.decode()


@postgres_only
def test_dutch_stemming_finds_gemeente_for_gemeenten(client, world):
    user = world["author"]
    services.create_reply(author=user, thread=world["gthread"],
                          body="De gemeente heeft een nieuwe aanpak.")
    client.force_login(user)
    html = search(client, "gemeenten")
    assert "De <mark>gemeente</mark> heeft" in html or "<mark>gemeente</mark>" in html
    assert result_count(html) >= 1


@postgres_only
def test_quoted_phrase_matches_words_in_that_order_only(client, world):
    user = world["author"]
    services.create_reply(author=user, thread=world["gthread"], body="Openbare orde staat voorop.")
    services.create_reply(author=user, thread=world["gthread"],
                          body="De orde in de openbare ruimte.")
    client.force_login(user)
    phrase = search(client, '"openbare orde"', soort="reactie")
    assert "staat voorop" in phrase and "ruimte." not in phrase
    loose = search(client, "openbare orde", soort="reactie")
    assert "staat voorop" in loose and "ruimte." in loose


def test_many_matches_are_capped_and_said_so(client, world, monkeypatch):
    """More matches than a kind takes part with: the count says "+" and the page explains
    how to narrow the search, instead of pretending the number is exact."""
    from knowledgebase import search as search_module

    monkeypatch.setattr(search_module, "CANDIDATES_PER_KIND", 3)
    user = world["author"]
    for n in range(5):
        services.create_reply(author=user, thread=world["gthread"], body=f"Melding {n} zwaluw")
    client.force_login(user)
    html = search(client, "zwaluw", soort="reactie", sorteer="nieuwste")
    assert 'id="resultaten-kop">3+ resultaten' in html
    assert "Reacties: 3+" in html
    assert "Maak uw zoekopdracht preciezer" in html
    # The newest three, newest first.
    assert html.index("Melding 4") < html.index("Melding 3") < html.index("Melding 2")
    assert "Melding 1" not in html
    few = search(client, "roodborst-onbekend")
    assert "Maak uw zoekopdracht preciezer" not in few


@postgres_only
def test_old_and_rare_matches_are_found_across_id_windows(client, world, monkeypatch):
    """Threads and posts are matched newest first in growing id windows: a word that only
    occurs in the oldest rows is still found, a closed group's rows in between are skipped,
    and relevance ranks the matches found."""
    from knowledgebase import search as search_module

    monkeypatch.setattr(search_module, "FIRST_WINDOW", 1)
    monkeypatch.setattr(search_module, "WINDOW_GROWTH", 2)
    user = world["author"]
    old = services.create_reply(author=user, thread=world["gthread"], body="Oud bericht ijsvogel.")
    wthread = world["wthread"]
    for n in range(6):
        services.create_reply(author=world["insider"], thread=wthread, body=f"Geheim {n} ijsvogel")
    for n in range(6):
        services.create_reply(author=user, thread=world["gthread"], body=f"Later bericht {n}.")
    client.force_login(user)
    html = search(client, "ijsvogel", soort="reactie")
    assert result_count(html) == 1
    assert "Oud bericht" in html and "Geheim" not in html
    insider = world["insider"]
    client.force_login(insider)
    html = search(client, "ijsvogel", soort="reactie")
    assert result_count(html) == 7
    assert "Oud bericht" in html and "Geheim 0" in html
    assert old.thread.group.kind == GroupPage.Kind.GENERAL


def test_excerpt_keeps_paragraphs_apart_and_escapes_once(client, world):
    user = world["author"]
    services.create_reply(author=user, thread=world["gthread"],
                          body="<p>Eerste alinea over boomkikker.</p><p>Tweede alinea: R&amp;D.</p>")
    client.force_login(user)
    html = search(client, "boomkikker", soort="reactie")
    assert "<mark>boomkikker</mark>. Tweede alinea: R&amp;D." in html
    assert "&amp;amp;" not in html


def test_a_thread_found_by_title_and_opening_post_is_one_result(client, world):
    """Found by a newcomer: the thread and its opening post were listed as two results."""
    thread = services.create_thread(
        author=world["author"], folder=folder_of(world["general"]),
        title="Lantaarnpaal bij de haven", body="Wie heeft ervaring met een lantaarnpaal?")
    services.create_reply(author=world["author"], thread=thread, body="Een lantaarnpaal helpt.")
    client.force_login(world["author"])
    html = search(client, "lantaarnpaal")
    assert result_count(html) == 2  # the thread, and the reply that says it too
    assert html.count(thread.get_url() + '"') == 1
    assert html.count("#bericht-") == 1


def test_filters_without_words_say_what_is_missing(client, world):
    client.force_login(world["author"])
    html = search(client, "", soort="discussie")
    assert "Vul een of meer zoekwoorden in." in html
    assert 'id="resultaten-kop"' not in html
    assert "Vul een of meer zoekwoorden in." not in search(client, "")


def test_page_results_say_what_kind_of_page_they_are(client, world):
    client.force_login(world["author"])
    html = search(client, "Veiligheidsbeleid", soort="pagina")
    assert "Veiligheidsbeleid" in html and "· Groep" in html
