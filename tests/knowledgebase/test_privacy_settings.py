"""Wagtail's own privacy settings (on pages and on document collections), where document
files live, and odd search input — from the break test of the knowledge base."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group as AuthGroup
from django.db import connection
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from community import services
from community.models import GroupPage, Post
from home.models import StandardPage
from knowledgebase.search import highlight
from tests.factories import (
    GuestFactory,
    UserFactory,
    folder_of,
    make_editor,
    make_group,
    member_of,
    site_root,
)
from tests.knowledgebase.helpers import make_article, make_document

pytestmark = pytest.mark.django_db

WHO = ["anonymous", "guest", "member", "in_auth_group", "editor"]


def restricted_collection(name, kind, *, parent=None, auth_group=None):
    parent = parent or Collection.get_first_root_node()
    collection = parent.add_child(name=name)
    if kind:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=kind,
            password="geheim-wachtwoord" if kind == "password" else "")
        if kind == "groups":
            restriction.groups.add(auth_group)
    return collection


def document_in(collection, title, word):
    doc = make_document(title, description=f"Over {word}.")
    doc.collection = collection
    doc.save()
    return doc


@pytest.fixture
def privacy(tree):
    auth_group = AuthGroup.objects.create(name="Lezers beleidsnotities")
    login = restricted_collection("Alleen ingelogd", "login")
    password = restricted_collection("Met wachtwoord", "password")
    groups = restricted_collection("Voor een groep", "groups", auth_group=auth_group)
    below_login = restricted_collection("Onder ingelogd", None, parent=login)
    docs = {
        "login": document_in(login, "Notitie kraanvogel", "kraanvogel"),
        "password": document_in(password, "Notitie roerdomp", "roerdomp"),
        "groups": document_in(groups, "Notitie grutto", "grutto"),
        "below_login": document_in(below_login, "Notitie tureluur", "tureluur"),
    }
    in_auth_group = UserFactory()
    in_auth_group.groups.add(auth_group)
    guest = GuestFactory()
    member_of(make_group("Werkgroep Rijk", kind=GroupPage.Kind.WORKING), guest)
    users = {"anonymous": None, "guest": guest, "member": UserFactory(),
             "in_auth_group": in_auth_group, "editor": make_editor()}
    return {"docs": docs, "users": users}


def member_searches(client, q):
    """A logged-in member's search page for q, as HTML."""
    client.force_login(UserFactory())
    return client.get("/zoeken/", {"q": q}).content.decode()


def login_as(client, user):
    if user is not None:
        client.force_login(user)


# word in the description, who may find it in search
FINDABLE = [
    ("kraanvogel", {"member", "in_auth_group", "editor"}),  # "logged-in users": not guests
    ("tureluur", {"member", "in_auth_group", "editor"}),  # inherited from the parent collection
    ("grutto", {"in_auth_group", "editor"}),
    ("roerdomp", {"editor"}),  # a password holds per session: never listed
]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("word, allowed", FINDABLE, ids=[w for w, _ in FINDABLE])
def test_search_honours_wagtail_privacy_on_collections(client, privacy, who, word, allowed):
    login_as(client, privacy["users"][who])
    for q in (word, f"{word} -zzzonbekend"):
        html = client.get("/zoeken/", {"q": q}).content.decode()
        if who in allowed:
            assert f"Over <mark>{word}</mark>" in html
        else:
            assert f"Notitie {word}" not in html and "<mark>" not in html
            assert "Documenten:" not in html


@pytest.mark.parametrize("who, status", [
    ("anonymous", 302), ("guest", 404), ("member", 200), ("editor", 200)])
def test_guest_is_kept_out_of_documents_for_logged_in_users(client, privacy, who, status):
    login_as(client, privacy["users"][who])
    doc = privacy["docs"]["login"]
    assert client.get(doc.url).status_code == status


