"""Working groups: asking to join, approving or refusing, inviting and removing members."""

import re

import pytest
from django.core import mail

from community import services
from community.models import GroupPage, JoinRequest, Membership
from tests.factories import GuestFactory, UserFactory, folder_of, make_editor, make_group, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def working(tree):
    group = make_group("Werkgroep buitengebied", kind=GroupPage.Kind.WORKING, folders=("Casuïstiek",))
    coordinator = member_of(group, role=Membership.Role.COORDINATOR)
    return group, coordinator


def test_member_asks_to_join_coordinator_approves_and_asker_is_mailed(client, working, django_capture_on_commit_callbacks):
    group, coordinator = working
    asker = UserFactory(first_name="Sanne", last_name="Bakker")
    client.force_login(asker)
    landing = client.get(group.url).content.decode()
    assert "Vraag om deel te nemen" in landing
    response = client.post(group.url + "verzoek/", {"message": "Wij hebben dezelfde problemen."}, follow=True)
    assert "Uw verzoek is verstuurd" in response.content.decode()
    client.post(group.url + "verzoek/", {"message": "Nog een keer"})
    join = JoinRequest.objects.get()
    assert join.status == "pending" and join.message == "Wij hebben dezelfde problemen."
    assert client.get(folder_of(group).get_url()).status_code == 404

    assert client.get(group.url + "verzoeken/").status_code == 404  # askers do not manage
    client.force_login(coordinator)
    queue = client.get(group.url + "verzoeken/").content.decode()
    assert "Sanne Bakker" in queue and "Wij hebben dezelfde problemen." in queue
    with django_capture_on_commit_callbacks(execute=True):
        client.post(group.url + "verzoeken/", {"request_id": join.pk, "decision": "approve"})
    join.refresh_from_db()
    assert join.status == "approved" and join.decided_by == coordinator
    assert Membership.objects.filter(user=asker, group=group).exists()
    [message] = mail.outbox
    assert message.to == [asker.email] and "toegelaten" in message.subject

    client.force_login(asker)
    assert client.get(folder_of(group).get_url()).status_code == 200


def test_refused_request_mails_the_asker_and_grants_nothing(client, working, django_capture_on_commit_callbacks):
    group, coordinator = working
    asker = UserFactory()
    services.request_join(user=asker, group=group, message="Graag")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(group.url + "verzoeken/", {"request_id": JoinRequest.objects.get().pk, "decision": "refuse"})
    assert JoinRequest.objects.get().status == "refused"
    assert not Membership.objects.filter(user=asker, group=group).exists()
    [message] = mail.outbox
    assert message.to == [asker.email] and "niet toegekend" in message.body


def test_guests_and_members_cannot_ask_for_general_groups_or_twice(client, working, tree):
    group, _ = working
    general = make_group("Veiligheidsbeleid")
    guest = GuestFactory()
    client.force_login(guest)
    assert client.get(group.url + "verzoek/").status_code == 404
    client.force_login(UserFactory())
    assert client.get(general.url + "verzoek/").status_code == 404


def test_coordinator_invites_existing_member_who_joins_by_accepting_and_is_removed_at_once(
        client, working, django_capture_on_commit_callbacks):
    group, coordinator = working
    colleague = UserFactory(email="collega@utrecht.nl")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(group.url + "leden/", {"email": "Collega@Utrecht.nl"}, follow=True)
    assert "ontvangt de persoon een uitnodiging" in response.content.decode()
    assert not Membership.objects.filter(user=colleague, group=group).exists()  # no consent yet
    [message] = mail.outbox
    link = re.search(r"http://testserver(/toegang/uitnodiging/\S+/)", message.body).group(1)
    client.force_login(colleague)
    client.post(link)
    assert Membership.objects.filter(user=colleague, group=group).exists()

    client.force_login(coordinator)
    thread = services.create_thread(author=coordinator, folder=folder_of(group), title="Geheim", body="x")
    client.force_login(colleague)
    assert client.get(thread.get_url()).status_code == 200
    client.force_login(coordinator)
    client.post(group.url + "leden/", {"action": "remove", "user_id": colleague.pk})
    assert not Membership.objects.filter(user=colleague, group=group).exists()
    client.force_login(colleague)
    assert client.get(thread.get_url()).status_code == 404


def test_plain_members_and_other_coordinators_cannot_manage(client, working, tree):
    group, _ = working
    plain = member_of(group)
    other = make_group("Werkgroep havens", kind=GroupPage.Kind.WORKING)
    other_coordinator = member_of(other, role=Membership.Role.COORDINATOR)
    for user in (plain, other_coordinator, UserFactory()):
        client.force_login(user)
        for suffix in ("leden/", "verzoeken/", "mappen/"):
            assert client.get(group.url + suffix).status_code == 404, (user, suffix)
        client.post(group.url + "leden/", {"action": "remove", "user_id": plain.pk})
    assert Membership.objects.filter(user=plain, group=group).exists()
    client.force_login(make_editor())
    assert client.get(group.url + "leden/").status_code == 200


def test_tampered_ids_answer_404_not_500(client, working):
    group, coordinator = working
    client.force_login(coordinator)
    assert client.post(group.url + "verzoeken/", {"request_id": "abc", "decision": "approve"}).status_code == 404
    assert client.post(group.url + "leden/", {"action": "remove", "user_id": "1 OR 1=1"}).status_code == 404
    assert client.post(group.url + "mappen/", {"action": "rename", "folder_id": "", "title": "x"}).status_code == 404
