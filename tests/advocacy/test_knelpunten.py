"""The knelpunten register: members report, other organisations add "wij ook", editors
triage in the CMS and export."""

import csv
import io
import uuid
from datetime import datetime

import pytest
from django.utils import timezone

from advocacy.models import Knelpunt, KnelpuntSupport
from tests.factories import GuestFactory, UserFactory, make_editor, municipality
from tests.knowledgebase.helpers import make_topic

pytestmark = pytest.mark.django_db


def advocacy_editor():
    """An editor whose group has the CMS permissions seed_demo gives the Redacteuren."""
    from advocacy.permissions import grant_editor_permissions
    from tests.factories import with_totp

    user = make_editor(email="redactie@vng.nl", organisation=None)
    grant_editor_permissions(user.groups.get())
    with_totp(user)  # the CMS requires a second factor
    return user


def report(client, user, **overrides):
    client.force_login(user)
    data = {"title": "Geen grond voor sluiting bij drugsafval", "description": "Wij kunnen niet.",
            "regulation": "Opiumwet, artikel 13b", "topic": "", "client_token": str(uuid.uuid4())}
    data.update(overrides)
    return client.post("/knelpunten/melden/", data)


def test_member_reports_knelpunt_for_own_organisation(client, tree):
    anna = UserFactory()
    response = report(client, anna)
    knelpunt = Knelpunt.objects.get()
    assert response.status_code == 302 and response["Location"] == knelpunt.get_absolute_url()
    assert knelpunt.organisation == anna.organisation and knelpunt.reporter == anna
    assert knelpunt.status == Knelpunt.Status.NEW


def test_double_submission_creates_one_knelpunt(client, tree):
    anna = UserFactory()
    token = str(uuid.uuid4())
    report(client, anna, client_token=token)
    report(client, anna, client_token=token)
    assert Knelpunt.objects.count() == 1


def test_missing_fields_give_dutch_errors_and_change_nothing(client, tree):
    response = report(client, UserFactory(), title="", regulation="")
    assert response.status_code == 200
    assert "Dit is een verplicht veld." in response.content.decode()
    assert Knelpunt.objects.count() == 0