def test_document_files_lie_outside_the_public_media_folder(client, privacy, tree):
    doc = make_document("Ledennotitie", description="x", audience="members")
    path = Path(doc.file.path)
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert not (Path(settings.MEDIA_ROOT) / doc.file.name).exists()
    client.force_login(UserFactory())
    response = client.get(doc.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Inhoud van het document."


@pytest.fixture
def login_page(tree):
    page = StandardPage(title="Interne notitie strandplevier", slug="intern",
                        lead="strandplevier", body="<p>strandplevier</p>")
    site_root().add_child(instance=page)
    page.save_revision().publish()
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    return page


@pytest.mark.parametrize("who, status, found", [
    ("guest", 404, False), ("member", 200, True), ("editor", 200, True)])
def test_pages_for_logged_in_users_are_for_members_not_guests(client, login_page, who, status,
                                                               found):
    users = {"guest": GuestFactory, "member": UserFactory, "editor": make_editor}
    client.force_login(users[who]())
    assert client.get(login_page.url).status_code == status
    html = client.get("/zoeken/", {"q": "strandplevier"}).content.decode()
    assert ("Interne notitie" in html) is found


def test_password_form_is_in_the_site_layout_and_formal_dutch(client, tree):
    page = StandardPage(title="Beveiligd", slug="beveiligd", lead="x", body="<p>x</p>")
    site_root().add_child(instance=page)
    page.save_revision().publish()
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="password",
                                                     password="juist-wachtwoord")
    html = client.get(page.url).content.decode()
    assert "Wachtwoord nodig" in html and "utrecht-button" in html and "OOV-netwerk" in html
    action = re.search(r'action="([^"]+)"', html).group(1)
    response = client.post(action, {"password": "fout", "return_url": page.url})
    html = response.content.decode()
    assert "Dit wachtwoord klopt niet" in html and " je " not in html
    response = client.post(action, {"password": restriction.password, "return_url": page.url})
    assert response.status_code == 302
    assert client.get(page.url).status_code == 200


def test_document_password_form_is_in_the_site_layout_and_opens_the_file(client, privacy):
    doc = privacy["docs"]["password"]
    html = client.get(doc.url).content.decode()
    assert "Dit document is beveiligd met een wachtwoord" in html and "OOV-netwerk" in html
    action = re.search(r'action="([^"]+)"', html).group(1)
    response = client.post(action, {"password": "fout", "return_url": doc.url})
    assert "Dit wachtwoord klopt niet" in response.content.decode()
    response = client.post(action, {"password": "geheim-wachtwoord", "return_url": doc.url})
    assert response.status_code == 302
    response = client.get(doc.url)
    assert b"".join(response.streaming_content) == b"Inhoud van het document."


# Odd queries: never a 500, the same on both databases.
ODD_QUERIES = ['"ongebalanceerd', 'ab"cd', '"', '"a" "', 'a"b"c"', '13b"', '""', '"" woord',
               "„artikel 13b", "“openbare orde”", "‘x’", "*", "(", "woord*", "a OR", "\\"]


@pytest.mark.parametrize("q", ODD_QUERIES)
def test_odd_quotes_and_operators_never_fail(client, tree, q):
    client.force_login(UserFactory())
    assert client.get("/zoeken/", {"q": q}).status_code == 200


def test_typographic_quotes_search_a_phrase(client, tree):
    make_article("Sluiting", "Een woning sluiten op grond van artikel 13b van de Opiumwet.")
    make_article("Andere", "Het artikel over 13 gemeenten en 13b elders.")
    html = member_searches(client, "„artikel 13b”")
    assert "Sluiting" in html
    if connection.vendor == "postgresql":  # (phrases need PostgreSQL, see the README)
        assert "Andere" not in html


@pytest.mark.parametrize("q", ["-artikel", "-artikel -gemeente", "a", "OR", "&|!():",
                               '-"artikel over"', '-"a b" -gemeente', "or or", '"'])
def test_a_query_without_a_word_to_find_says_so(client, tree, q):
    make_article("Iets over gemeenten", "Tekst over de gemeente.")
    html = member_searches(client, q)
    assert "Geef ten minste één zoekwoord" in html
    assert "resultaten-kop" not in html and "Iets over gemeenten" not in html


