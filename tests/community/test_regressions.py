"""Cases found by trying to break the discussion area from outside; each stays as a test."""

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from community.models import Post, Thread
from tests.factories import GuestFactory, folder_of, make_group, member_of

pytestmark = pytest.mark.django_db


def test_a_guest_can_reset_their_password(client, tree):
    guest = GuestFactory(email="gast@minjenv.nl")
    response = client.post(reverse("account_reset_password"), {"email": "gast@minjenv.nl"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [guest.email] and "/account/password/reset/key/" in message.body


def test_reply_in_an_archived_folder_is_refused_in_dutch(client, tree):
    group = make_group("Politiebestel", folders=("Driehoek",))
    member = member_of(group)
    from community import services

    thread = services.create_thread(author=member, folder=folder_of(group), title="Oud", body="x")
    folder = folder_of(group)
    folder.is_archived = True
    folder.save()
    client.force_login(member)
    response = client.post(thread.get_url(), {"body": "Nog een reactie", "client_token": str(uuid.uuid4())})
    assert response.status_code == 404
    assert Post.objects.count() == 1
    html = client.get(thread.get_url()).content.decode()
    assert "Reactie plaatsen" not in html


@pytest.mark.parametrize("token", ["not-a-uuid", None])
def test_a_missing_or_mangled_form_token_does_not_block_the_member(client, tree, token):
    group = make_group("Politiebestel", folders=("Driehoek",))
    member = member_of(group)
    client.force_login(member)
    data = {"title": "Zonder token", "body": "Tekst"}
    if token:
        data["client_token"] = token
    response = client.post(folder_of(group).get_url() + "nieuw/", data)
    assert response.status_code == 302
    assert Thread.objects.filter(title="Zonder token").count() == 1


def test_a_mangled_hidden_quote_does_not_block_a_reply(client, tree):
    # Same kind as the form token: a hidden field the member cannot see or correct.
    from community import services

    group = make_group("Politiebestel", folders=("Driehoek",))
    member = member_of(group)
    thread = services.create_thread(author=member, folder=folder_of(group), title="Vraag", body="x")
    client.force_login(member)
    response = client.post(thread.get_url(), {"body": "Mijn reactie", "quote": "zzz",
                                              "client_token": str(uuid.uuid4())})
    assert response.status_code == 302
    assert Post.objects.filter(body__contains="Mijn reactie").count() == 1


def test_a_guest_finds_nothing_of_the_general_groups_in_search(client, tree):
    from community import services
    from community.models import GroupPage

    general = make_group("Politiebestel", folders=("Driehoek",))
    working = make_group("Werkgroep", kind=GroupPage.Kind.WORKING, folders=("Casus",))
    services.create_thread(author=member_of(general), folder=folder_of(general),
                           title="Zoekterm kwakkelwinter algemeen", body="kwakkelwinter")
    services.create_thread(author=member_of(working), folder=folder_of(working),
                           title="Zoekterm kwakkelwinter werkgroep", body="kwakkelwinter")
    guest = member_of(working, user=GuestFactory())
    client.force_login(guest)
    html = client.get("/zoeken/", {"q": "kwakkelwinter"}).content.decode()
    assert "kwakkelwinter werkgroep" in html
    assert "kwakkelwinter algemeen" not in html and "Politiebestel" not in html


def test_a_form_without_csrf_token_gets_a_dutch_page_and_changes_nothing(tree):
    from django.test import Client

    group = make_group("Politiebestel", folders=("Driehoek",))
    member = member_of(group)
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(folder_of(group).get_url() + "nieuw/", {"title": "x", "body": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert 'lang="nl"' in html and "Dit formulier is verlopen" in html
    assert not Thread.objects.exists()


def test_dashboard_of_someone_in_a_quiet_group_does_not_ask_them_to_join_one(client, tree):
    from community.models import GroupPage
    from tests.factories import GuestFactory, make_group, member_of

    guest = member_of(make_group("Werkgroep stil", kind=GroupPage.Kind.WORKING), GuestFactory())
    client.force_login(guest)
    page = client.get("/mijn-netwerk/").content.decode()
    assert "Nog niets nieuws in uw groepen." in page and "Word lid van een groep" not in page
