"""Guests: invited by e-mail into a working group, whatever their domain; they see that
working group and nothing else, and lose it when removed."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community import accounts_services, services
from community.models import GroupPage, Invitation, Membership, Post, User
from tests.factories import GuestFactory, UserFactory, folder_of, make_editor, make_group, member_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_on_commit")]

M = Membership

NEW_PASSWORD = "Gast-wachtwoord-2026!"


@pytest.fixture
def world(tree):
    general = make_group("Veiligheidsbeleid", folders=("Analyses",))
    other_general = make_group("Politiebestel", folders=("Algemeen",))
    mine = make_group("Werkgroep evenementen", kind=GroupPage.Kind.WORKING, folders=("Draaiboeken",))
    closed = make_group("Werkgroep ondermijning", kind=GroupPage.Kind.WORKING, folders=("Casussen",))
    author = UserFactory()
    for group in (general, other_general, mine, closed):
        member_of(group, author)
    threads = {}
    for group, title in [(general, "Algemeen onderwerp over cameratoezicht"),
                         (other_general, "Algemeen onderwerp over wijkagenten"),
                         (mine, "Draaiboek koningsdag"),
                         (closed, "Geheime casus ondermijning")]:
        threads[group.pk] = services.create_thread(
            author=author, folder=folder_of(group), title=title, body="Tekst van het onderwerp.")
    coordinator = member_of(mine, role=M.Role.COORDINATOR)
    return {"general": general, "other_general": other_general, "mine": mine,
            "closed": closed, "threads": threads, "coordinator": coordinator}


def invitation_link(address):
    [message] = [m for m in mail.outbox if m.to == [address]]
    return re.search(r"http://testserver(/toegang/uitnodiging/\S+/)", message.body).group(1)


def invite_and_register(world, address="p.jansen@minjenv.nl"):
    coordinator_client = Client()
    coordinator_client.force_login(world["coordinator"])
    response = coordinator_client.post(world["mine"].url + "uitnodigen/", {"email": address})
    assert response.status_code == 302
    link = invitation_link(address)
    guest_client = Client()
    page = guest_client.get(link)
    assert page.status_code == 200 and "Werkgroep evenementen" in page.content.decode()
    response = guest_client.post(link, {
        "first_name": "Piet", "last_name": "Jansen", "function": "Beleidsmedewerker JenV",
        "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
    })
    assert response.status_code == 302 and response["Location"] == world["mine"].url
    return User.objects.get(email=address), guest_client


def urls_of(group, thread):
    post = Post.objects.filter(thread=thread).first()
    return [
        group.url,
        folder_of(group).get_url(),
        folder_of(group).get_url() + "nieuw/",
        thread.get_url(),
        group.url + f"bericht/{post.pk}/",
        group.url + "lidmaatschap/",
    ]


def test_coordinator_invites_an_outside_professional_who_registers_as_guest(world):
    guest, _client = invite_and_register(world)
    assert guest.kind == User.Kind.GUEST and guest.organisation is None
    assert guest.emailaddress_set.get().verified
    assert Membership.objects.filter(user=guest).get().group.pk == world["mine"].pk
    assert Invitation.objects.get().accepted_by == guest


def test_invited_municipal_address_becomes_a_member(world):
    user, _client = invite_and_register(world, "k.devries@amsterdam.nl")
    assert user.kind == User.Kind.MEMBER and user.organisation.name == "Amsterdam"


def test_guest_sees_only_their_working_group_and_after_removal_nothing(world):
    guest, client = invite_and_register(world)
    threads = world["threads"]
    mine = world["mine"]
    for page in urls_of(mine, threads[mine.pk])[:5]:
        assert client.get(page).status_code in (200, 302), page  # the permalink redirects
    for key in ("general", "other_general", "closed"):
        group = world[key]
        for page in urls_of(group, threads[group.pk]):
            method = client.post if page.endswith("lidmaatschap/") else client.get
            assert method(page).status_code == 404, page

    hidden_titles = [world["general"].title, world["other_general"].title, world["closed"].title]
    hidden_titles += [threads[world[k].pk].title for k in ("general", "other_general", "closed")]
    for page in ["/groepen/", reverse("community:dashboard"), "/"]:
        html = client.get(page).content.decode()
        for title in hidden_titles:
            assert title not in html, (page, title)
    assert threads[mine.pk].title in client.get(reverse("community:dashboard")).content.decode()
    # Guests see no member profiles either.
    assert client.get(reverse("community:member_profile", args=[world["coordinator"].pk])).status_code == 404

    services.remove_member(user=guest, group=mine)
    for page in urls_of(mine, threads[mine.pk])[:5]:
        assert client.get(page).status_code == 404, page
    assert mine.title not in client.get("/groepen/").content.decode()


def test_existing_account_accepts_the_invitation_when_logged_in(world):
    member = UserFactory(email="lid@utrecht.nl")
    accounts_services.invite(inviter=world["coordinator"], group=world["mine"], email="lid@utrecht.nl")
    link = invitation_link("lid@utrecht.nl")
    client = Client()
    response = client.get(link)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    client.force_login(member)
    assert "Uitnodiging aannemen" in client.get(link).content.decode()
    client.post(link)
    client.post(link)  # twice: one membership, and the used link is refused
    assert Membership.objects.filter(user=member, group=world["mine"]).count() == 1
    assert client.get(link).status_code == 404


def test_tampered_expired_and_used_links_are_refused(world):
    invitation = accounts_services.invite(inviter=world["coordinator"], group=world["mine"],
                                          email="x@minjenv.nl")
    link = invitation_link("x@minjenv.nl")
    client = Client()
    assert client.get(link[:-3] + "xx/").status_code == 404
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(link)
    assert response.status_code == 404 and "verlopen" in response.content.decode()
    response = client.post(link, {"first_name": "X", "last_name": "Y", "password1": NEW_PASSWORD,
                                  "password2": NEW_PASSWORD})
    assert response.status_code == 404 and not User.objects.filter(email="x@minjenv.nl").exists()


def test_only_coordinators_and_editors_invite_and_only_into_working_groups(world, client):
    mine, general = world["mine"], world["general"]
    plain = member_of(mine)
    client.force_login(plain)
    assert client.get(mine.url + "uitnodigen/").status_code == 404
    assert client.post(mine.url + "uitnodigen/", {"email": "a@minjenv.nl"}).status_code == 404
    client.force_login(world["coordinator"])
    assert client.get(general.url + "uitnodigen/").status_code == 404
    assert client.get(world["closed"].url + "uitnodigen/").status_code == 404
    guest = GuestFactory()
    member_of(mine, guest, role=M.Role.COORDINATOR)
    client.force_login(guest)
    assert client.get(mine.url + "uitnodigen/").status_code == 404
    editor = make_editor()
    client.force_login(editor)
    assert client.get(world["closed"].url + "uitnodigen/").status_code == 200
    assert mail.outbox == [] and not Invitation.objects.exists()


def test_invite_form_refuses_a_malformed_address_in_dutch(world, client):
    client.force_login(world["coordinator"])
    response = client.post(world["mine"].url + "uitnodigen/", {"email": "iemand@@minjenv.nl"})
    assert response.status_code == 200 and "geen geldig e-mailadres" in response.content.decode()
    assert not Invitation.objects.exists()


def test_inviting_twice_makes_one_invitation_and_resends_the_same_link(world, client):
    client.force_login(world["coordinator"])
    for _attempt in range(2):
        client.post(world["mine"].url + "uitnodigen/", {"email": "P.Jansen@MinJenV.nl"})
    invitation = Invitation.objects.get()
    assert invitation.email == "p.jansen@minjenv.nl" and invitation.invited_by == world["coordinator"]
    # The signed token carries a timestamp, so compare what each link opens, not its text.
    tokens = [re.search(r"/toegang/uitnodiging/(\S+)/", m.body).group(1) for m in mail.outbox]
    assert len(tokens) == 2
    assert [accounts_services.invitation_from_token(t) for t in tokens] == [invitation, invitation]
