"""Joining groups, starting threads, replying; working groups stay closed."""

import uuid

import pytest
from django.urls import reverse

from community.models import Activity, GroupPage, Membership, Post, Thread
from tests.factories import GuestFactory, UserFactory, folder_of, make_group, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(tree):
    general = make_group("Veiligheidsbeleid", folders=("Integraal veiligheidsplan", "Analyses"))
    working = make_group("Werkgroep buitengebied", kind=GroupPage.Kind.WORKING, folders=("Casuïstiek",))
    return general, working


def thread_url(thread):
    return thread.get_url()


def test_member_joins_general_group_and_follows_at_default_frequency(client, groups):
    general, _ = groups
    user = UserFactory(default_signal_frequency="weekly")
    client.force_login(user)
    response = client.post(general.url + "lidmaatschap/", {"action": "join"}, follow=True)
    assert response.status_code == 200
    membership = Membership.objects.get(user=user, group=general)
    assert membership.signal_frequency == "weekly"
    assert "U bent lid van Veiligheidsbeleid" in response.content.decode()


def test_member_starts_thread_in_folder_and_replies(client, groups):
    general, _ = groups
    user = member_of(general)
    client.force_login(user)
    folder = folder_of(general, "Analyses")
    token = str(uuid.uuid4())
    response = client.post(
        folder.get_url() + "nieuw/",
        {"title": "Wie heeft een goede veiligheidsanalyse?", "body": "Graag voorbeelden.\n\nDank!",
         "client_token": token},
    )
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == thread.get_url()
    assert thread.folder == folder and thread.group.pk == general.pk
    assert thread.posts.get().body == "<p>Graag voorbeelden.</p><p>Dank!</p>"
    assert Activity.objects.filter(kind="thread", thread=thread, actor=user).count() == 1

    page = client.get(thread.get_url())
    assert "Wie heeft een goede veiligheidsanalyse?" in page.content.decode()

    response = client.post(thread.get_url(), {"body": "Ik stuur je de onze.", "client_token": str(uuid.uuid4())})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.reply_count == 1
    assert Activity.objects.filter(kind="reply").count() == 1


def test_double_submitted_form_creates_one_post(client, groups):
    general, _ = groups
    user = member_of(general)
    client.force_login(user)
    folder = folder_of(general)
    data = {"title": "Dubbel", "body": "Een keer graag.", "client_token": str(uuid.uuid4())}
    first = client.post(folder.get_url() + "nieuw/", data)
    second = client.post(folder.get_url() + "nieuw/", data)
    assert Thread.objects.count() == 1 and Post.objects.count() == 1
    assert first["Location"] == second["Location"]
    thread = Thread.objects.get()
    reply = {"body": "Reactie", "client_token": str(uuid.uuid4())}
    client.post(thread.get_url(), reply)
    client.post(thread.get_url(), reply)
    assert Post.objects.count() == 2


def test_hostile_html_is_stored_harmless(client, groups):
    general, _ = groups
    user = member_of(general)
    client.force_login(user)
    body = (
        '<p onclick="steal()">Hallo <script>alert(1)</script><a href="javascript:alert(1)">x</a>'
        '<a href="data:text/html,boo">y</a><a href="https://vng.nl">vng</a><img src=x onerror=alert(1)></p>'
    )
    client.post(folder_of(general).get_url() + "nieuw/",
                {"title": "Test", "body": body, "client_token": str(uuid.uuid4())})
    stored = Post.objects.get().body
    for bad in ("<script", "onclick", "javascript:", "data:", "<img", "onerror"):
        assert bad not in stored
    assert 'href="https://vng.nl"' in stored


def test_empty_or_oversized_post_gets_dutch_message_and_changes_nothing(client, groups, settings):
    general, _ = groups
    settings.POST_MAX_CHARS = 100
    user = member_of(general)
    client.force_login(user)
    url = folder_of(general).get_url() + "nieuw/"
    r1 = client.post(url, {"title": "Leeg", "body": "<p> </p>", "client_token": str(uuid.uuid4())})
    assert "een leeg bericht kan niet worden geplaatst" in r1.content.decode()
    r2 = client.post(url, {"title": "Lang", "body": "x" * 101, "client_token": str(uuid.uuid4())})
    assert "Uw bericht is te lang" in r2.content.decode()
    assert not Thread.objects.exists() and not Activity.objects.exists()


def test_working_group_is_closed_to_non_members(client, groups):
    general, working = groups
    coordinator = member_of(working, role=Membership.Role.COORDINATOR)
    from community import services

    secret = services.create_thread(author=coordinator, folder=folder_of(working),
                                    title="Geheim dossier stallen", body="Alleen voor de werkgroep.")
    outsider = member_of(general)
    client.force_login(outsider)

    assert client.get(secret.get_url()).status_code == 404
    assert client.get(folder_of(working).get_url()).status_code == 404
    assert client.get(folder_of(working).get_url() + "nieuw/").status_code == 404
    post = secret.posts.get()
    assert client.get(working.url + f"bericht/{post.pk}/").status_code == 404
    assert client.post(secret.get_url(), {"body": "ik ook", "client_token": str(uuid.uuid4())}).status_code == 404

    landing = client.get(working.url)
    assert landing.status_code == 200
    html = landing.content.decode()
    assert working.title in html and working.description in html
    assert "Casuïstiek" not in html

    for url in ("/", reverse("community:dashboard"), "/groepen/", general.url, working.url,
                folder_of(general).get_url(), reverse("notifications:settings")):
        html = client.get(url).content.decode()
        assert "Geheim dossier stallen" not in html, url

    client.force_login(coordinator)
    assert client.get(secret.get_url()).status_code == 200


def test_anonymous_visitor_is_sent_to_login_from_inside_any_group(client, groups):
    general, working = groups
    for url in (folder_of(general).get_url(), folder_of(working).get_url(), general.url + "onderwerp/999/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/account/login/")


def test_guest_sees_only_their_working_group(client, groups):
    general, working = groups
    guest = member_of(working, user=GuestFactory())
    client.force_login(guest)
    assert client.get(folder_of(general).get_url()).status_code == 404
    assert client.get(general.url).status_code == 404
    assert client.get(folder_of(working).get_url()).status_code == 200
    html = client.get("/groepen/").content.decode()
    assert general.title not in html.split("<main", 1)[1]


def test_plain_text_addresses_become_safe_links():
    from community.sanitise import clean_html

    html = clean_html('Zie https://www.vng.nl/onderwerpen?x=1&y=2. En "javascript:alert(1)" niet.')
    assert '<a href="https://www.vng.nl/onderwerpen?x=1&amp;y=2" rel="noopener noreferrer nofollow">' in html
    assert "javascript:alert(1)</a>" not in html and 'href="javascript' not in html
