"""The demo has something to look at in the advocacy part: knelpunten shared by another
municipality, one answered by the editors, an open and a closed consultation."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from advocacy.models import Consultation, ConsultationAnswer, Knelpunt, KnelpuntSupport
from community.models import Activity, User

pytestmark = pytest.mark.django_db


def counts():
    return {model.__name__: model.objects.count()
            for model in (Knelpunt, KnelpuntSupport, Consultation, ConsultationAnswer, Activity)}


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


def test_seed_demo_twice_changes_nothing_in_advocacy(demo):
    before = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == before


def test_demo_knelpunten_come_from_demo_municipalities_and_are_shared(demo):
    knelpunten = list(Knelpunt.objects.select_related("organisation"))
    assert 2 <= len(knelpunten) <= 3
    for knelpunt in knelpunten:
        assert knelpunt.organisation.code in ("GM0344", "GM0363")  # Utrecht, Amsterdam
        for support in knelpunt.supports.all():
            assert support.organisation.code in ("GM0344", "GM0363")
            assert support.organisation_id != knelpunt.organisation_id
    assert sum(1 for k in knelpunten if k.supports.exists()) >= 2
    answered = [k for k in knelpunten if k.response]
    assert len(answered) == 1 and answered[0].status == Knelpunt.Status.IN_PROGRESS


def test_demo_members_are_asked_one_open_consultation_and_can_reread_a_closed_one(client, demo):
    open_ones = Consultation.objects.filter(closes_at__gt=timezone.now())
    [consultation] = open_ones
    assert timedelta(days=13) < consultation.closes_at - timezone.now() < timedelta(days=15)
    assert consultation.group.kind == "general"
    assert Activity.objects.filter(consultation=consultation).count() == 1
    [closed] = Consultation.objects.filter(closes_at__lte=timezone.now())
    assert closed.answers.count() == 2
    anna = User.objects.get(email="anna.devries@utrecht.nl")
    client.force_login(anna)
    html = client.get("/mijn-netwerk/").content.decode()
    assert consultation.title in html
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "Deze consultatie is gesloten sinds " in page and "noodbevel voor één wijk" in page
