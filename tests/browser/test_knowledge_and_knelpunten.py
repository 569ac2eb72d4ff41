"""Search, knowledge base and the knelpunten register, as people use them, in Chromium."""

import re

import pytest

from advocacy.models import Knelpunt

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Demo-OOV-2026!"


def log_in(page, site, email):
    page.context.clear_cookies()
    page.goto(site.url + "/account/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name=re.compile("Welkom")).wait_for()


def test_member_finds_thread_by_reply_word_and_browses_knowledge_base(site, page, axe_check):
    log_in(page, site, "anna.devries@utrecht.nl")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Zoeken").click()
    axe_check(page, "search form")
    # "beeldvormende" only occurs in Mark's reply, not in the thread's title or opening post.
    page.get_by_label("Zoeken naar").fill("beeldvormende")
    page.get_by_role("button", name="Zoeken").click()
    result = page.get_by_role("link", name="Hoe betrekken jullie de raad bij het nieuwe IVP?")
    result.first.wait_for()
    assert page.locator("mark", has_text="beeldvormende").count() >= 1
    axe_check(page, "search results")
    result.first.click()
    page.get_by_role("heading", name="Hoe betrekken jullie de raad bij het nieuwe IVP?").wait_for()

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Kennisbank").click()
    axe_check(page, "knowledge index")
    page.get_by_role("link", name="Burgemeestersbevoegdheden").click()
    page.get_by_role("heading", name="Artikelen").wait_for()
    axe_check(page, "topic page")
    page.get_by_role("link", name="Noodbevel of noodverordening?").click()
    page.get_by_role("heading", name="Noodbevel of noodverordening?").wait_for()
    axe_check(page, "article page")


def test_knelpunt_reported_shared_triaged_and_seen_by_reporter(site, page, axe_check):
    # A member of Utrecht reports a knelpunt.
    log_in(page, site, "anna.devries@utrecht.nl")
    page.goto(site.url + "/knelpunten/")
    axe_check(page, "knelpunten list")
    page.get_by_role("link", name="Knelpunt melden").click()
    axe_check(page, "knelpunt form")
    page.get_by_label("Titel").fill("Sluiting onmogelijk bij drugsafval in het buitengebied")
    page.get_by_label("Omschrijving").fill("De Opiumwet biedt geen grond als er alleen afval ligt.")
    page.get_by_label("Thema").select_option(label="Ondermijning")
    page.get_by_label("Wet of regel").fill("Opiumwet, artikel 13b")
    page.get_by_role("button", name="Knelpunt melden").click()
    page.get_by_text("Uw knelpunt is gemeld.").wait_for()
    axe_check(page, "knelpunt detail")
    knelpunt = Knelpunt.objects.get(title="Sluiting onmogelijk bij drugsafval in het buitengebied")
    assert str(knelpunt.organisation) == "Gemeente Utrecht"

    # A member of Amsterdam says "wij ook".
    log_in(page, site, "mark.jansen@amsterdam.nl")
    page.goto(site.url + "/knelpunten/")
    page.get_by_role("link", name="Sluiting onmogelijk bij drugsafval in het buitengebied").click()
    # He also has it open in a second tab, and sends it there too after the first.
    second_tab = page.context.new_page()
    second_tab.goto(page.url)
    page.get_by_label("Toelichting").fill("In Amsterdam-Noord zien we hetzelfde.")
    page.get_by_role("button", name="Wij lopen hier ook tegenaan").click()
    page.get_by_text("Uw organisatie is toegevoegd aan dit knelpunt.").wait_for()
    assert page.get_by_text("Gemeente Amsterdam: In Amsterdam-Noord zien we hetzelfde.").count() == 1
    second_tab.get_by_label("Toelichting").fill("Nog een keer.")
    second_tab.get_by_role("button", name="Wij lopen hier ook tegenaan").click()
    second_tab.get_by_role("status").get_by_text("Uw organisatie staat al bij dit knelpunt.").wait_for()
    assert second_tab.get_by_text("Nog een keer.").count() == 0
    axe_check(second_tab, "knelpunt detail after a double wij ook")
    second_tab.close()

    # An editor triages it in the CMS.
    from community.models import User
    from tests.browser.test_accounts_journey import totp_code
    from tests.factories import with_totp

    secret = with_totp(User.objects.get(email="redactie@vng.nl"))
    page.context.clear_cookies()
    page.goto(site.url + "/admin/")
    page.get_by_label("E-mail").fill("redactie@vng.nl")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Code").fill(totp_code(secret))
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(site.url + f"/admin/advocacy/knelpunt/edit/{knelpunt.pk}/")
    page.locator("select[name=status]").select_option("adopted")
    page.locator("textarea[name=response]").fill("Ingebracht in het overleg met het ministerie.")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/admin/advocacy/knelpunt/(\?.*)?$"))
    knelpunt.refresh_from_db()
    assert knelpunt.status == "adopted"

    # The editor (VNG) reads the register but reports nothing and is not counted.
    page.goto(site.url + knelpunt.get_absolute_url())
    page.get_by_text("Als redacteur behandelt u knelpunten in het CMS.").wait_for()
    assert page.get_by_role("button", name="Wij lopen hier ook tegenaan").count() == 0
    axe_check(page, "knelpunt detail for an editor")

    # The reporter sees the status and the response, and why there is no button.
    log_in(page, site, "anna.devries@utrecht.nl")
    page.goto(site.url + knelpunt.get_absolute_url())
    page.get_by_text("Meegenomen in de belangenbehartiging").wait_for()
    page.get_by_text("Ingebracht in het overleg met het ministerie.").wait_for()
    page.get_by_text("Dit knelpunt is door uw eigen organisatie gemeld.").wait_for()
