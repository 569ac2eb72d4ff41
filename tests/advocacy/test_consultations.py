"""Consultations: editors ask a group's members; members answer once, editable until
closing; editors export the answers."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from advocacy.models import Consultation, ConsultationAnswer, Knelpunt
from community.models import GroupPage
from notifications.models import Delivery
from tests.advocacy.test_knelpunten import advocacy_editor
from tests.factories import UserFactory, make_group, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(tree):
    group = make_group("Werkgroep buitengebied", kind=GroupPage.Kind.WORKING)
    return Consultation.objects.create(
        group=group, title="Ervaringen met artikel 13b", question="Hoe vaak sloot u een woning?",
        closes_at=timezone.now() + timedelta(days=7),
    )


def test_member_answers_once_and_can_edit_until_closing(client, consultation):
    member = member_of(consultation.group)
    client.force_login(member)
    url = consultation.get_absolute_url()
    assert client.post(url, {"answer": "Twee keer."}).status_code == 302
    assert client.post(url, {"answer": "Drie keer, na correctie."}).status_code == 302
    answer = ConsultationAnswer.objects.get()
    assert answer.answer == "Drie keer, na correctie." and answer.user == member
    assert "Drie keer, na correctie." in client.get(url).content.decode()

    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1))
    page = client.get(url).content.decode()
    assert "Deze consultatie is gesloten sinds " in page and "Drie keer, na correctie." in page
    response = client.post(url, {"answer": "Te laat"})
    assert response.status_code == 200
    assert "Deze consultatie is gesloten; u kunt niet meer antwoorden." in response.content.decode()
    assert ConsultationAnswer.objects.get().answer == "Drie keer, na correctie."


def test_empty_answer_is_refused_with_dutch_message(client, consultation):
    client.force_login(member_of(consultation.group))
    response = client.post(consultation.get_absolute_url(), {"answer": "  "})
    assert response.status_code == 200
    assert "Dit is een verplicht veld." in response.content.decode()
    assert not ConsultationAnswer.objects.exists()


def test_non_members_of_the_group_get_404(client, consultation):
    client.force_login(UserFactory())
    assert client.get(consultation.get_absolute_url()).status_code == 404
    assert client.post(consultation.get_absolute_url(), {"answer": "x"}).status_code == 404


def test_editor_exports_answers_as_csv(client, consultation):
    member = member_of(consultation.group, UserFactory(first_name="Anna", last_name="de Vries"))
    ConsultationAnswer.objects.create(consultation=consultation, user=member, answer="Twee keer.")
    client.force_login(advocacy_editor())
    response = client.get("/admin/advocacy/consultationanswer/", {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:5] == ["consultatie", "naam", "e-mailadres", "organisatie", "antwoord"]
    assert rows[1][:5] == ["Ervaringen met artikel 13b", "Anna de Vries", member.email,
                           "Gemeente Utrecht", "Twee keer."]
    assert len(rows) == 2


def test_dashboard_shows_queues_with_links(client, consultation):
    anna = UserFactory()
    Knelpunt.objects.create(title="x", description="x", regulation="x", reporter=anna,
                            organisation=anna.organisation)
    Delivery.objects.create(user=anna, slot=timezone.now(), frequencies="daily",
                            upper_activity_id=0, status=Delivery.Status.FAILED, attempts=3)
    client.force_login(advocacy_editor())
    html = client.get("/admin/").content.decode()
    assert "Wat op de redactie wacht" in html
    assert "/admin/advocacy/knelpunt/?status__exact=new" in html
    assert "/admin/advocacy/consultation/" in html
    assert "/admin/signaleringsmail/" in html
    assert "/admin/community/application/?status__exact=pending" in html
    assert "/mijn-netwerk/meldingen/" in html
    queue = client.get("/admin/signaleringsmail/")
    assert queue.status_code == 200


def test_consultation_page_has_its_group_in_the_breadcrumbs_and_says_until_when(client, consultation):
    import re

    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.make_aware(timezone.datetime(2031, 12, 15, 17, 0)))
    client.force_login(member_of(consultation.group))
    html = client.get(consultation.get_absolute_url()).content.decode()
    nav = re.search(r'<nav class="utrecht-breadcrumb-nav.*?</nav>', html, re.S).group(0)
    crumbs = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<li.*?</li>", nav, re.S)]
    assert crumbs == ["Home", "Groepen", "Werkgroep buitengebied", "Ervaringen met artikel 13b"]
    assert f'href="{consultation.group.url}"' in nav
    assert "U kunt antwoorden tot 15 december 2031, 17:00 uur." in html
    assert "<title>Ervaringen met artikel 13b | OOV-netwerk</title>" in html
