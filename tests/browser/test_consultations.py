"""A member finds the consultation the demo opened in one of their groups, answers it and
can still change the answer, in Chromium, with axe on every page on the way."""

import re

import pytest

from advocacy.models import ConsultationAnswer
from tests.browser.test_knowledge_and_knelpunten import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Uw ervaring met het integraal veiligheidsplan"


def test_member_answers_the_consultation_found_on_the_dashboard(site, page, axe_check):
    log_in(page, site, "anna.devries@utrecht.nl")  # lands on "Mijn netwerk"
    waiting = page.get_by_role("region", name="Consultaties die op uw antwoord wachten")
    waiting.get_by_text(re.compile(r"U kunt antwoorden tot \d+ \w+ \d{4}, 17:00 uur\.")).wait_for()
    axe_check(page, "dashboard with an open consultation")

    waiting.get_by_role("link", name=TITLE).click()
    page.get_by_role("heading", name=TITLE, level=1).wait_for()
    crumbs = page.get_by_role("navigation", name="Kruimelpad")
    assert [t.strip() for t in crumbs.get_by_role("listitem").all_inner_texts()] == [
        "Home", "Groepen", "Veiligheidsbeleid", TITLE]
    axe_check(page, "consultation page")

    page.get_by_label("Uw antwoord").fill("Wij bespreken het plan eerst in een beeldvormende "
                                          "raadsavond en halen input op in de wijken.")
    page.get_by_role("button", name="Antwoord versturen").click()
    page.get_by_text("Uw antwoord is opgeslagen.").wait_for()
    page.get_by_text(re.compile("U heeft geantwoord — u kunt uw antwoord nog aanpassen tot")).wait_for()
    assert page.get_by_role("button", name="Antwoord bijwerken").count() == 1
    axe_check(page, "consultation page after answering")
    [answer] = ConsultationAnswer.objects.filter(user__email="anna.devries@utrecht.nl",
                                                 consultation__title=TITLE)
    assert "beeldvormende raadsavond" in answer.answer

    page.goto(site.url + "/mijn-netwerk/")
    page.get_by_role("region", name="Consultaties die op uw antwoord wachten").get_by_text(
        re.compile("U heeft geantwoord — u kunt uw antwoord nog aanpassen tot")).wait_for()
    axe_check(page, "dashboard after answering")

    # The closed consultation of another of her groups: listed there, her answer re-readable.
    page.goto(site.url + "/groepen/burgemeestersbevoegdheden/")
    page.get_by_role("heading", name="Afgesloten consultaties").wait_for()
    axe_check(page, "group page with a closed consultation")
    page.get_by_role("link", name="Noodbevelen en noodverordeningen rond de jaarwisseling").click()
    page.get_by_text(re.compile("Deze consultatie is gesloten sinds")).wait_for()
    page.get_by_text(re.compile("noodbevel voor één wijk")).wait_for()
    axe_check(page, "closed consultation page")
