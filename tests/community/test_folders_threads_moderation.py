"""Folders managed by coordinators; quoting, editing, deleting; unread marks; moderation."""

import uuid

import pytest

from community import services
from community.models import (
    Activity,
    Folder,
    GroupPage,
    Membership,
    ModerationAction,
    Post,
    PostReport,
    Thread,
)
from tests.factories import UserFactory, folder_of, make_editor, make_group, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(tree):
    return make_group("Veiligheidsbeleid", folders=("Analyses", "Raadsinformatie"))


def test_coordinator_creates_renames_reorders_and_archives_folders(client, group):
    coordinator = member_of(group, role=Membership.Role.COORDINATOR)
    client.force_login(coordinator)
    url = group.url + "mappen/"
    response = client.post(url, {"action": "add", "title": "Evaluaties", "description": "Terugblikken"}, follow=True)
    assert "De map is aangemaakt." in response.content.decode()
    response = client.post(url, {"action": "add", "title": "evaluaties"})
    assert "Er is al een map met deze naam." in response.content.decode()
    evaluaties = Folder.objects.get(group=group, title="Evaluaties")

    client.post(url, {"action": "rename", "folder_id": evaluaties.pk, "title": "Evaluaties 2026"})
    evaluaties.refresh_from_db()
    assert evaluaties.title == "Evaluaties 2026"
    response = client.post(url, {"action": "rename", "folder_id": evaluaties.pk, "title": "  "}, follow=True)
    assert "Geef de map een naam." in response.content.decode()

    client.post(url, {"action": "up", "folder_id": evaluaties.pk})
    order = list(Folder.objects.filter(group=group).order_by("position").values_list("title", flat=True))
    assert order == ["Analyses", "Evaluaties 2026", "Raadsinformatie"]

    client.post(url, {"action": "archive", "folder_id": evaluaties.pk})
    evaluaties.refresh_from_db()
    assert evaluaties.is_archived
    member = member_of(group)
    client.force_login(member)
    assert "Evaluaties 2026" not in client.get(group.url).content.decode()
    assert client.get(evaluaties.get_url() + "nieuw/").status_code == 404


def test_folder_lists_pinned_first_then_newest_activity_and_paginates(client, group):
    from datetime import timedelta

    from django.utils import timezone

    member = member_of(group)
    folder = folder_of(group, "Analyses")
    now = timezone.now()
    Thread.objects.bulk_create([
        Thread(group=group, folder=folder, title=f"Onderwerp {i:02d}", author=member,
               last_activity_at=now - timedelta(hours=i)) for i in range(30)
    ])
    old = Thread.objects.get(title="Onderwerp 29")
    old.is_pinned = True
    old.save()
    client.force_login(member)
    html = client.get(folder.get_url()).content.decode()
    assert html.index("Onderwerp 29") < html.index("Onderwerp 00") < html.index("Onderwerp 01")
    assert "Onderwerp 25" not in html and "Pagina 1 van 2" in html
    assert "Onderwerp 25" in client.get(folder.get_url() + "?pagina=2").content.decode()


def test_threads_with_activity_since_last_visit_are_marked(client, group):
    member = member_of(group)
    other = member_of(group)
    thread = services.create_thread(author=other, folder=folder_of(group), title="Vraag", body="x")
    client.force_login(member)
    mark = "Nieuw sinds uw laatste bezoek"
    assert mark in client.get(folder_of(group).get_url()).content.decode()
    client.get(thread.get_url())
    assert mark not in client.get(folder_of(group).get_url()).content.decode()
    services.create_reply(author=other, thread=thread, body="Nieuw antwoord")
    assert mark in client.get(folder_of(group).get_url()).content.decode()


