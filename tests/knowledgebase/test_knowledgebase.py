"""Knowledge base: topic pages, articles with three audiences, documents per collection."""

import uuid

import pytest

from community.models import GroupPage, Thread
from knowledgebase.models import ArticlePage, KnowledgeIndexPage, TopicPage
from tests.factories import GuestFactory, UserFactory, folder_of, make_editor, make_group, member_of
from tests.knowledgebase.helpers import make_article, make_document, make_topic, make_topic_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(tree):
    topic = make_topic("Ondermijning")
    general = make_group("Veiligheidsbeleid")
    working = make_group("Werkgroep buitengebied", kind=GroupPage.Kind.WORKING)
    GroupPage.objects.filter(pk__in=[general.pk, working.pk]).update(topic=topic)
    insider = member_of(working)
    return {
        "topic": topic, "general": general, "working": working, "insider": insider,
        "public": make_article("Openbaar artikel", "Voor iedereen.", topic=topic),
        "members": make_article("Ledenartikel", "Alleen leden.", topic=topic, audience="members"),
        "group": make_article("Werkgroepartikel", "Alleen werkgroep.", topic=topic,
                              audience="group", group=working),
    }


def test_page_tree_rules():
    assert KnowledgeIndexPage.parent_page_types == ["home.HomePage"]
    assert TopicPage.subpage_types == ["knowledgebase.ArticlePage"]
    assert ArticlePage.parent_page_types == ["knowledgebase.TopicPage"]


def test_article_takes_topic_from_its_topic_page(setup):
    assert setup["public"].topic == setup["topic"]


@pytest.mark.parametrize("who, public, members, group", [
    ("anonymous", 200, 302, 404),
    ("guest", 200, 404, 404),
    ("member", 200, 200, 404),
    ("insider", 200, 200, 200),
    ("editor", 200, 200, 200),
])
def test_article_audience_decides_who_may_read(client, setup, who, public, members, group):
    users = {"guest": GuestFactory, "member": UserFactory, "editor": make_editor}
    if who == "insider":
        client.force_login(setup["insider"])
    elif who != "anonymous":
        client.force_login(users[who]())
    assert client.get(setup["public"].url).status_code == public
    response = client.get(setup["members"].url)
    assert response.status_code == members
    if members == 302:
        assert response["Location"].startswith("/account/login/")
    assert client.get(setup["group"].url).status_code == group


def test_topic_page_lists_only_what_reader_may_see(client, setup):
    thread_folder = folder_of(setup["working"])
    from community import services

    services.create_thread(author=setup["insider"], folder=thread_folder,
                           title="Geheime casus stallen", body="Tekst", topic=setup["topic"])
    services.create_thread(author=setup["insider"], folder=folder_of(setup["general"]),
                           title="Open vraag over stallen", body="Tekst", topic=setup["topic"])
    topic_page = make_topic_page(setup["topic"])

    client.force_login(UserFactory())
    html = client.get(topic_page.url).content.decode()
    assert "Openbaar artikel" in html and "Ledenartikel" in html
    assert "Werkgroepartikel" not in html
    assert "Open vraag over stallen" in html
    assert "Geheime casus stallen" not in html
    # Group names and descriptions are public; both groups are listed.
    assert "Werkgroep buitengebied" in html

    client.force_login(setup["insider"])
    html = client.get(topic_page.url).content.decode()
    assert "Werkgroepartikel" in html and "Geheime casus stallen" in html

    client.logout()
    html = client.get(topic_page.url).content.decode()
    assert "Openbaar artikel" in html and "Ledenartikel" not in html
    assert "Open vraag over stallen" not in html


def test_guest_sees_on_topic_page_only_own_working_group(client, setup):
    guest = member_of(setup["working"], GuestFactory())
    client.force_login(guest)
    html = client.get(make_topic_page(setup["topic"]).url).content.decode()
    assert "Werkgroep buitengebied" in html
    assert ">Veiligheidsbeleid<" not in html
    assert "Ledenartikel" not in html and "Werkgroepartikel" in html


def test_new_thread_form_offers_topic_and_stores_it(client, setup):
    user = member_of(setup["general"])
    client.force_login(user)
    folder = folder_of(setup["general"])
    form_page = client.get(folder.get_url() + "nieuw/").content.decode()
    assert "Ondermijning" in form_page
    client.post(folder.get_url() + "nieuw/", {
        "title": "Stallen en drugsafval", "body": "Wie herkent dit?",
        "topic": setup["topic"].pk, "client_token": str(uuid.uuid4()),
    })
    assert Thread.objects.get(title="Stallen en drugsafval").topic == setup["topic"]


@pytest.mark.parametrize("who, expected", [
    ("anonymous", 404), ("guest", 404), ("member", 404), ("insider", 200), ("editor", 200),
])
def test_group_document_is_served_only_to_the_group(client, setup, who, expected):
    doc = make_document("Casusnotitie", audience="group", group=setup["working"])
    users = {"guest": GuestFactory, "member": UserFactory, "editor": make_editor}
    if who == "insider":
        client.force_login(setup["insider"])
    elif who != "anonymous":
        client.force_login(users[who]())
    assert doc.url.startswith("/documenten/")
    assert client.get(doc.url).status_code == expected


def test_members_document_is_closed_to_guests_and_open_to_members(client, setup):
    doc = make_document("Ledennotitie", audience="members")
    public_doc = make_document("Openbare notitie")
    assert client.get(doc.url).status_code == 404
    assert client.get(public_doc.url).status_code == 200
    client.force_login(GuestFactory())
    assert client.get(doc.url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(doc.url).status_code == 200


def test_subcollection_inherits_audience_of_parent(client, setup):
    doc = make_document("Notitie", audience="members", collection_name="Leden")
    from wagtail.models import Collection

    child = Collection.objects.get(name="Leden").add_child(name="Leden sub")
    doc.collection = child
    doc.save()
    assert client.get(doc.url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(doc.url).status_code == 200


def test_group_audience_needs_a_working_group(setup):
    from django.core.exceptions import ValidationError

    article = setup["public"]
    article.audience = "group"
    with pytest.raises(ValidationError):
        article.full_clean()
