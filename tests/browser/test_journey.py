"""The main journey, as a person walks it, in Chromium against a live server."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_q.tasks import async_task

from community import services
from community.models import Activity, GroupPage, Thread, User
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_verify_join_post_and_a_follower_gets_one_signal_mail(site, page, axe_check):
    veiligheid = GroupPage.objects.get(slug="veiligheidsbeleid")
    follower = UserFactory(email="collega@amsterdam.nl", first_name="Karin")
    services.add_member(user=follower, group=veiligheid, frequency="direct")

    page.goto(site.url + "/")
    axe_check(page, "home")
    page.get_by_role("link", name="Registreren", exact=True).first.click()
    axe_check(page, "signup")
    page.get_by_label("Voornaam").fill("Sanne")
    page.get_by_label("Achternaam").fill("Bakker")
    page.get_by_label("E-mailadres van uw werk").fill("someone@utrecht.nl")
    page.get_by_label("Wachtwoord", exact=True).fill("Veilig-wachtwoord-2026")
    page.get_by_label("Wachtwoord (bevestigen)").fill("Veilig-wachtwoord-2026")
    page.get_by_role("button", name="Account aanmaken").click()
    page.get_by_role("heading", name="Bevestig uw e-mailadres").wait_for()
    axe_check(page, "verification sent")

    [verification] = [m for m in mail.outbox if m.to == ["someone@utrecht.nl"]]
    link = re.search(r"http://\S+/account/confirm-email/\S+/", verification.body).group(0)
    page.goto(link)
    axe_check(page, "confirm email")
    page.get_by_role("button", name="Bevestigen").click()

    page.goto(site.url + "/account/login/")
    axe_check(page, "login")
    page.get_by_label("E-mail").fill("someone@utrecht.nl")
    page.get_by_label("Wachtwoord").fill("Veilig-wachtwoord-2026")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name=re.compile("Welkom, Sanne")).wait_for()
    axe_check(page, "dashboard")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Groepen").click()
    axe_check(page, "groups overview")
    page.get_by_role("link", name="Veiligheidsbeleid").click()
    page.get_by_role("button", name="Lid worden van deze groep").click()
    page.get_by_text("U bent lid van Veiligheidsbeleid").wait_for()
    axe_check(page, "group page")
    page.get_by_role("link", name="Veiligheidsanalyses").click()
    axe_check(page, "folder page")
    page.get_by_role("link", name="Nieuw onderwerp starten").click()
    axe_check(page, "thread form")
    page.get_by_label("Titel").fill("Wie deelt een voorbeeld van een veiligheidsanalyse?")
    page.get_by_label("Uw bericht").fill("We maken een nieuwe analyse per wijk.\n\nWie wil de zijne delen?")
    page.get_by_role("button", name="Onderwerp plaatsen").click()
    page.get_by_role("heading", name="Wie deelt een voorbeeld van een veiligheidsanalyse?").wait_for()
    axe_check(page, "thread page")

    author = User.objects.get(email="someone@utrecht.nl")
    thread = Thread.objects.get(title="Wie deelt een voorbeeld van een veiligheidsanalyse?")
    assert thread.author == author

    # Six minutes pass (the next "direct" moment comes), then the django-q2 job runs (sync
    # in tests): the changes are moved back in time instead of the test sleeping.
    Activity.objects.update(created_at=timezone.now() - timedelta(minutes=6))
    mail.outbox.clear()
    async_task("notifications.tasks.run_signal_mail")
    assert [m for m in mail.outbox if m.to == [author.email]] == []
    [signal] = [m for m in mail.outbox if m.to == [follower.email]]
    assert thread.title in signal.body
    link = re.search(re.escape(site.url) + r"/groepen/veiligheidsbeleid/bericht/\d+/", signal.body).group(0)

    page.context.clear_cookies()
    page.goto(site.url + "/account/login/")
    page.get_by_label("E-mail").fill(follower.email)
    page.get_by_label("Wachtwoord").fill("Test-wachtwoord-2026")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name=re.compile("Welkom")).wait_for()
    page.goto(link)
    page.get_by_role("heading", name=thread.title).wait_for()
    assert "We maken een nieuwe analyse per wijk." in page.content()


def test_public_and_member_pages_have_no_axe_violations(site, page, axe_check):
    for url in ("/over-het-netwerk/", "/nieuws/", "/nieuws/terugblik-op-de-oov-dag/", "/contact/",
                "/toegankelijkheid/", "/account/password/reset/",
                "/groepen/werkgroep-ondermijning-buitengebied/"):
        page.goto(site.url + url)
        axe_check(page, url)
    page.goto(site.url + "/contact/")
    page.get_by_role("button", name="Versturen").click()
    axe_check(page, "contact with errors")
    page.get_by_label("Uw naam").fill("Piet")
    page.get_by_label("Uw e-mailadres").fill("piet@utrecht.nl")
    page.get_by_label("Uw vraag of opmerking").fill("Een vraag")
    page.get_by_role("button", name="Versturen").click()
    page.get_by_role("heading", name="Bedankt voor uw bericht").wait_for()
    axe_check(page, "contact landing")

    page.goto(site.url + "/account/login/")
    page.get_by_label("E-mail").fill("mark.jansen@amsterdam.nl")
    page.get_by_label("Wachtwoord").fill("Demo-OOV-2026!")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name=re.compile("Welkom")).wait_for()
    for url in ("/signalering/", "/groepen/werkgroep-ondermijning-buitengebied/",
                "/groepen/werkgroep-ondermijning-buitengebied/map/casuistiek/"):
        page.goto(site.url + url)
        axe_check(page, url)


def test_the_accessibility_check_itself_reports_violations(page, axe_check):
    page.set_content('<html><body><img src="x.png"><input type="text"></body></html>')
    with pytest.raises(AssertionError, match="image-alt"):
        axe_check(page, "deliberately broken")
