import pytest
from django.core import mail
from django.core.management import call_command
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page, Revision

from community.models import (
    Activity,
    Folder,
    GroupPage,
    Membership,
    Organisation,
    Post,
    Thread,
    User,
)
from home.models import PortalSettings

pytestmark = pytest.mark.django_db

PUBLIC_URLS = ["/", "/over-het-netwerk/", "/wie-kan-deelnemen/", "/zo-werkt-het/", "/nieuws/",
               "/contact/", "/groepen/", "/toegankelijkheid/", "/account/login/",
               "/account/signup/", "/admin/login/"]


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Page, Revision, User, Organisation, GroupPage, Folder, Thread, Post,
                      Activity, Membership)
    }


def test_seed_demo_twice_changes_nothing(demo):
    before = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == before
    assert before["GroupPage"] == 5 and before["User"] == 3 and before["Thread"] >= 3


def test_public_pages_are_served_in_dutch(client, demo):
    for url in PUBLIC_URLS:
        response = client.get(url, follow=True)  # /admin/login/ leads to the portal login
        assert response.status_code == 200, url
        assert '<html lang="nl"' in response.content.decode(), url


def test_groups_overview_lists_every_group_but_nothing_inside_working_groups(client, demo):
    html = client.get("/groepen/").content.decode()
    for group in GroupPage.objects.all():
        assert group.title in html and group.description in html
    for thread in Thread.objects.filter(group__kind=GroupPage.Kind.WORKING):
        assert thread.title not in html


def test_page_layout_has_skip_link_navigation_breadcrumbs_and_footer(client, demo):
    html = client.get("/over-het-netwerk/").content.decode()
    assert 'href="#inhoud"' in html and 'id="inhoud"' in html
    assert 'aria-label="Hoofdmenu"' in html
    assert 'aria-label="Kruimelpad"' in html
    assert "/toegankelijkheid/" in html and "oovnetwerk@vng.nl" in html


def test_contact_form_stores_and_mails_the_site_setting(client, demo):
    settings_obj = PortalSettings.load()
    settings_obj.contact_email = "redactie-oov@vng.nl"
    settings_obj.save()
    response = client.post("/contact/", {
        "uw_naam": "Piet Pieters", "uw_e_mailadres": "piet@utrecht.nl",
        "organisatie": "Gemeente Utrecht", "uw_vraag_of_opmerking": "Hoe word ik lid van een werkgroep?",
    })
    assert response.status_code == 200
    assert "Bedankt" in response.content.decode()
    assert FormSubmission.objects.count() == 1
    [message] = mail.outbox
    assert message.to == ["redactie-oov@vng.nl"]
    assert "Hoe word ik lid van een werkgroep?" in message.body
    assert message.reply_to == ["piet@utrecht.nl"]


def test_contact_form_with_errors_gets_dutch_message_and_stores_nothing(client, demo):
    response = client.post("/contact/", {"uw_naam": "", "uw_e_mailadres": "geen-adres"})
    html = response.content.decode()
    assert "Dit is een verplicht veld." in html and "Voer een geldig e-mailadres in." in html
    assert FormSubmission.objects.count() == 0 and mail.outbox == []


def test_organisations_are_loaded_with_domains(db):
    assert Organisation.objects.filter(kind="municipality").count() == 342
    assert Organisation.objects.filter(kind="safety_region").count() == 25
    utrecht = Organisation.objects.get(code="GM0344")
    assert list(utrecht.domains.values_list("domain", flat=True)) == ["utrecht.nl"]
    assert Organisation.objects.get(code="GM0394").domains.filter(domain="haarlemmermeer.nl").exists()
    # Re-running the loader adds nothing.
    call_command("load_organisations", verbosity=0)
    assert Organisation.objects.filter(kind="municipality").count() == 342


def test_contact_form_is_rate_limited_per_ip_with_dutch_429_and_sends_nothing_more(client, demo, settings):
    from django.core.cache import cache

    cache.clear()
    settings.ACCOUNT_RATE_LIMITS = {"contact": "2/10m/ip"}
    data = {"uw_naam": "Piet Pieters", "uw_e_mailadres": "piet@utrecht.nl",
            "organisatie": "Gemeente Utrecht", "uw_vraag_of_opmerking": "Nog een vraag"}
    try:
        for _attempt in range(2):
            assert client.post("/contact/", data).status_code == 200
        response = client.post("/contact/", data)
        assert response.status_code == 429
        html = response.content.decode()
        assert '<html lang="nl"' in html and "Te veel pogingen" in html
        assert FormSubmission.objects.count() == 2 and len(mail.outbox) == 2
        # The page itself still shows.
        assert client.get("/contact/").status_code == 200
    finally:
        cache.clear()


def test_favicon_ico_leads_to_the_static_favicon(client, settings):
    from django.contrib.staticfiles import finders

    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == settings.STATIC_URL + "img/favicon.svg"
    assert finders.find("img/favicon.svg")


def _main_menu_marks(html):
    from bs4 import BeautifulSoup

    nav = BeautifulSoup(html, "html.parser").find("nav", attrs={"aria-label": "Hoofdmenu"})
    return {a.get_text(strip=True): a.get("aria-current") for a in nav.find_all("a")
            if a.get("aria-current")}


def test_main_menu_marks_the_page_and_the_section_below_it(client, demo):
    from knowledgebase.models import ArticlePage

    client.force_login(User.objects.get(email="anna.devries@utrecht.nl"))
    group = GroupPage.objects.live().first()
    article = ArticlePage.objects.live().public().first()
    assert _main_menu_marks(client.get("/groepen/").content) == {"Groepen": "page"}
    assert _main_menu_marks(client.get(group.url).content) == {"Groepen": "true"}
    assert _main_menu_marks(client.get(article.url).content) == {"Kennisbank": "true"}
    assert _main_menu_marks(client.get("/").content) == {"Home": "page"}
    assert _main_menu_marks(client.get("/account/email/").content) == {}
