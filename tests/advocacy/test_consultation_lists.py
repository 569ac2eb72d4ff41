"""Members find the consultations of their groups: on their dashboard ("Mijn netwerk") and
on the group's page, in a query per list, by the same rule as the consultation page."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from advocacy import services
from advocacy.models import Consultation, ConsultationAnswer
from community import access
from community import services as community_services
from community.models import GroupPage
from tests.community.test_query_counts import _count
from tests.factories import GuestFactory, UserFactory, make_editor, make_group, member_of

pytestmark = pytest.mark.django_db


def consult(group, title, days=14, **fields):
    return Consultation.objects.create(
        group=group, title=title, question=fields.pop("question", "Hoe gaat u hiermee om?"),
        closes_at=timezone.now() + timedelta(days=days), **fields)


@pytest.fixture
def general(tree):
    return make_group("Veiligheidsbeleid")


def test_dashboard_lists_open_consultations_of_my_groups_and_whether_i_answered(client, general):
    other = make_group("Politiebestel")
    member = member_of(general)
    asked = consult(general, "Ervaringen met cameratoezicht", days=14)
    consult(general, "Al gesloten vraag", days=-1)
    consult(other, "Vraag aan een groep waar ik geen lid van ben")
    client.force_login(member)

    html = client.get("/mijn-netwerk/").content.decode()
    assert "Consultaties die op uw antwoord wachten" in html
    assert "Ervaringen met cameratoezicht" in html and asked.get_absolute_url() in html
    assert "U kunt antwoorden tot " in html
    assert "Al gesloten vraag" not in html and "geen lid van ben" not in html

    client.post(asked.get_absolute_url(), {"answer": "Wij evalueren jaarlijks."})
    html = client.get("/mijn-netwerk/").content.decode()
    assert "U heeft geantwoord — u kunt uw antwoord nog aanpassen tot " in html


def test_dashboard_without_open_consultations_has_no_such_section(client, general):
    client.force_login(member_of(general))
    assert "Consultaties die op uw antwoord wachten" not in client.get("/mijn-netwerk/").content.decode()


def test_group_page_lists_open_and_recently_closed_consultations_for_its_members(client, general):
    member = member_of(general)
    consult(general, "Open vraag over APV", days=3)
    closed = consult(general, "Vraag van vorige maand", days=-20)
    ConsultationAnswer.objects.create(consultation=closed, user=member, answer="Mijn oude antwoord")
    client.force_login(member)
    html = client.get(general.url).content.decode()
    assert "Open vraag over APV" in html
    assert "Afgesloten consultaties" in html and "Vraag van vorige maand" in html
    assert "u heeft geantwoord" in html
    # The closed one can be re-read, with one's own answer.
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "Mijn oude antwoord" in page and "Deze consultatie is gesloten sinds " in page


def test_group_page_shows_nothing_of_consultations_to_those_who_may_not_answer(client, general):
    consult(general, "Open vraag over APV")
    consult(general, "Vraag van vorige maand", days=-20)
    not_joined = UserFactory()  # may read the general group, is not a member of it
    client.force_login(not_joined)
    html = client.get(general.url).content.decode()
    assert "Open vraag over APV" not in html and "Vraag van vorige maand" not in html
    assert "consultatie" not in html.lower()


def test_bulk_filter_agrees_with_can_answer_consultation(tree):
    general = make_group("Veiligheidsbeleid")
    working = make_group("Werkgroep", kind=GroupPage.Kind.WORKING)
    unpublished = make_group("Concept", kind=GroupPage.Kind.WORKING)
    unpublished.unpublish()
    consultations = [consult(group, f"Vraag {group.title}") for group in (general, working, unpublished)]
    member = member_of(general)
    member_of(working, user=member)
    member_of(unpublished, user=member)
    guest = member_of(working, user=GuestFactory())
    removed = member_of(working)
    community_services.remove_member(user=removed, group=working)
    deactivated = member_of(general)
    deactivated.is_active = False
    deactivated.save(update_fields=["is_active"])
    editor_member = member_of(unpublished, user=make_editor())
    users = [member, guest, removed, deactivated, editor_member, make_editor(), UserFactory(),
             member_of(general, user=GuestFactory())]
    from django.contrib.auth.models import AnonymousUser

    users.append(AnonymousUser())
    for user, consultation in itertools.product(users, consultations):
        one = access.can_answer_consultation(user, consultation)
        bulk = access.filter_answerable_consultations(
            user, Consultation.objects.filter(pk=consultation.pk)).exists()
        assert one == bulk, (user, consultation.group.title)
    assert access.filter_answerable_consultations(member, Consultation.objects.all()).count() == 2
    assert access.filter_answerable_consultations(editor_member, Consultation.objects.all()).count() == 1


@pytest.mark.parametrize("surface", ["dashboard", "group"])
def test_consultation_lists_make_the_same_queries_for_one_and_twenty(client, tree, surface):
    few = make_group("Klein")
    many = make_group("Groot")
    member = UserFactory()
    client.force_login(member)
    member_of(few, user=member)
    consult(few, "Enige vraag")
    consult(few, "Gesloten vraag", days=-3)
    urls = {"dashboard": "/mijn-netwerk/", "group": few.url}
    expected = _count(client, urls[surface])
    member_of(many, user=member)
    for n in range(20):
        c = consult(many if surface == "dashboard" else few, f"Vraag {n}", days=1 + n % 5)
        if n % 2:
            ConsultationAnswer.objects.create(consultation=c, user=member, answer="x")
        consult(few, f"Oude vraag {n}", days=-5 - n)
    assert _count(client, urls[surface]) == expected
    html = client.get(urls[surface]).content.decode()
    assert "Vraag 19" in html


def test_services_open_consultation_strips_and_records(general):
    editor = make_editor()
    consultation = services.open_consultation(
        editor=editor, group=general, title="  Vraag  ", question=" Hoe? ",
        closes_at=timezone.now() + timedelta(days=2))
    assert consultation.title == "Vraag" and consultation.question == "Hoe?"
