"""A member on a phone (390 px wide) and on a desktop (1280 px): the header stays compact,
"Uitloggen" looks like the links beside it, and the signal mail settings stack each group's
name above its full-width choice."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, site, email="anna.devries@utrecht.nl", password="Demo-OOV-2026!"):
    page.goto(site.url + "/account/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name=re.compile("Welkom")).wait_for()


def box(locator):
    return locator.bounding_box()


@pytest.mark.parametrize("width", [390, 1280])
def test_header_and_signal_settings_fit_the_screen(site, page, axe_check, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, site)
    page.goto(site.url + "/signalering/")
    axe_check(page, f"signal settings at {width} px")

    # Nothing sticks out sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # The main menu takes at most two rows on a phone, one on a desktop.
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert box(menu)["height"] <= (90 if width < 600 else 50)

    # "Uitloggen" (a button that posts) has the size of the account links beside it.
    account = page.get_by_role("navigation", name="Account")
    link_size = account.get_by_role("link", name="Mijn profiel").evaluate(
        "e => getComputedStyle(e).fontSize")
    button_size = account.get_by_role("button", name="Uitloggen").evaluate(
        "e => getComputedStyle(e).fontSize")
    assert button_size == link_size

    # Each group: its name whole (not broken mid-word), its choice entirely on screen.
    for name in ["Burgemeestersbevoegdheden", "Veiligheidsbeleid"]:
        select = page.get_by_label(f"Signaleringsmail voor {name}")
        label = page.locator("label", has_text=name)
        assert label.evaluate("e => e.getClientRects().length") == 1  # one line
        select_box, label_box = box(select), box(label)
        assert select_box["x"] >= 0 and select_box["x"] + select_box["width"] <= width
        assert select.evaluate("e => e.scrollWidth <= e.clientWidth")
        if width < 600:  # stacked: name above a choice as wide as the content
            assert label_box["y"] + label_box["height"] <= select_box["y"]
            assert select_box["width"] >= width - 80


def test_main_menu_marks_the_section_on_its_sub_pages(site, page):
    login(page, site)
    page.goto(site.url + "/groepen/")
    page.get_by_role("link", name="Veiligheidsbeleid").first.click()
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert menu.get_by_role("link", name="Groepen").get_attribute("aria-current") == "true"
    assert menu.locator("[aria-current]").count() == 1
