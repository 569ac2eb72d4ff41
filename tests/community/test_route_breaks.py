"""Found by a break test: the unread marker and what a group answers visitors who are not
logged in."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from community import services
from community.models import GroupNewsPage, GroupPage, Membership
from tests.factories import folder_of, make_group, member_of

pytestmark = pytest.mark.django_db


def _unread(client, folder):
    return "portal-badge--new" in client.get(folder.get_url()).content.decode()


def test_a_reply_committed_while_the_page_was_built_stays_unread(tree, client):
    group = make_group("Algemeen overleg")
    folder = folder_of(group)
    author, reader = member_of(group), member_of(group)
    thread = services.create_thread(author=author, folder=folder, title="Draad", body="Eerst")
    client.force_login(reader)
    client.get(thread.get_url())
    assert not _unread(client, folder)
    # The reply takes its time when its transaction starts and commits after the reader's
    # page was built: the page does not show it.
    reply_started = timezone.now() + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now",
                    return_value=reply_started + timedelta(milliseconds=50)):
        page = client.get(thread.get_url()).content.decode()
    with mock.patch("community.services.timezone.now", return_value=reply_started):
        reply = services.create_reply(author=author, thread=thread, body="Traag")
    assert f'id="bericht-{reply.pk}"' not in page
    assert _unread(client, folder)
    client.get(thread.get_url())
    assert not _unread(client, folder)


def test_not_logged_in_every_address_inside_a_group_asks_to_log_in(tree, client):
    group = make_group("Werkgroep havens", kind=GroupPage.Kind.WORKING)
    member_of(group, role=Membership.Role.COORDINATOR)
    news = GroupNewsPage(title="Vertrouwelijk besluit", slug="besluit", lead="x", body="<p>x</p>")
    group.add_child(instance=news)
    for url in (news.url, group.url + "bestaat-niet/", news.url + "extra/",
                group.url + "onderwerp/999999/", group.url + "map/geen-map/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/account/login/?next="), url
    assert client.get("/groepen/bestaat-niet/iets/").status_code == 404  # no such group


def test_ones_own_thread_and_reply_are_not_new_for_oneself(tree, client):
    group = make_group("Algemeen overleg")
    folder = folder_of(group)
    author, other = member_of(group), member_of(group)
    thread = services.create_thread(author=author, folder=folder, title="Eigen", body="Eerst")
    client.force_login(author)
    assert not _unread(client, folder)  # never opened, but written by oneself
    services.create_reply(author=other, thread=thread, body="Van een ander")
    assert _unread(client, folder)
    # Replying without having read the other's reply: that reply stays marked.
    services.create_reply(author=author, thread=thread, body="Eigen reactie")
    assert _unread(client, folder)
    client.get(thread.get_url())
    assert not _unread(client, folder)
    services.create_reply(author=author, thread=thread, body="Nog een eigen reactie")
    assert not _unread(client, folder)
