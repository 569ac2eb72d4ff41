"""Hostile input is stored harmless or refused with a Dutch message, on every write path."""

import uuid

import pytest

from community import services
from community.models import Post
from tests.factories import folder_of, make_group, member_of

pytestmark = pytest.mark.django_db

PAYLOADS = [
    ('<p>Hallo<script>alert(1)</script></p>', "<script"),
    ('<a href="javascript:alert(1)">klik</a>', "javascript:"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">klik</a>', "data:"),
    ('<p onclick="steal()" onmouseover="x()">tekst</p>', "onclick"),
    ('<img src=x onerror=alert(1)>tekst', "onerror"),
    ('<iframe src="https://evil.example"></iframe>tekst', "<iframe"),
    ('<a href="JaVaScRiPt:alert(1)">klik</a>', "avascript"),
    ('<p style="background:url(javascript:x)">tekst</p>', "style="),
]


@pytest.fixture
def setting(tree):
    group = make_group("Veiligheidsbeleid")
    author = member_of(group)
    thread = services.create_thread(author=author, folder=folder_of(group), title="Vraag", body="Begin")
    return group, author, thread


@pytest.mark.parametrize("payload,forbidden", PAYLOADS)
def test_hostile_reply_is_cleaned(client, setting, payload, forbidden):
    _, author, thread = setting
    client.force_login(author)
    client.post(thread.get_url(), {"body": payload + " ok", "client_token": str(uuid.uuid4())})
    stored = Post.objects.exclude(is_opening=True).get().body
    assert forbidden.lower() not in stored.lower()
    assert "ok" in stored


@pytest.mark.parametrize("payload,forbidden", PAYLOADS)
def test_hostile_edit_is_cleaned(client, setting, payload, forbidden):
    group, author, thread = setting
    post = thread.posts.get()
    client.force_login(author)
    client.post(group.url + f"bericht/{post.pk}/bewerken/", {"body": payload + " ok"})
    post.refresh_from_db()
    assert forbidden.lower() not in post.body.lower() and "ok" in post.body


def test_oversized_reply_and_edit_are_refused_in_dutch(client, setting, settings):
    group, author, thread = setting
    settings.POST_MAX_CHARS = 50
    client.force_login(author)
    response = client.post(thread.get_url(), {"body": "x" * 51, "client_token": str(uuid.uuid4())})
    assert "Uw bericht is te lang: maximaal 50 tekens." in response.content.decode()
    post = thread.posts.get()
    response = client.post(group.url + f"bericht/{post.pk}/bewerken/", {"body": "y" * 51})
    assert "Uw bericht is te lang" in response.content.decode()
    post.refresh_from_db()
    assert post.body == "<p>Begin</p>" and thread.posts.count() == 1


def test_hostile_join_message_and_report_reason_are_escaped(client, tree):
    from community.models import GroupPage, Membership

    working = make_group("Werkgroep", kind=GroupPage.Kind.WORKING)
    coordinator = member_of(working, role=Membership.Role.COORDINATOR)
    from tests.factories import UserFactory

    asker = UserFactory()
    services.request_join(user=asker, group=working, message='<script>alert("x")</script>')
    client.force_login(coordinator)
    html = client.get(working.url + "verzoeken/").content.decode()
    assert '<script>alert("x")</script>' not in html and "&lt;script&gt;" in html


def test_request_body_over_the_upload_limit_gets_the_dutch_400_page(client, setting, settings):
    _, author, thread = setting
    client.force_login(author)
    body = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(thread.get_url(), {"body": body, "client_token": str(uuid.uuid4())})
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="nl"' in html and "Ongeldig verzoek" in html and "te groot" in html
    assert "Bad Request" not in html
    assert thread.posts.count() == 1


def test_permission_denied_gets_the_dutch_403_page(rf, tree):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/mijn-netwerk/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="nl"' in html and "Geen toegang" in html and "403 Forbidden" not in html
