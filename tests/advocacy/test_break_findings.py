"""Cases found by trying to break the knelpunten register and consultations from outside;
each stays as a test, driven the way a member or editor would."""

import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from advocacy.models import Consultation, ConsultationAnswer, Knelpunt, KnelpuntSupport
from community.models import GroupPage, Organisation
from tests.factories import (
    GuestFactory,
    UserFactory,
    make_editor,
    make_group,
    member_of,
    municipality,
)

pytestmark = pytest.mark.django_db

OWN_ORGANISATION = "Dit knelpunt is door uw eigen organisatie gemeld."
ALREADY = "Uw organisatie staat al bij dit knelpunt."
NO_ORGANISATION = "Uw account is nog niet aan een organisatie gekoppeld."
TOKEN_EXPIRED = "Het formulier is verlopen of onvolledig"
CLOSED = "Deze consultatie is gesloten; u kunt niet meer antwoorden."


def knelpunt_of(organisation, **fields):
    reporter = UserFactory(organisation=organisation, email=f"{uuid.uuid4().hex[:8]}@example.nl")
    return Knelpunt.objects.create(
        title=fields.pop("title", "Geen grond voor sluiting"), description="x",
        regulation="Opiumwet, artikel 13b", reporter=reporter, organisation=organisation,
        **fields,
    )


def form_data(**overrides):
    data = {"title": "Geen grond voor sluiting bij drugsafval", "description": "Wij kunnen niet.",
            "regulation": "Opiumwet, artikel 13b", "topic": "", "client_token": str(uuid.uuid4())}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def vng():
    return Organisation.objects.get_or_create(
        kind=Organisation.Kind.EXTERNAL, name="Vereniging van Nederlandse Gemeenten")[0]


# --- F5: a second "wij ook" -----------------------------------------------------------------


