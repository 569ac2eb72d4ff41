"""A member asks to join the working group, the coordinator admits them, they read and reply;
the coordinator removes them and their next request answers 404. New pages: 0 axe violations."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WG = "/groepen/werkgroep-ondermijning-buitengebied/"
PASSWORD = "Demo-OOV-2026!"


def login(page, site, email):
    page.context.clear_cookies()
    page.goto(site.url + "/account/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name=re.compile("Welkom")).wait_for()


def test_join_approve_read_reply_remove(site, page, axe_check):
    login(page, site, "anna.devries@utrecht.nl")
    page.goto(site.url + WG)
    page.get_by_role("link", name="Vraag om deel te nemen").click()
    axe_check(page, "join request form")
    page.get_by_label("Waarom wilt u deelnemen?").fill("Wij zien dezelfde signalen in Utrecht.")
    page.get_by_role("button", name="Verzoek versturen").click()
    page.get_by_text("Uw verzoek is verstuurd").first.wait_for()

    login(page, site, "mark.jansen@amsterdam.nl")
    page.goto(site.url + WG)
    page.get_by_role("link", name="Verzoeken om deel te nemen").click()
    page.get_by_text("Wij zien dezelfde signalen in Utrecht.").wait_for()
    axe_check(page, "join requests")
    page.get_by_role("button", name="Anna de Vries toelaten").click()
    page.get_by_text("Anna de Vries is toegelaten").wait_for()
    page.goto(site.url + WG + "leden/")
    axe_check(page, "members")
    page.goto(site.url + WG + "mappen/")
    axe_check(page, "folders manage")
    page.goto(site.url + "/mijn-netwerk/meldingen/")
    axe_check(page, "moderation queue")

    login(page, site, "anna.devries@utrecht.nl")
    page.goto(site.url + WG)
    page.get_by_role("link", name="Casuïstiek").first.click()
    axe_check(page, "folder with files")
    page.get_by_role("link", name="Bestand toevoegen").click()
    axe_check(page, "file form")
    page.go_back()
    page.get_by_role("link", name="Vertrouwelijk: signalen rond leegstaande stallen").click()
    thread_url = page.url
    page.get_by_label("Uw bericht").fill("Herkenbaar: bij ons twee stallen in de polder.")
    page.get_by_role("button", name="Reactie plaatsen").click()
    page.get_by_text("Herkenbaar: bij ons twee stallen in de polder.").wait_for()
    axe_check(page, "thread page as member")
    page.get_by_role("link", name=re.compile("^Bewerken")).first.click()
    axe_check(page, "edit post")

    login(page, site, "mark.jansen@amsterdam.nl")
    page.goto(thread_url)
    axe_check(page, "thread page as coordinator")
    page.goto(site.url + WG + "leden/")
    page.get_by_role("button", name="Anna de Vries verwijderen").click()
    page.get_by_text("Anna de Vries is geen lid meer van deze groep.").wait_for()

    login(page, site, "anna.devries@utrecht.nl")
    response = page.goto(thread_url)
    assert response.status == 404


def test_profile_and_report_pages_have_no_axe_violations(site, page, axe_check):
    from community.models import Post, User

    mark = User.objects.get(email="mark.jansen@amsterdam.nl")
    post = Post.objects.filter(author=mark, thread__group__slug="veiligheidsbeleid").first()
    login(page, site, "anna.devries@utrecht.nl")
    page.goto(site.url + f"/mijn-netwerk/leden/{mark.pk}/")
    page.get_by_role("heading", name="Mark Jansen").wait_for()
    axe_check(page, "profile")
    page.goto(site.url + f"/groepen/veiligheidsbeleid/bericht/{post.pk}/melden/")
    axe_check(page, "report form")
    page.get_by_role("button", name="Melding versturen").click()
    axe_check(page, "report form with errors")