@pytest.mark.parametrize("q, text, expected", [
    ("amp", "Tom & Jerry amp", "Tom &amp; Jerry <mark>amp</mark>"),
    ("quot", 'Zij zei "quotum"', "Zij zei &quot;<mark>quotum</mark>&quot;"),
    ("lt", "a < b lt", "a &lt; b <mark>lt</mark>"),
    ("x27", "l'x27", "l&#x27;<mark>x27</mark>"),
    ("mark", "<mark>hallo</mark>", "&lt;<mark>mark</mark>&gt;hallo&lt;/<mark>mark</mark>&gt;"),
])
def test_marks_never_reach_into_escaped_characters(q, text, expected):
    assert str(highlight(text, q)) == expected


def test_thread_with_hidden_opening_post_has_no_dangling_dash(client, tree):
    group = make_group("Veiligheidsbeleid")
    author = member_of(group)
    thread = services.create_thread(author=author, folder=folder_of(group),
                                    title="Verborgen opening bergeend", body="Geheime tekst.")
    services.set_post_hidden(actor=make_editor(), post=Post.objects.get(thread=thread),
                             hidden=True)
    html = member_searches(client, "bergeend")
    assert "Verborgen opening <mark>bergeend</mark>" in html
    assert "bergeend</mark> —" not in html and "Geheime tekst" not in html


def test_staff_tick_without_cms_permission_gets_404_not_a_redirect_loop(client, tree):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 404


@pytest.mark.parametrize("q", ["OR gemeente", "gemeente or", "or gemeente OR", "gemeente"])
def test_an_or_with_nothing_on_one_side_is_ignored(client, tree, q):
    make_article("Iets over gemeenten", "Tekst over de gemeente.")
    html = member_searches(client, q)
    assert "Iets over <mark>gemeenten</mark>" in html or "Iets over gemeenten" in html
    assert "Geef ten minste" not in html


def test_a_phrase_to_leave_out_is_left_out_on_both_databases(client, tree):
    make_article("Sluiting woning", "Sluiting op grond van artikel 13b.")
    make_article("Sluiting winkel", "Sluiting na een inval.")
    html = member_searches(client, 'sluiting -"artikel 13b"')
    assert "Sluiting winkel" in html
    if connection.vendor == "postgresql":  # (SQLite leaves nothing out; see the README)
        assert "Sluiting woning" not in html


def test_cms_offers_no_privacy_settings_on_groups_and_the_pages_above_them(client, tree):
    """Group access is decided by kind and membership; a Wagtail privacy setting on a group
    would only be honoured by its pages, not by dashboards, search or mail. So the CMS offers
    none there (a standard page keeps them)."""
    from django.urls import reverse

    group = make_group("Werkgroep havens", kind=GroupPage.Kind.WORKING)
    page = StandardPage(title="Over ons", slug="over-ons", lead="x", body="<p>x</p>")
    site_root().add_child(instance=page)
    client.force_login(make_editor())
    for target in (group, tree["groups"], tree["home"]):
        url = reverse("wagtailadmin_pages:set_privacy", args=(target.pk,))
        response = client.get(url)
        assert response.status_code == 200
        assert '"step": "set_privacy"' not in response.content.decode()
        client.post(url, {"restriction_type": "login"})
        client.post(url, {"restriction_type": "password", "password": "geheim-wachtwoord"})
    assert not PageViewRestriction.objects.exists()
    url = reverse("wagtailadmin_pages:set_privacy", args=(page.pk,))
    assert '"step": "set_privacy"' in client.get(url).content.decode()
    client.post(url, {"restriction_type": "login"})
    assert PageViewRestriction.objects.filter(page=page).exists()


def test_words_split_between_title_and_text_are_found_together(client, tree):
    make_article("Cameratoezicht", "Een evaluatie na twee jaar.")
    html = member_searches(client, "cameratoezicht evaluatie")
    assert ">Cameratoezicht</a>" in html
