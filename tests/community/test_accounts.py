"""No account enumeration, rate limits, applications for unknown domains (public form and
the editors' queue in the CMS), and the clean-up of unverified sign-ups."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community.models import Application, Organisation, OrganisationDomain, User
from tests.factories import PASSWORD, UserFactory, make_editor, municipality, with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_on_commit")]

CSRF_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')

SIGNUP = {
    "first_name": "Sanne", "last_name": "Bakker", "function": "Adviseur openbare orde",
    "password1": "Zeer-geheim-2026!", "password2": "Zeer-geheim-2026!",
}
APPLICATION = {
    "first_name": "Ruud", "last_name": "de Wit", "function": "Beleidsadviseur OOV",
    "organisation_name": "Omgevingsdienst Rivierenland",
    "motivation": "Ik werk voor een gemeenschappelijke regeling van tien gemeenten.",
}


def without_csrf(response) -> str:
    return CSRF_INPUT.sub("", response.content.decode())


def answer(path, data):
    """POST with a fresh browser; return the redirect and the page it leads to."""
    client = Client()
    response = client.post(path, data)
    assert response.status_code == 302, response.content.decode()[:1500]
    landing = client.get(response["Location"])
    return response["Location"], landing.status_code, without_csrf(landing)


# --- No account enumeration -------------------------------------------------------------


def test_signup_answers_word_for_word_the_same_for_known_and_unknown_addresses():
    UserFactory(email="bekend@utrecht.nl")
    known = answer(reverse("account_signup"), {**SIGNUP, "email": "bekend@utrecht.nl"})
    unknown = answer(reverse("account_signup"), {**SIGNUP, "email": "nieuw@utrecht.nl"})
    assert known == unknown
    assert "Bevestig uw e-mailadres" in known[2]
    # Only the mail differs: "you already have an account" versus a verification link.
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "al een account" in by_address["bekend@utrecht.nl"].body
    assert "/account/confirm-email/" in by_address["nieuw@utrecht.nl"].body
    assert User.objects.filter(email="bekend@utrecht.nl").count() == 1


def test_password_reset_answers_word_for_word_the_same_for_known_and_unknown_addresses():
    UserFactory(email="bekend@utrecht.nl")
    known = answer(reverse("account_reset_password"), {"email": "bekend@utrecht.nl"})
    unknown = answer(reverse("account_reset_password"), {"email": "niemand@utrecht.nl"})
    assert known == unknown
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "/account/password/reset/key/" in by_address["bekend@utrecht.nl"].body
    assert "/account/password/reset/key/" not in by_address["niemand@utrecht.nl"].body


def test_application_answers_word_for_word_the_same_for_known_and_unknown_addresses():
    UserFactory(email="bekend@rivierenland.nl", organisation=None)
    known = answer(reverse("accounts:apply"), {**APPLICATION, "email": "bekend@rivierenland.nl"})
    unknown = answer(reverse("accounts:apply"), {**APPLICATION, "email": "nieuw@rivierenland.nl"})
    again = answer(reverse("accounts:apply"), {**APPLICATION, "email": "nieuw@rivierenland.nl"})
    assert known == unknown == again
    assert list(Application.objects.values_list("email", flat=True)) == ["nieuw@rivierenland.nl"]
    by_address = {}
    for message in mail.outbox:
        by_address.setdefault(message.to[0], []).append(message.body)
    assert "al een account" in by_address["bekend@rivierenland.nl"][0]
    assert "aanvraag" in by_address["nieuw@rivierenland.nl"][0]


# --- Rate limits ------------------------------------------------------------------------


@pytest.fixture
def rate_limits(settings):
    cache.clear()
    settings.ACCOUNT_RATE_LIMITS = {
        "login": "2/m/ip", "login_failed": "2/m/ip", "signup": "2/m/ip",
        "reset_password": "2/m/ip", "apply": "2/m/ip", "confirm_email": "1/3m/key",
    }
    yield
    cache.clear()


@pytest.mark.parametrize("url_name, data", [
    ("account_login", {"login": "iemand@utrecht.nl", "password": "fout-wachtwoord"}),
    ("account_signup", {**SIGNUP, "email": "iemand@example.com"}),
    ("account_reset_password", {"email": "iemand@utrecht.nl"}),
    ("accounts:apply", {**APPLICATION, "email": "iemand@rivierenland.nl"}),
])
def test_rate_limit_answers_with_a_dutch_429_page(client, rate_limits, url_name, data):
    for _attempt in range(2):
        assert client.post(reverse(url_name), data).status_code in (200, 302)
    response = client.post(reverse(url_name), data)
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="nl"' in html and "Te veel pogingen" in html


def test_verification_mail_is_not_resent_within_the_cooldown(client, rate_limits):
    client.post(reverse("account_signup"), {**SIGNUP, "email": "sanne@utrecht.nl"})
    assert len(mail.outbox) == 1
    for _attempt in range(2):
        Client().post(reverse("account_login"),
                      {"login": "sanne@utrecht.nl", "password": SIGNUP["password1"]})
    assert len(mail.outbox) == 1


def test_verification_mail_is_resent_on_login_without_rate_limits(client):
    client.post(reverse("account_signup"), {**SIGNUP, "email": "sanne@utrecht.nl"})
    Client().post(reverse("account_login"), {"login": "sanne@utrecht.nl", "password": SIGNUP["password1"]})
    assert len(mail.outbox) == 2


# --- Sign-up shows the organisation -----------------------------------------------------


def test_verification_page_and_profile_show_the_organisation_from_the_domain(client):
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": "sanne@utrecht.nl"},
                           follow=True)
    assert "Uw organisatie volgens uw e-mailadres: Gemeente Utrecht." in response.content.decode()
    user = UserFactory(email="k@vrd.nl", organisation=Organisation.objects.get(code="VR03"))
    client.force_login(user)
    assert "Veiligheidsregio Drenthe" in client.get(reverse("community:my_profile")).content.decode()


# --- Applications -----------------------------------------------------------------------


def test_refused_signup_links_to_the_application_form_which_stores_one_application(client):
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": "ruud@rivierenland.nl"})
    href = re.search(r'href="(/toegang/aanvragen/\?email=[^"]+)"', response.content.decode()).group(1)
    page = client.get(href.replace("&amp;", "&"))
    assert page.status_code == 200 and "Toegang aanvragen" in page.content.decode()
    assert 'value="ruud@rivierenland.nl"' in page.content.decode()  # the address carried over
    data = {**APPLICATION, "email": " Ruud@Rivierenland.NL. "}
    client.post(reverse("accounts:apply"), data)
    client.post(reverse("accounts:apply"), data)  # submitted twice
    application = Application.objects.get()
    assert application.email == "ruud@rivierenland.nl"
    assert application.status == Application.Status.PENDING
    assert [m.to for m in mail.outbox] == [["ruud@rivierenland.nl"]]
    assert not User.objects.filter(email="ruud@rivierenland.nl").exists()


@pytest.mark.parametrize("field, value, message", [
    ("email", "ruud@rivierеnland.nl", "tekens die op gewone letters lijken"),
    ("email", "ruud@@rivierenland.nl", "geen geldig e-mailadres"),
    ("motivation", "", "verplicht"),
    ("motivation", "x" * 2001, "2000"),
])
def test_bad_application_gets_a_dutch_message_and_stores_nothing(client, field, value, message):
    response = client.post(reverse("accounts:apply"), {**APPLICATION, "email": "a@b.nl", field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Application.objects.exists() and mail.outbox == []


@pytest.fixture
def editor_client(client):
    editor = make_editor(email="redactie@vng.nl", organisation=None)
    with_totp(editor)
    client.force_login(editor)
    client.editor = editor
    return client


@pytest.fixture
def application(db):
    return Application.objects.create(email="ruud@rivierenland.nl", **APPLICATION)


def test_queue_lists_and_filters_applications_for_editors(editor_client, application):
    Application.objects.create(email="oud@elders.nl", status=Application.Status.REJECTED,
                               **{**APPLICATION, "first_name": "Oud"})
    index = reverse("community_application_modeladmin_index")
    html = editor_client.get(index).content.decode()
    assert "ruud@rivierenland.nl" in html and "oud@elders.nl" in html
    html = editor_client.get(index + "?status__exact=pending").content.decode()
    assert "ruud@rivierenland.nl" in html and "oud@elders.nl" not in html


def test_members_cannot_reach_the_queue(client, application):
    member = UserFactory()
    client.force_login(member)
    response = client.get(reverse("community_application_decide", args=[application.pk]))
    assert response.status_code in (302, 404)
    assert Application.objects.get().status == Application.Status.PENDING


def test_editor_approves_adds_domain_and_applicant_sets_password_from_mail(editor_client, application):
    organisation = Organisation.objects.get(code="GM0344")
    url = reverse("community_application_decide", args=[application.pk])
    assert "Motivatie" in editor_client.get(url).content.decode()
    response = editor_client.post(url, {"decision": "approve", "organisation": organisation.pk,
                                        "add_domain": "on", "reason": ""})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    assert application.decided_by == editor_client.editor and application.decided_at
    assert OrganisationDomain.objects.get(domain="rivierenland.nl").organisation == organisation
    user = User.objects.get(email="ruud@rivierenland.nl")
    assert (user.kind, user.organisation, user.is_active) == (User.Kind.MEMBER, organisation, True)
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified

    [message] = mail.outbox
    assert message.to == ["ruud@rivierenland.nl"]
    assert "Uw inlognaam is: ruud@rivierenland.nl" in message.body
    assert "wachtwoord" in message.body.lower() and PASSWORD not in message.body
    link = re.search(r"http://testserver(/account/password/reset/key/\S+)", message.body).group(1)

    applicant = Client()
    response = applicant.get(link, follow=True)
    assert "Nieuw wachtwoord kiezen" in response.content.decode()
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    new_password = "Mijn-eigen-wachtwoord-26"
    response = applicant.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    response = applicant.post(reverse("account_login"),
                              {"login": "ruud@rivierenland.nl", "password": new_password})
    assert response.status_code == 302
    assert applicant.session["_auth_user_id"] == str(user.pk)

    # Decided once: a second decision is refused.
    editor_client.post(url, {"decision": "reject", "reason": "dubbel"})
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED


def test_editor_rejects_only_with_a_reason_and_the_applicant_is_mailed(editor_client, application):
    url = reverse("community_application_decide", args=[application.pk])
    response = editor_client.post(url, {"decision": "reject", "reason": "  "})
    assert response.status_code == 200 and "Geef een reden op" in response.content.decode()
    assert Application.objects.get().status == Application.Status.PENDING and mail.outbox == []
    editor_client.post(url, {"decision": "reject", "reason": "Uw organisatie is geen gemeentelijk samenwerkingsverband."})
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    [message] = mail.outbox
    assert "geen gemeentelijk samenwerkingsverband" in message.body
    assert not User.objects.filter(email=application.email).exists()


def test_approve_requires_an_organisation(editor_client, application):
    url = reverse("community_application_decide", args=[application.pk])
    response = editor_client.post(url, {"decision": "approve"})
    assert "Kies de organisatie" in response.content.decode()
    assert not User.objects.filter(email=application.email).exists()


def test_approve_refuses_a_domain_that_belongs_to_another_organisation(editor_client):
    application = Application.objects.create(email="x@utrecht.nl", **APPLICATION)
    url = reverse("community_application_decide", args=[application.pk])
    other = Organisation.objects.get(code="GM0363")
    response = editor_client.post(url, {"decision": "approve", "organisation": other.pk, "add_domain": "on"})
    assert "hoort al bij" in response.content.decode()
    assert Application.objects.get().status == Application.Status.PENDING
    assert not User.objects.filter(email="x@utrecht.nl").exists()


# --- Unverified sign-ups expire ---------------------------------------------------------


def test_unverified_signups_older_than_the_limit_are_deleted(client, settings):
    settings.UNVERIFIED_ACCOUNT_DAYS = 7
    client.post(reverse("account_signup"), {**SIGNUP, "email": "oud@utrecht.nl"})
    client.post(reverse("account_signup"), {**SIGNUP, "email": "jong@utrecht.nl"})
    User.objects.filter(email="oud@utrecht.nl").update(date_joined=timezone.now() - timedelta(days=8))
    verified_old = UserFactory(email="lid@utrecht.nl", organisation=municipality())
    User.objects.filter(pk=verified_old.pk).update(date_joined=timezone.now() - timedelta(days=400))

    # An account made in the CMS (no address record at all) is not a sign-up: left alone.
    cms_made = User.objects.create_user(username="cms", email="cms@vng.nl", password=PASSWORD)
    User.objects.filter(pk=cms_made.pk).update(date_joined=timezone.now() - timedelta(days=30))

    call_command("expire_unverified_accounts", verbosity=0)
    assert set(User.objects.values_list("email", flat=True)) == {
        "jong@utrecht.nl", "lid@utrecht.nl", "cms@vng.nl"}
    # The address is free again: signing up anew works.
    client.post(reverse("account_signup"), {**SIGNUP, "email": "oud@utrecht.nl"})
    assert User.objects.filter(email="oud@utrecht.nl").exists()


def test_cleanup_job_is_scheduled_by_django_q():
    from django_q.models import Schedule

    from community.schedules import ensure_schedules

    ensure_schedules()
    ensure_schedules()
    schedule = Schedule.objects.get(name="onbevestigde-registraties-opruimen")
    assert schedule.func == "community.tasks.expire_unverified_accounts"
    assert schedule.schedule_type == Schedule.CRON


def test_signup_form_with_errors_shows_the_organisation_recognised_from_the_address(client):
    response = client.post(reverse("account_signup"),
                           {**SIGNUP, "email": "sanne@vrd.nl", "password2": "iets-anders-2026"})
    html = response.content.decode()
    assert response.status_code == 200 and not User.objects.exists()
    assert "Organisatie (herkend aan uw e-mailadres): <strong>Veiligheidsregio Drenthe</strong>" in html
    response = client.post(reverse("account_signup"),
                           {**SIGNUP, "email": "sanne@example.com", "password2": "iets-anders-2026"})
    assert "herkend aan uw e-mailadres" not in response.content.decode()


@pytest.mark.django_db
def test_a_wrong_password_is_told_with_u_not_jou(client):
    user = UserFactory()
    response = client.post("/account/login/", {"login": user.email, "password": "fout-wachtwoord"})
    html = response.content.decode()
    assert "het wachtwoord dat u opgaf, is niet juist" in html
    assert "jou" not in html
