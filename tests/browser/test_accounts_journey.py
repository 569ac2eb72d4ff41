"""Accounts in the browser: an applicant with an unlisted domain applies, an editor
approves in the CMS (after the second factor), the applicant sets a password from the
mailed link and logs in. A guest is invited into a working group. New pages: 0 axe
violations (WCAG 2.1 A/AA)."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from community.models import Application, GroupPage, Membership, OrganisationDomain, User
from tests.factories import with_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "Demo-OOV-2026!"


def totp_code(secret):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30))


def log_in(page, site, email, password):
    page.goto(site.url + "/account/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def test_applicant_applies_editor_approves_in_cms_applicant_sets_password_and_logs_in(
    site, page, axe_check
):
    # 1. The applicant tries to register; the domain is not on the list.
    page.goto(site.url + "/account/signup/")
    page.get_by_label("Voornaam").fill("Ruud")
    page.get_by_label("Achternaam").fill("de Wit")
    page.get_by_label("E-mailadres van uw werk").fill("ruud.dewit@odrivierenland.nl")
    page.get_by_label("Wachtwoord", exact=True).fill("Veilig-wachtwoord-2026")
    page.get_by_label("Wachtwoord (bevestigen)").fill("Veilig-wachtwoord-2026")
    page.get_by_role("button", name="Account aanmaken").click()
    page.get_by_text("hoort niet bij een organisatie").wait_for()
    axe_check(page, "signup refused")
    page.get_by_role("link", name="Vraag toegang aan met een motivatie").click()

    # 2. ... and applies with a motivation.
    page.get_by_role("heading", name="Toegang aanvragen").wait_for()
    axe_check(page, "application form")
    page.get_by_role("button", name="Aanvraag versturen").click()
    page.get_by_text("Dit is een verplicht veld.").first.wait_for()
    axe_check(page, "application form with errors")
    page.get_by_label("Voornaam").fill("Ruud")
    page.get_by_label("Achternaam").fill("de Wit")
    page.get_by_label("E-mailadres van uw werk").fill("ruud.dewit@odrivierenland.nl")
    page.get_by_label("Functie").fill("Adviseur handhaving")
    page.get_by_label("Organisatie").fill("Omgevingsdienst Rivierenland")
    page.get_by_label("Motivatie").fill("Ik werk voor een gemeenschappelijke regeling van gemeenten.")
    page.get_by_role("button", name="Aanvraag versturen").click()
    page.get_by_role("heading", name="Aanvraag verstuurd").wait_for()
    axe_check(page, "application sent")
    assert Application.objects.get().status == Application.Status.PENDING

    # 3. The editor logs in with the second factor and approves in the CMS.
    editor = User.objects.get(email="redactie@vng.nl")
    secret = with_totp(editor)
    page.context.clear_cookies()
    page.goto(site.url + "/admin/")
    page.get_by_label("E-mail").fill("redactie@vng.nl")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Code").fill(totp_code(secret))
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(site.url + "/admin/community/application/?status__exact=pending")
    page.get_by_role("link", name="Beoordelen").click()
    page.get_by_text("Ik werk voor een gemeenschappelijke regeling").wait_for()
    page.get_by_label("Goedkeuren").check()
    page.get_by_label("Organisatie", exact=True).select_option(label="Gemeente Culemborg")
    page.get_by_label("Voeg het e-maildomein van de aanvrager toe").check()
    page.get_by_role("button", name="Besluit opslaan").click()
    page.get_by_text("De aanvraag is goedgekeurd").wait_for()
    assert OrganisationDomain.objects.get(domain="odrivierenland.nl").organisation.name == "Culemborg"

    # 4. The applicant sets a password from the mailed link and logs in.
    [approval] = [m for m in mail.outbox if m.to == ["ruud.dewit@odrivierenland.nl"]
                  and "goedgekeurd" in m.subject]
    assert "Uw inlognaam is: ruud.dewit@odrivierenland.nl" in approval.body
    link = re.search(r"http://\S+/account/password/reset/key/\S+", approval.body).group(0)
    page.context.clear_cookies()
    page.goto(link)
    page.get_by_role("heading", name="Nieuw wachtwoord kiezen").wait_for()
    axe_check(page, "set password")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("Eigen-wachtwoord-Ruud-26")
    page.get_by_label("Nieuw wachtwoord (bevestigen)").fill("Eigen-wachtwoord-Ruud-26")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    page.get_by_role("heading", name="Wachtwoord opgeslagen").wait_for()
    log_in(page, site, "ruud.dewit@odrivierenland.nl", "Eigen-wachtwoord-Ruud-26")
    page.get_by_role("heading", name=re.compile("Welkom, Ruud")).wait_for()

    page.get_by_role("link", name="Mijn profiel").click()
    page.get_by_text("Gemeente Culemborg").wait_for()
    axe_check(page, "my profile")
    page.get_by_role("link", name="Mijn account verwijderen").click()
    axe_check(page, "delete account")


def test_coordinator_invites_a_guest_who_registers_and_sees_the_working_group(site, page, axe_check):
    group = GroupPage.objects.get(slug="werkgroep-ondermijning-buitengebied")
    mark = User.objects.get(email="mark.jansen@amsterdam.nl")
    Membership.objects.filter(user=mark, group=group).update(role=Membership.Role.COORDINATOR)

    log_in(page, site, "mark.jansen@amsterdam.nl", DEMO_PASSWORD)
    page.get_by_role("heading", name=re.compile("Welkom")).wait_for()
    page.goto(site.url + group.url)
    page.get_by_role("link", name="Iemand uitnodigen voor deze werkgroep").click()
    axe_check(page, "invite form")
    page.get_by_label("E-mailadres van de genodigde").fill("p.jansen@minjenv.nl")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.get_by_text("De uitnodiging is verstuurd").wait_for()

    [invitation] = [m for m in mail.outbox if m.to == ["p.jansen@minjenv.nl"]]
    link = re.search(r"http://\S+/toegang/uitnodiging/\S+/", invitation.body).group(0)
    page.context.clear_cookies()
    page.goto(link[:-4] + "xyz/")
    axe_check(page, "invitation invalid")
    page.goto(link)
    axe_check(page, "invitation signup")
    page.get_by_label("Voornaam").fill("Piet")
    page.get_by_label("Achternaam").fill("Jansen")
    page.get_by_label("Wachtwoord", exact=True).fill("Gast-wachtwoord-2026!")
    page.get_by_label("Wachtwoord (bevestigen)").fill("Gast-wachtwoord-2026!")
    page.get_by_role("button", name="Account aanmaken").click()
    page.get_by_text("Welkom! U bent lid van").wait_for()
    assert User.objects.get(email="p.jansen@minjenv.nl").kind == User.Kind.GUEST

    page.goto(site.url + "/groepen/")
    html = page.content()
    assert "Werkgroep ondermijning buitengebied" in html
    for other in GroupPage.objects.exclude(pk=group.pk):
        assert other.title not in html
    response = page.goto(site.url + "/groepen/veiligheidsbeleid/")
    assert response.status == 404
