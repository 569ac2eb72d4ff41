"""The leak matrix: every surface × every kind of visitor, each cell an exact outcome.

Closed content of a working group must reach its members only: not through pages, permalinks,
file downloads, counts in the groups overview, profile pages, or page titles and meta tags.
The dashboard ("Mijn netwerk", newest threads and open consultations in one's groups) is
checked too, and a consultation of the working group (its page, and its place on the
group page and the dashboard).
Outcomes: "content" (200 with the closed content), "public" (200 with the public face only),
"404", "login" (redirect to the login page), "unlisted" (200, group not mentioned at all).
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from advocacy import services as advocacy_services
from community import services
from community.models import Attachment, GroupPage, Membership
from tests.community.files import pdf_bytes, upload
from tests.factories import GuestFactory, UserFactory, folder_of, make_editor, make_group, member_of

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Geheim dossier leegstaande stallen"
SECRET_REPLY = "Vertrouwelijke reactie over de eigenaar"
SECRET_FILE = "geheim-rapport.pdf"
SECRET_FOLDER = "Casuïstiek"
SECRET_CONSULTATION = "Consultatie over de sluiting van stallen"
SECRETS = (SECRET_TITLE, SECRET_REPLY, SECRET_FILE, SECRET_FOLDER, SECRET_CONSULTATION)

ROLES = ["member", "non_member", "guest_other", "anonymous", "removed", "deactivated"]

EXPECTED = {
    #                 member     non_member  guest_other anonymous  removed   deactivated
    "group_page":    ("content", "public",   "404",      "public",  "public", "public"),
    "folder_page":   ("content", "404",      "404",      "login",   "404",    "login"),
    "thread_page":   ("content", "404",      "404",      "login",   "404",    "login"),
    "permalink":     ("content", "404",      "404",      "login",   "404",    "login"),
    "file_download": ("content", "404",      "404",      "login",   "404",    "login"),
    "group_counts":  ("content", "public",   "unlisted", "public",  "public", "public"),
    "profile_posts": ("content", "public",   "404",      "login",   "public", "login"),
    "title_meta":    ("content", "404",      "404",      "login",   "404",    "login"),
    "dashboard":     ("content", "public",   "public",   "login",   "public", "login"),
    "consultation":  ("content", "404",      "404",      "login",   "404",    "login"),
}
CELLS = [(surface, role, EXPECTED[surface][i]) for surface in EXPECTED for i, role in enumerate(ROLES)]


@pytest.fixture
def world(tree):
    working = make_group("Werkgroep buitengebied", kind=GroupPage.Kind.WORKING, folders=(SECRET_FOLDER,),
                         description="Openbare omschrijving van de werkgroep.")
    other = make_group("Werkgroep havens", kind=GroupPage.Kind.WORKING, folders=("Algemeen",))
    make_group("Veiligheidsbeleid", folders=("Algemeen",))
    coordinator = member_of(working, role=Membership.Role.COORDINATOR)
    member = member_of(working)
    folder = folder_of(working)
    thread = services.create_thread(author=coordinator, folder=folder, title=SECRET_TITLE,
                                    body="Alleen voor de werkgroep.")
    reply = services.create_reply(author=coordinator, thread=thread, body=SECRET_REPLY)
    services.upload_file(uploader=coordinator, folder=folder, upload=upload(SECRET_FILE, pdf_bytes()))
    users = {
        "member": member,
        "non_member": UserFactory(),
        "guest_other": member_of(other, user=GuestFactory()),
        "removed": member_of(working),
        "deactivated": member_of(working),
    }
    consultation = advocacy_services.open_consultation(
        editor=make_editor(), group=working, title=SECRET_CONSULTATION,
        question="Hoe vaak?", closes_at=timezone.now() + timedelta(days=7))
    services.remove_member(user=users["removed"], group=working)
    return {"group": working, "folder": folder, "thread": thread, "reply": reply,
            "file": Attachment.objects.get(), "author": coordinator, "users": users,
            "consultation": consultation}


def _login_as(client, world, role):
    if role == "anonymous":
        return
    user = world["users"][role]
    client.force_login(user)
    if role == "deactivated":
        user.is_active = False
        user.save(update_fields=["is_active"])


def _url(surface, world):
    group = world["group"]
    return {
        "group_page": group.url,
        "folder_page": world["folder"].get_url(),
        "thread_page": world["thread"].get_url(),
        "permalink": group.url + f"bericht/{world['reply'].pk}/",
        "file_download": world["file"].get_url(),
        "group_counts": "/groepen/",
        "profile_posts": f"/mijn-netwerk/leden/{world['author'].pk}/",
        "title_meta": world["thread"].get_url(),
        "dashboard": "/mijn-netwerk/",
        "consultation": world["consultation"].get_absolute_url(),
    }[surface]


def _body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("latin-1")
    return response.content.decode()


def _head(html):
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    metas = re.findall(r"<meta[^>]+>", html)
    return (title.group(1) if title else "") + " ".join(metas)


@pytest.mark.parametrize("surface,role,outcome", CELLS, ids=[f"{s}-{r}" for s, r, _ in CELLS])
def test_leak_matrix(client, world, surface, role, outcome):
    _login_as(client, world, role)
    response = client.get(_url(surface, world), follow=surface == "permalink" and outcome == "content")
    html = _body(response)

    if outcome == "login":
        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/")
        return
    if outcome == "404":
        assert response.status_code == 404
        for secret in SECRETS:
            assert secret not in html
        return

    assert response.status_code == 200
    group = world["group"]
    if outcome == "unlisted":
        assert group.title not in html
        return
    if outcome == "public":
        for secret in SECRETS:
            assert secret not in html
        if surface == "group_page":
            assert group.title in html and group.description in html
        if surface == "group_counts":
            assert group.title in html and "1 onderwerp" not in html
        if surface == "profile_posts":
            assert world["author"].display_name in html
        return

    # outcome == "content"
    expected = {
        "group_page": [SECRET_FOLDER, SECRET_TITLE, SECRET_CONSULTATION],
        "folder_page": [SECRET_TITLE, SECRET_FILE],
        "thread_page": [SECRET_TITLE, SECRET_REPLY],
        "permalink": [SECRET_REPLY],
        "file_download": ["%PDF-1.4"],
        "group_counts": ["1 onderwerp"],
        "profile_posts": [SECRET_TITLE],
        "title_meta": [SECRET_TITLE],
        "dashboard": [SECRET_TITLE, SECRET_CONSULTATION],
        "consultation": [SECRET_CONSULTATION, "Hoe vaak?"],
    }[surface]
    checked = _head(html) if surface == "title_meta" else html
    for text in expected:
        assert text in checked


def test_title_and_meta_of_closed_thread_never_name_it_for_outsiders(client, world):
    """Besides the 404: the head of the public group page names the group, nothing inside."""
    client.force_login(world["users"]["non_member"])
    head = _head(client.get(world["group"].url).content.decode())
    assert world["group"].title in head
    for secret in SECRETS:
        assert secret not in head