def test_member_quotes_edits_and_deletes_own_post(client, group):
    author = member_of(group, user=UserFactory(first_name="Anna", last_name="Vries"))
    other = member_of(group)
    thread = services.create_thread(author=author, folder=folder_of(group), title="Vraag", body="Eerste tekst")
    opening = thread.posts.get()
    client.force_login(other)
    form = client.get(thread.get_url() + f"?citeer={opening.pk}").content.decode()
    assert "U citeert het bericht van Anna Vries." in form
    client.post(thread.get_url(), {"body": "Mee eens", "client_token": str(uuid.uuid4()), "quote": opening.pk})
    reply = Post.objects.get(author=other)
    assert reply.body.startswith("<blockquote><p><strong>Anna Vries:</strong> Eerste tekst</p></blockquote>")
    assert client.get(group.url + f"bericht/{opening.pk}/bewerken/").status_code == 404  # not own

    client.force_login(author)
    edit_form = client.get(group.url + f"bericht/{opening.pk}/bewerken/").content.decode()
    assert "Eerste tekst</textarea>" in edit_form and "&lt;p&gt;" not in edit_form
    client.post(group.url + f"bericht/{opening.pk}/bewerken/", {"body": "Verbeterde <script>x</script>tekst"})
    opening.refresh_from_db()
    assert opening.body == "Verbeterde tekst" and opening.edited_at is not None
    assert "bewerkt" in client.get(thread.get_url()).content.decode()

    client.post(group.url + f"bericht/{opening.pk}/verwijderen/")
    opening.refresh_from_db()
    assert opening.is_removed
    client.force_login(other)
    html = client.get(thread.get_url()).content.decode()
    assert "Dit bericht is verwijderd door de schrijver." in html and "Verbeterde tekst" not in html


def test_report_queue_hide_restore_lock_pin_move_are_logged(client, group, tree):
    coordinator = member_of(group, role=Membership.Role.COORDINATOR)
    author = member_of(group)
    reporter = member_of(group)
    thread = services.create_thread(author=author, folder=folder_of(group, "Analyses"), title="Ruzie", body="Scheldwoord")
    post = thread.posts.get()

    client.force_login(reporter)
    client.post(group.url + f"bericht/{post.pk}/melden/", {"reason": "Beledigend"})
    assert PostReport.objects.get().reason == "Beledigend"
    assert client.get("/mijn-netwerk/meldingen/").status_code == 404  # not a moderator

    client.force_login(coordinator)
    queue = client.get("/mijn-netwerk/meldingen/").content.decode()
    assert "Ruzie" in queue and "Beledigend" in queue
    client.post(group.url + f"bericht/{post.pk}/moderatie/", {"action": "hide", "next": "queue"})
    post.refresh_from_db()
    assert post.is_hidden and PostReport.objects.get().resolved_by == coordinator
    client.force_login(reporter)
    assert "Scheldwoord" not in client.get(thread.get_url()).content.decode()
    client.force_login(coordinator)
    client.post(group.url + f"bericht/{post.pk}/moderatie/", {"action": "restore"})
    client.post(group.url + f"onderwerp/{thread.pk}/moderatie/", {"action": "lock"})
    client.post(group.url + f"onderwerp/{thread.pk}/moderatie/", {"action": "pin"})
    client.post(group.url + f"onderwerp/{thread.pk}/moderatie/",
                {"action": "move", "folder": folder_of(group, "Raadsinformatie").pk})
    thread.refresh_from_db()
    assert thread.is_locked and thread.is_pinned and thread.folder.title == "Raadsinformatie"
    assert set(Activity.objects.filter(thread=thread).values_list("folder__title", flat=True)) == {"Raadsinformatie"}
    kinds = list(ModerationAction.objects.order_by("pk").values_list("kind", "actor"))
    assert kinds == [(k, coordinator.pk) for k in ("hide", "restore", "lock", "pin", "move")]

    client.force_login(author)
    response = client.post(thread.get_url(), {"body": "nog iets", "client_token": str(uuid.uuid4())})
    assert response.status_code == 404 and thread.posts.count() == 1


def test_coordinator_moderates_only_their_group_editors_everywhere(client, group, tree):
    other = make_group("Politiebestel")
    other_coordinator = member_of(other, role=Membership.Role.COORDINATOR)
    member = member_of(group)
    thread = services.create_thread(author=member, folder=folder_of(group), title="T", body="x")
    client.force_login(other_coordinator)
    response = client.post(group.url + f"onderwerp/{thread.pk}/moderatie/", {"action": "lock"})
    assert response.status_code == 404
    client.force_login(make_editor())
    client.post(group.url + f"onderwerp/{thread.pk}/moderatie/", {"action": "lock"})
    thread.refresh_from_db()
    assert thread.is_locked and ModerationAction.objects.count() == 1


def test_working_group_can_not_be_a_move_target_for_a_general_coordinator(client, group, tree):
    working = make_group("Werkgroep", kind=GroupPage.Kind.WORKING, folders=("Geheim",))
    coordinator = member_of(group, role=Membership.Role.COORDINATOR)
    thread = services.create_thread(author=coordinator, folder=folder_of(group), title="T", body="x")
    client.force_login(coordinator)
    client.post(group.url + f"onderwerp/{thread.pk}/moderatie/",
                {"action": "move", "folder": folder_of(working).pk})
    thread.refresh_from_db()
    assert thread.group_id == group.pk