def test_double_wij_ook_redirects_with_a_dutch_message_and_changes_nothing(client, tree):
    knelpunt = knelpunt_of(municipality("GM0344"))
    amsterdam = municipality("GM0363")
    mark = UserFactory(organisation=amsterdam, email="mark@amsterdam.nl")
    client.force_login(mark)
    url = knelpunt.get_absolute_url()
    # Two tabs: both show the form, both are sent.
    assert "Wij lopen hier ook tegenaan" in client.get(url).content.decode()
    assert client.post(url, {"comment": "Eerste"}).status_code == 302
    response = client.post(url, {"comment": "Tweede"}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert ALREADY in response.content.decode()
    assert list(KnelpuntSupport.objects.values_list("comment", flat=True)) == ["Eerste"]

    # A colleague of the same organisation, after the first one.
    client.force_login(UserFactory(organisation=amsterdam, email="piet@amsterdam.nl"))
    response = client.post(url, {"comment": "Ik ook"}, follow=True)
    assert response.redirect_chain == [(url, 302)] and ALREADY in response.content.decode()
    assert KnelpuntSupport.objects.count() == 1


def test_service_refuses_a_second_support_of_the_same_organisation(tree):
    from django.core.exceptions import ValidationError

    from advocacy import services

    knelpunt = knelpunt_of(municipality("GM0344"))
    amsterdam = municipality("GM0363")
    services.support_knelpunt(user=UserFactory(organisation=amsterdam, email="a@amsterdam.nl"),
                              knelpunt=knelpunt, comment="x")
    with pytest.raises(ValidationError, match=ALREADY):
        services.support_knelpunt(user=UserFactory(organisation=amsterdam, email="b@amsterdam.nl"),
                                  knelpunt=knelpunt)
    assert KnelpuntSupport.objects.count() == 1


def test_own_organisation_is_told_why_there_is_no_button(client, tree):
    utrecht = municipality("GM0344")
    knelpunt = knelpunt_of(utrecht)
    client.force_login(UserFactory(organisation=utrecht))
    page = client.get(knelpunt.get_absolute_url()).content.decode()
    assert OWN_ORGANISATION in page and "Wij lopen hier ook tegenaan" not in page
    response = client.post(knelpunt.get_absolute_url(), {"comment": "x"}, follow=True)
    assert response.redirect_chain == [(knelpunt.get_absolute_url(), 302)]
    assert OWN_ORGANISATION in response.content.decode()
    assert not KnelpuntSupport.objects.exists()


def test_those_who_may_not_use_the_register_still_get_404(client, tree):
    knelpunt = knelpunt_of(municipality("GM0344"))
    client.force_login(GuestFactory())
    assert client.post(knelpunt.get_absolute_url(), {"comment": "x"}).status_code == 404
    assert not KnelpuntSupport.objects.exists()


# --- F6: an answer sent after closing ------------------------------------------------------


def test_answer_after_closing_shows_the_message_and_keeps_the_text(client, tree):
    group = make_group("Werkgroep buitengebied", kind=GroupPage.Kind.WORKING)
    consultation = Consultation.objects.create(
        group=group, title="Ervaringen met artikel 13b", question="Hoe vaak?",
        closes_at=timezone.now() + timedelta(days=1))
    client.force_login(member_of(group))
    url = consultation.get_absolute_url()
    assert "Antwoord versturen" in client.get(url).content.decode()  # the member starts typing
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1))
    response = client.post(url, {"answer": "Vier keer <dit wil ik niet kwijt>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert CLOSED in html
    assert "Vier keer &lt;dit wil ik niet kwijt&gt;" in html  # visible, to copy
    assert "Antwoord versturen" not in html and "readonly" in html
    assert not ConsultationAnswer.objects.exists()
    # An empty answer after closing: the closing is what the member needs to hear.
    assert CLOSED in client.post(url, {"answer": ""}).content.decode()


# --- F7: only municipal organisations report and share ------------------------------------


def test_vng_editor_reads_but_does_not_report_or_share(client, tree):
    knelpunt = knelpunt_of(municipality("GM0344"))
    editor = make_editor(email="redactie@vng.nl", organisation=vng())
    client.force_login(editor)
    listing = client.get("/knelpunten/").content.decode()
    assert knelpunt.title in listing
    assert 'href="/knelpunten/melden/"' not in listing and "Als redacteur" in listing
    detail = client.get(knelpunt.get_absolute_url()).content.decode()
    assert "Wij lopen hier ook tegenaan" not in detail and "Als redacteur" in detail

    response = client.post(knelpunt.get_absolute_url(), {"comment": "VNG ook"}, follow=True)
    assert response.redirect_chain == [(knelpunt.get_absolute_url(), 302)]
    assert "Als redacteur" in response.content.decode()
    response = client.post("/knelpunten/melden/", form_data())
    assert response.status_code == 403 and "Als redacteur" in response.content.decode()
    assert Knelpunt.objects.count() == 1 and not KnelpuntSupport.objects.exists()


def test_member_of_an_external_organisation_reads_but_does_not_report_or_share(client, tree):
    knelpunt = knelpunt_of(municipality("GM0344"))
    # An editor who has not set up a second factor is an ordinary account of VNG.
    client.force_login(make_editor(totp=False, email="nieuw@vng.nl", organisation=vng()))
    listing = client.get("/knelpunten/").content.decode()
    assert 'href="/knelpunten/melden/"' not in listing
    assert "alleen medewerkers van gemeenten" in listing
    response = client.post(knelpunt.get_absolute_url(), {"comment": "x"}, follow=True)
    assert "Alleen gemeenten en gemeentelijke samenwerkingsverbanden" in response.content.decode()
    assert client.post("/knelpunten/melden/", form_data()).status_code == 403
    assert Knelpunt.objects.count() == 1 and not KnelpuntSupport.objects.exists()


def test_vng_is_not_counted_among_sharing_organisations_even_from_old_data(client, tree):
    from django.core.exceptions import PermissionDenied

    from advocacy import services

    knelpunt = knelpunt_of(municipality("GM0344"))
    editor = make_editor(email="redactie@vng.nl", organisation=vng())
    with pytest.raises(PermissionDenied):
        services.support_knelpunt(user=editor, knelpunt=knelpunt)
    with pytest.raises(PermissionDenied):
        services.report_knelpunt(reporter=editor, title="x", description="x", regulation="x")


@pytest.mark.parametrize("kind", [Organisation.Kind.SAFETY_REGION, Organisation.Kind.COOPERATION])
def test_cooperation_bodies_report_and_share(client, tree, kind):
    municipality()  # loads the organisations
    organisation = Organisation.objects.filter(kind=kind).first()
    knelpunt = knelpunt_of(municipality("GM0344"))
    client.force_login(UserFactory(organisation=organisation, email="lid@regio.nl"))
    assert client.post(knelpunt.get_absolute_url(), {"comment": "Bij ons ook."}).status_code == 302
    assert KnelpuntSupport.objects.get().organisation == organisation
    assert client.post("/knelpunten/melden/", form_data()).status_code == 302
    assert Knelpunt.objects.filter(organisation=organisation).count() == 1


# --- F8: length limits -------------------------------------------------------------------


def test_knelpunt_description_over_the_limit_is_refused_in_dutch(client, tree):
    client.force_login(UserFactory())
    response = client.post("/knelpunten/melden/", form_data(description="x" * 10_001))
    assert response.status_code == 200
    assert "Zorg dat deze waarde niet meer dan 10000 tekens bevat" in response.content.decode()
    assert not Knelpunt.objects.exists()
    assert client.post("/knelpunten/melden/", form_data(description="x" * 10_000)).status_code == 302


def test_wij_ook_comment_over_the_limit_is_refused_in_dutch(client, tree):
    knelpunt = knelpunt_of(municipality("GM0344"))
    client.force_login(UserFactory(organisation=municipality("GM0363"), email="m@amsterdam.nl"))
    response = client.post(knelpunt.get_absolute_url(), {"comment": "x" * 2_001})
    assert response.status_code == 200
    assert "Zorg dat deze waarde niet meer dan 2000 tekens bevat" in response.content.decode()
    assert not KnelpuntSupport.objects.exists()


def test_consultation_answer_over_the_limit_is_refused_in_dutch(client, tree):
    group = make_group("Werkgroep buitengebied", kind=GroupPage.Kind.WORKING)
    consultation = Consultation.objects.create(
        group=group, title="Vraag", question="?", closes_at=timezone.now() + timedelta(days=1))
    client.force_login(member_of(group))
    response = client.post(consultation.get_absolute_url(), {"answer": "x" * 10_001})
    assert response.status_code == 200
    assert "Zorg dat deze waarde niet meer dan 10000 tekens bevat" in response.content.decode()
    assert not ConsultationAnswer.objects.exists()


# --- F10: the hidden form token ----------------------------------------------------------


@pytest.mark.parametrize("token", [None, "zzz", ""])
def test_missing_or_mangled_token_says_so_and_gives_a_fresh_one(client, tree, token):
    client.force_login(UserFactory())
    response = client.post("/knelpunten/melden/", form_data(client_token=token))
    assert response.status_code == 200
    html = response.content.decode()
    assert TOKEN_EXPIRED in html
    assert "Geen grond voor sluiting bij drugsafval" in html  # what was typed stays
    assert not Knelpunt.objects.exists()
    fresh = re.search(r'name="client_token" value="([^"]+)"', html).group(1)
    assert uuid.UUID(fresh)
    # Sending the form again, as shown, works (and only once).
    for _ in range(2):
        assert client.post("/knelpunten/melden/", form_data(client_token=fresh)).status_code == 302
    assert Knelpunt.objects.count() == 1


def test_other_errors_keep_the_same_token(client, tree):
    client.force_login(UserFactory())
    token = str(uuid.uuid4())
    html = client.post("/knelpunten/melden/", form_data(title="", client_token=token)).content.decode()
    assert f'value="{token}"' in html and TOKEN_EXPIRED not in html


# --- F14: a member without an organisation ------------------------------------------------


def test_member_without_organisation_is_told_why_instead_of_404(client, tree):
    knelpunt = knelpunt_of(municipality("GM0344"))
    client.force_login(UserFactory(organisation=None, email="los@example.nl"))
    listing = client.get("/knelpunten/").content.decode()
    assert NO_ORGANISATION in listing and 'href="/knelpunten/melden/"' not in listing
    for response in (client.get("/knelpunten/melden/"),
                     client.post("/knelpunten/melden/", form_data())):
        assert response.status_code == 403 and NO_ORGANISATION in response.content.decode()
    assert NO_ORGANISATION in client.get(knelpunt.get_absolute_url()).content.decode()
    response = client.post(knelpunt.get_absolute_url(), {"comment": "x"}, follow=True)
    assert NO_ORGANISATION in response.content.decode()
    assert Knelpunt.objects.count() == 1 and not KnelpuntSupport.objects.exists()
