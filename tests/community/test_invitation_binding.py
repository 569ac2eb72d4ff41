"""An invitation belongs to the address it was sent to: nobody else can use the link, a
removal or direct admission withdraws open links, coordinators can withdraw one, and the
members page invites (with consent) instead of adding people directly."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from community import accounts_services, services
from community.models import GroupPage, Invitation, JoinRequest, Membership, User
from tests.factories import UserFactory, make_group, member_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_on_commit")]

PASSWORD = "Uitnodiging-wachtwoord-2026!"


@pytest.fixture
def working(tree):
    group = make_group("Werkgroep evenementen", kind=GroupPage.Kind.WORKING, folders=("Draaiboeken",))
    coordinator = member_of(group, role=Membership.Role.COORDINATOR)
    return group, coordinator


def link_for(address):
    [message] = [m for m in mail.outbox if m.to == [address]][-1:]
    return re.search(r"http://testserver(/toegang/uitnodiging/\S+/)", message.body).group(1)


def invite(group, coordinator, address):
    accounts_services.invite(inviter=coordinator, group=group, email=address)
    return link_for(address.lower())


def test_someone_else_logged_in_cannot_accept_a_forwarded_invitation(working):
    group, coordinator = working
    invited = UserFactory(email="lid@utrecht.nl")
    other = UserFactory(email="ander@utrecht.nl")
    link = invite(group, coordinator, "lid@utrecht.nl")

    client = Client()
    client.force_login(other)
    page = client.get(link)
    assert page.status_code == 403
    html = page.content.decode()
    assert "verstuurd naar een ander e-mailadres" in html and "Uitnodiging aannemen" not in html
    response = client.post(link)
    assert response.status_code == 403
    assert not Membership.objects.filter(user=other, group=group).exists()
    assert Invitation.objects.get().is_open  # nothing changed: the invitee can still use it

    client.force_login(invited)
    assert client.post(link).status_code == 302
    assert Membership.objects.filter(user=invited, group=group).exists()
    assert Invitation.objects.get().accepted_by == invited


def test_the_account_address_is_compared_normalised(working):
    group, coordinator = working
    invited = UserFactory(email="K.deVries@Utrecht.NL")
    link = invite(group, coordinator, "k.devries@utrecht.nl")
    client = Client()
    client.force_login(invited)
    assert client.post(link).status_code == 302
    assert Membership.objects.filter(user=invited, group=group).exists()


def test_the_service_refuses_an_account_with_another_address(working):
    group, coordinator = working
    invitation = accounts_services.invite(inviter=coordinator, group=group, email="lid@utrecht.nl")
    with pytest.raises(ValidationError):
        accounts_services.accept_invitation(invitation=invitation, user=UserFactory(email="x@utrecht.nl"))
    assert not Membership.objects.filter(group=group).exclude(user=coordinator).exists()


def test_registering_through_an_invitation_always_gets_the_invited_address(working):
    group, coordinator = working
    link = invite(group, coordinator, "p.jansen@minjenv.nl")
    client = Client()
    assert "p.jansen@minjenv.nl" in client.get(link).content.decode()
    response = client.post(link, {
        "first_name": "Piet", "last_name": "Jansen", "function": "Adviseur",
        "email": "indringer@example.com",  # not a field of the form: ignored
        "password1": PASSWORD, "password2": PASSWORD,
    })
    assert response.status_code == 302
    user = User.objects.get(first_name="Piet")
    assert user.email == "p.jansen@minjenv.nl"
    assert not User.objects.filter(email__iexact="indringer@example.com").exists()
    assert Membership.objects.filter(user=user, group=group).exists()


def test_removal_withdraws_open_invitations_so_an_old_link_cannot_readmit(working):
    group, coordinator = working
    member = member_of(group, UserFactory(email="lid@utrecht.nl"))
    link = invite(group, coordinator, "lid@utrecht.nl")  # e.g. sent while already a member

    client = Client()
    client.force_login(coordinator)
    client.post(group.url + "leden/", {"action": "remove", "user_id": member.pk})
    assert not Membership.objects.filter(user=member, group=group).exists()
    assert not Invitation.objects.exists()

    client.force_login(member)
    assert client.get(link).status_code == 404
    client.post(link)
    assert not Membership.objects.filter(user=member, group=group).exists()


def test_remove_member_service_withdraws_invitations_of_that_group_only(working, tree):
    group, coordinator = working
    other = make_group("Werkgroep havens", kind=GroupPage.Kind.WORKING)
    other_coordinator = member_of(other, role=Membership.Role.COORDINATOR)
    member = member_of(group, UserFactory(email="lid@utrecht.nl"))
    accounts_services.invite(inviter=coordinator, group=group, email="LID@utrecht.nl")
    elsewhere = accounts_services.invite(inviter=other_coordinator, group=other, email="lid@utrecht.nl")
    services.remove_member(user=member, group=group)
    assert list(Invitation.objects.all()) == [elsewhere]


def test_direct_admission_withdraws_open_invitations(working):
    group, coordinator = working
    asker = UserFactory(email="vrager@utrecht.nl")
    link = invite(group, coordinator, "vrager@utrecht.nl")
    join = services.request_join(user=asker, group=group, message="Graag")
    services.decide_join_request(actor=coordinator, join_request=join, approve=True)
    assert Membership.objects.filter(user=asker, group=group).exists()
    assert not Invitation.objects.exists()
    services.remove_member(user=asker, group=group)
    client = Client()
    client.force_login(asker)
    assert client.get(link).status_code == 404


def test_accepting_one_invitation_withdraws_the_others_and_settles_a_pending_request(working):
    group, coordinator = working
    member = UserFactory(email="lid@utrecht.nl")
    first = accounts_services.invite(inviter=coordinator, group=group, email="lid@utrecht.nl")
    services.request_join(user=member, group=group, message="Graag")
    accounts_services.accept_invitation(invitation=first, user=member)
    [invitation] = Invitation.objects.all()
    assert invitation.accepted_by == member
    assert JoinRequest.objects.get().status == JoinRequest.Status.APPROVED


def test_members_page_invites_and_answers_the_same_for_known_and_unknown_addresses(working):
    group, coordinator = working
    known = UserFactory(email="collega@utrecht.nl")
    client = Client()
    client.force_login(coordinator)
    answers = []
    for address in ("collega@utrecht.nl", "onbekend@utrecht.nl"):
        response = client.post(group.url + "leden/", {"email": address})
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
        answers.append((response["Location"],
                        "Als dit adres bij het OOV-netwerk hoort, ontvangt de persoon een uitnodiging" in page))
    assert answers[0] == answers[1] and answers[0][1]
    # Nobody was added: both only got an invitation.
    assert not Membership.objects.filter(user=known, group=group).exists()
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "collega@utrecht.nl", "onbekend@utrecht.nl"]
    assert sorted(m.to[0] for m in mail.outbox) == ["collega@utrecht.nl", "onbekend@utrecht.nl"]


def test_coordinator_withdraws_an_open_invitation_and_the_link_stops_working(working):
    group, coordinator = working
    invited = UserFactory(email="lid@utrecht.nl")
    link = invite(group, coordinator, "lid@utrecht.nl")
    invitation = Invitation.objects.get()

    plain = member_of(group)
    client = Client()
    client.force_login(plain)
    assert client.post(group.url + "leden/", {"action": "revoke",
                                              "invitation_id": invitation.pk}).status_code == 404
    assert Invitation.objects.exists()

    client.force_login(coordinator)
    assert "lid@utrecht.nl" in client.get(group.url + "leden/").content.decode()
    response = client.post(group.url + "leden/", {"action": "revoke", "invitation_id": invitation.pk},
                           follow=True)
    assert "is ingetrokken" in response.content.decode()
    assert not Invitation.objects.exists()
    assert client.post(group.url + "leden/", {"action": "revoke", "invitation_id": "x"}).status_code == 404

    client.force_login(invited)
    assert client.get(link).status_code == 404
    assert not Membership.objects.filter(user=invited, group=group).exists()


def test_general_group_members_page_sends_no_invitations(tree):
    general = make_group("Veiligheidsbeleid")
    coordinator = member_of(general, role=Membership.Role.COORDINATOR)
    client = Client()
    client.force_login(coordinator)
    response = client.get(general.url + "leden/")
    assert response.status_code == 200 and "Deelnemer uitnodigen" not in response.content.decode()
    assert client.post(general.url + "leden/", {"email": "collega@utrecht.nl"}).status_code == 404
    assert not Invitation.objects.exists() and mail.outbox == []
