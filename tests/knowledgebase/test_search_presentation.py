"""How search results are presented: what a match in an opening post is, results per kind as
links, which words are marked, which date a news item carries. From a newcomer's walk-through."""

import datetime
import re

import pytest

from community import services
from home.models import NewsIndexPage, NewsPage
from knowledgebase.search import highlight
from tests.factories import UserFactory, folder_of, make_group, member_of, site_root
from tests.knowledgebase.helpers import make_article

pytestmark = pytest.mark.django_db


def get(client, **params):
    response = client.get("/zoeken/", params)
    assert response.status_code == 200
    return response.content.decode()


def results(html):
    return re.findall(r'<h3 class="utrecht-heading-3"><a class="utrecht-link" href="[^"]*">([^<]+)'
                      r'</a></h3>\s*<p class="utrecht-paragraph portal-meta"><span '
                      r'class="portal-badge">([^<]+)</span>', html)


@pytest.fixture
def discussion(tree):
    group = make_group("Veiligheidsbeleid")
    author = member_of(group)
    thread = services.create_thread(author=author, folder=folder_of(group),
                                    title="Vraag over cameratoezicht",
                                    body="Wie heeft ervaring met de zeearend-aanpak?")
    services.create_reply(author=author, thread=thread, body="Wij gebruiken de zeearend ook.")
    services.create_reply(author=author, thread=thread, body="Dat verwijt ik niemand.")
    return {"group": group, "author": author, "thread": thread}


def test_a_match_in_the_opening_post_is_the_thread_not_a_reply(client, discussion):
    client.force_login(discussion["author"])
    found = results(get(client, q="zeearend"))
    assert ("Vraag over cameratoezicht", "Discussies") in found
    assert found.count(("Vraag over cameratoezicht", "Reacties")) == 1  # the real reply
    assert len(found) == 2


def test_words_are_found_and_marked_only_at_the_start_of_a_word(client, discussion):
    client.force_login(discussion["author"])
    html = get(client, q="wij", soort="reactie")
    found = results(html)
    assert found == [("Vraag over cameratoezicht", "Reacties")]  # not the one with "verwijt"
    assert "<mark>Wij</mark> gebruiken" in html
    assert str(highlight("De ondermijning in de panden", "de")) == (
        "<mark>De</mark> ondermijning in <mark>de</mark> panden")


def test_results_per_kind_are_links_and_the_kind_shown_is_marked(client, discussion):
    make_article("Cameratoezicht in de wijk", "Over cameratoezicht.")
    client.force_login(discussion["author"])
    html = get(client, q="cameratoezicht")
    nav = html.split('aria-label="Resultaten per soort"')[1].split("</nav>")[0]
    assert 'aria-current="true">Alles: 2<' in nav
    assert 'href="?q=cameratoezicht&amp;soort=artikel">Kennisbankartikelen: 1<' in nav
    assert 'href="?q=cameratoezicht&amp;soort=discussie">Discussies: 1<' in nav
    html = get(client, q="cameratoezicht", soort="artikel")
    nav = html.split('aria-label="Resultaten per soort"')[1].split("</nav>")[0]
    assert 'aria-current="true">Kennisbankartikelen: 1<' in nav
    assert 'href="?q=cameratoezicht">Alles: 2<' in nav
    assert results(html) == [("Cameratoezicht in de wijk", "Kennisbankartikelen")]


def test_a_news_item_carries_its_own_date_and_sorts_by_it(client, tree):
    index = NewsIndexPage(title="Nieuws", slug="nieuws")
    site_root().add_child(instance=index)
    for title, day in (("Oude berichtgeving kievit", 8), ("Nieuwe berichtgeving kievit", 20)):
        page = NewsPage(title=title, slug=title.split()[0].lower(), lead="kievit",
                        body="<p>kievit</p>", date=datetime.date(2026, 10, day))
        index.add_child(instance=page)
        page.save_revision().publish()
    client.force_login(UserFactory())
    html = get(client, q="kievit", sorteer="nieuwste")
    assert [title for title, _kind in results(html)] == [
        "Nieuwe berichtgeving kievit", "Oude berichtgeving kievit"]
    assert "20 oktober 2026" in html and "8 oktober 2026" in html


def test_a_thread_is_found_by_words_split_between_its_title_and_its_question(client, tree):
    group = make_group("Veiligheidsbeleid")
    author = member_of(group)
    thread = services.create_thread(author=author, folder=folder_of(group),
                                    title="Cameratoezicht in het centrum",
                                    body="Wie deed al een evaluatie?")
    client.force_login(author)
    assert results(get(client, q="cameratoezicht evaluatie")) == [
        ("Cameratoezicht in het centrum", "Discussies")]
    # A new title counts at once (PostgreSQL: the opening post's vector follows it).
    type(thread).objects.filter(pk=thread.pk).update(title="Beveiligingscamera's in het centrum")
    assert results(get(client, q="beveiligingscamera evaluatie")) == [
        ("Beveiligingscamera&#x27;s in het centrum", "Discussies")]
    assert results(get(client, q="cameratoezicht evaluatie")) == []