@pytest.mark.parametrize("url", ["/knelpunten/", "/knelpunten/melden/"])
def test_guests_get_404_and_visitors_the_login_page(client, tree, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    client.force_login(GuestFactory())
    assert client.get(url).status_code == 404


def test_other_organisation_adds_wij_ook_counted_once_per_organisation(client, tree):
    anna = UserFactory()
    report(client, anna)
    knelpunt = Knelpunt.objects.get()
    amsterdam = municipality("GM0363")
    mark = UserFactory(organisation=amsterdam, email="mark@amsterdam.nl")
    colleague = UserFactory(organisation=amsterdam, email="piet@amsterdam.nl")

    client.force_login(mark)
    response = client.post(knelpunt.get_absolute_url(), {"comment": "Bij ons precies zo."},
                           follow=True)
    assert "Bij ons precies zo." in response.content.decode()
    client.post(knelpunt.get_absolute_url(), {"comment": "Nog een keer"})
    client.force_login(colleague)
    page = client.get(knelpunt.get_absolute_url()).content.decode()
    assert "Uw organisatie staat al bij dit knelpunt." in page
    response = client.post(knelpunt.get_absolute_url(), {"comment": "ik ook"}, follow=True)
    assert response.redirect_chain == [(knelpunt.get_absolute_url(), 302)]
    assert "Uw organisatie staat al bij dit knelpunt." in response.content.decode()
    support = KnelpuntSupport.objects.get(knelpunt=knelpunt)
    assert support.user == mark and support.comment == "Bij ons precies zo."


def test_reporting_organisation_cannot_add_wij_ook(client, tree):
    anna = UserFactory()
    report(client, anna)
    knelpunt = Knelpunt.objects.get()
    client.force_login(UserFactory())  # same municipality (Utrecht)
    page = client.get(knelpunt.get_absolute_url()).content.decode()
    assert "Wij lopen hier ook tegenaan" not in page
    assert "Dit knelpunt is door uw eigen organisatie gemeld." in page  # says why
    response = client.post(knelpunt.get_absolute_url(), {"comment": "x"}, follow=True)
    assert response.redirect_chain == [(knelpunt.get_absolute_url(), 302)]
    assert "Dit knelpunt is door uw eigen organisatie gemeld." in response.content.decode()
    assert not KnelpuntSupport.objects.exists()


def test_editor_sets_status_and_response_and_reporter_sees_them(client, tree):
    anna = UserFactory()
    report(client, anna)
    knelpunt = Knelpunt.objects.get()
    client.force_login(advocacy_editor())
    edit_url = f"/admin/advocacy/knelpunt/edit/{knelpunt.pk}/"
    assert client.get(edit_url).status_code == 200
    response = client.post(edit_url, {"topic": "", "status": "adopted",
                                      "response": "Ingebracht bij het ministerie."})
    assert response.status_code == 302, response.content.decode()[:2000]
    knelpunt.refresh_from_db()
    assert knelpunt.status == "adopted"
    assert knelpunt.title == "Geen grond voor sluiting bij drugsafval"  # read-only for editors

    client.force_login(anna)
    page = client.get(knelpunt.get_absolute_url()).content.decode()
    assert "Meegenomen in de belangenbehartiging" in page
    assert "Ingebracht bij het ministerie." in page


def _seed_register():
    topic = make_topic("Burgemeestersbevoegdheden")
    utrecht, amsterdam, rotterdam = (municipality(c) for c in ("GM0344", "GM0363", "GM0599"))
    anna = UserFactory(organisation=utrecht)
    a = Knelpunt.objects.create(
        title="Sluiting bij kleine hoeveelheid", description="x", regulation="Opiumwet, art. 13b",
        topic=topic, reporter=anna, organisation=utrecht, status="in_progress",
        response="We zoeken het uit.",
        created_at=timezone.make_aware(datetime(2026, 11, 2, 10, 0)),
    )
    b = Knelpunt.objects.create(
        title="Geen cameratoezicht mogelijk", description="y", regulation="Gemeentewet, art. 151c",
        reporter=anna, organisation=utrecht,
        created_at=timezone.make_aware(datetime(2026, 11, 20, 9, 0)),
    )
    for org in (rotterdam, amsterdam):
        KnelpuntSupport.objects.create(knelpunt=a, organisation=org)
    return a, b


def test_csv_export_has_one_row_per_knelpunt_with_sharing_organisations(client, tree):
    a, b = _seed_register()
    client.force_login(advocacy_editor())
    response = client.get("/admin/advocacy/knelpunt/", {"export": "csv"})
    assert response.status_code == 200
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())  # (Excel then reads UTF-8)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows == [
        ["id", "titel", "gemeld door", "thema", "wet of regel", "status", "gemeld op",
         "aantal organisaties dat het deelt", "organisaties die het delen", "reactie"],
        [str(b.pk), "Geen cameratoezicht mogelijk", "Gemeente Utrecht", "", "Gemeentewet, art. 151c",
         "Nieuw", "2026-11-20", "0", "", ""],
        [str(a.pk), "Sluiting bij kleine hoeveelheid", "Gemeente Utrecht",
         "Burgemeestersbevoegdheden", "Opiumwet, art. 13b", "In behandeling", "2026-11-02", "2",
         "Gemeente Amsterdam; Gemeente Rotterdam", "We zoeken het uit."],
    ]


def test_csv_export_follows_the_status_filter(client, tree):
    a, b = _seed_register()
    client.force_login(advocacy_editor())
    response = client.get("/admin/advocacy/knelpunt/", {"export": "csv", "status__exact": "new"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["Geen cameratoezicht mogelijk"]


def test_members_cannot_reach_the_export(client, tree):
    _seed_register()
    client.force_login(UserFactory())
    response = client.get("/admin/advocacy/knelpunt/", {"export": "csv"})
    assert response.status_code == 404  # a member has no CMS: no data, no login loop
