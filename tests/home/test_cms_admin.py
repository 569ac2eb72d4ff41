"""The CMS as an editor sees it, for everything the apps community, notifications, home and
taxonomy register there (modeladmin listings, snippets, settings, page types): Dutch column
headers and field labels, no bookkeeping fields in forms, no Django admin icons, no avatar
from Gravatar, the editors' dashboard panel in Wagtail's own markup."""

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

from community.models import Application, GroupPage, Invitation, Membership
from tests.factories import make_editor

pytestmark = pytest.mark.django_db

APPS = ["community", "notifications", "home", "taxonomy"]

# English that Django or a model would show when a field or model has no Dutch name. Wagtail's
# own interface is Dutch (its "Slug" and "SEO" are Dutch usage too, so they are not listed).
ENGLISH = [
    "User", "Group", "Created at", "Updated at", "Signalled until", "Consultation", "Name",
    "Title", "Description", "Kind", "Role", "Signal frequency", "Folder", "Position",
    "Is active", "Is archived", "Province", "Domain", "Include subdomains", "Email", "E-mail address",
    "Invited by", "Expires at", "Accepted at", "Accepted by", "Topic", "Page", "Thread", "Post",
    "Author", "Organisation", "Function", "Motivation", "Reason", "Decided by", "Decided at",
    "Contact email", "Footer text", "Date", "Lead", "Body", "Thank you text", "Introduction",
    "Contact person", "Attempts", "Subject", "Sent at", "Yes", "No", "True", "False", "All",
]
ENGLISH_RE = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH) + r")\b")

# Where column headers and field labels stand in Wagtail's admin markup.
LABEL_SELECTORS = "th, label, legend, dt, .w-field__label, .w-panel__heading, .filter-title, h3"


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)
    group = GroupPage.objects.filter(kind=GroupPage.Kind.WORKING).first()
    Application.objects.create(
        first_name="Ruud", last_name="de Wit", email="ruud@odrivierenland.nl",
        function="Adviseur", organisation_name="Omgevingsdienst", motivation="Graag.",
    )
    Invitation.objects.create(
        group=group, email="gast@minjenv.nl", nonce="6f1c2a1e-0000-4000-8000-000000000001",
        expires_at=timezone.now() + timedelta(days=14),
    )


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def _modeladmin_urls(model):
    prefix = f"{model._meta.app_label}_{model._meta.model_name}_modeladmin_"
    try:
        urls = [reverse(prefix + "index")]
    except NoReverseMatch:
        return []
    obj = model._default_manager.order_by("pk").first()
    for action, args in [("create", []), ("edit", [obj.pk] if obj else None),
                         ("inspect", [obj.pk] if obj else None)]:
        if args is None:
            continue
        try:
            urls.append(reverse(prefix + action, args=args))
        except NoReverseMatch:
            pass
    return urls


def _snippet_urls(model):
    viewset = model.snippet_viewset
    urls = [reverse(viewset.get_url_name("list")), reverse(viewset.get_url_name("add"))]
    obj = model._default_manager.order_by("pk").first()
    if obj:
        urls.append(reverse(viewset.get_url_name("edit"), args=[obj.pk]))
    return urls


def _page_urls(model):
    urls = []
    page = model.objects.order_by("pk").first()
    if page:
        urls.append(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    parent = next((p for p in Page.objects.order_by("pk").specific()
                   if model in p.specific_class.creatable_subpage_models()
                   and model.can_create_at(p)), None)
    if parent:
        urls.append(reverse("wagtailadmin_pages:add", args=[
            model._meta.app_label, model._meta.model_name, parent.pk]))
    return urls


def cms_urls():
    """Every CMS listing, create, edit and inspect view of the four apps' models."""
    from wagtail.contrib.settings.registry import registry as settings_registry

    snippets = set(get_snippet_models())
    urls = []
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            urls += _modeladmin_urls(model)
            if model in snippets:
                urls += _snippet_urls(model)
            if model in settings_registry:
                urls.append(reverse("wagtailsettings:edit",
                                    args=[model._meta.app_label, model._meta.model_name]))
            if issubclass(model, Page):
                urls += _page_urls(model)
    return urls


def _get(client, url):
    # A settings URL without an id redirects to the site's settings object.
    return client.get(url, follow=url.startswith("/admin/settings/"))


def test_the_walk_covers_listings_forms_snippets_settings_and_pages(demo):
    urls = cms_urls()
    for expected in ["/admin/community/membership/", "/admin/community/membership/edit/",
                     "/admin/community/membership/create/", "/admin/community/folder/",
                     "/admin/community/organisation/", "/admin/community/application/inspect/",
                     "/admin/community/invitation/", "/admin/snippets/taxonomy/topic/",
                     "/admin/settings/home/portalsettings/", "/admin/pages/add/community/grouppage/",
                     "/admin/pages/add/home/newspage/"]:
        assert any(url.startswith(expected) for url in urls), expected


def test_cms_headers_and_labels_are_dutch(demo, editor_client):
    found = {}
    for url in cms_urls():
        response = _get(editor_client, url)
        if response.status_code == 302 and re.search(r"/(create|edit)/", url):
            continue  # never created or edited by hand (applications, invitations)
        assert response.status_code == 200, url
        soup = BeautifulSoup(response.content, "html.parser")
        for element in soup.select(LABEL_SELECTORS):
            text = " ".join(element.get_text(" ").split())
            if match := ENGLISH_RE.search(text):
                found.setdefault(url, []).append(f"{match.group(0)!r} in {text!r}")
    assert found == {}


def test_cms_listings_use_no_django_admin_images(demo, editor_client):
    for url in cms_urls():
        response = _get(editor_client, url)
        assert b"/static/admin/" not in response.content, url


def test_boolean_columns_read_ja_or_nee(demo, editor_client):
    response = editor_client.get(reverse("community_organisation_modeladmin_index"))
    soup = BeautifulSoup(response.content, "html.parser")
    cells = {" ".join(td.get_text().split()) for td in soup.select("td.field-is_active_ja_nee")}
    assert cells and cells <= {"Ja", "Nee"}
    assert "Actief" in {" ".join(th.get_text().split()) for th in soup.select("th")}
    # Still sortable on the field itself.
    response = editor_client.get(reverse("community_organisation_modeladmin_index") + "?o=5")
    assert response.status_code == 200


def _form_inputs(response):
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one("form[method=post]")
    return {field["name"] for field in form.select("input[name], select[name], textarea[name]")}


def test_membership_form_has_no_bookkeeping_fields_and_saves(demo, editor_client):
    membership = Membership.objects.filter(role=Membership.Role.MEMBER).order_by("pk").first()
    url = reverse("community_membership_modeladmin_edit", args=[membership.pk])
    response = editor_client.get(url)
    names = _form_inputs(response)
    assert {"user", "group", "role", "signal_frequency"} <= names
    assert not names & {"signalled_until", "created_at"}
    assert "Lid sinds" in response.content.decode()  # shown, not editable

    watermark, since = membership.signalled_until, membership.created_at
    response = editor_client.post(url, {
        "user": membership.user_id, "group": membership.group_id,
        "role": Membership.Role.COORDINATOR, "signal_frequency": "weekly",
        # A forged watermark or date is ignored.
        "signalled_until": "999999", "created_at": "2000-01-01 00:00",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    membership.refresh_from_db()
    assert membership.role == Membership.Role.COORDINATOR
    assert membership.signal_frequency == "weekly"
    assert (membership.signalled_until, membership.created_at) == (watermark, since)


BOOKKEEPING = re.compile(
    r"(^|_)(created|updated|modified|seen|sent|decided|resolved|accepted)_at$"
    r"|signalled_until|_count$|token|nonce|claim|attempts|lease|search_vector")


def test_no_cms_form_of_these_apps_edits_bookkeeping_fields(demo, editor_client):
    for url in cms_urls():
        if not re.search(r"/(create|edit)/", url) or "/pages/" in url:
            continue
        response = _get(editor_client, url)
        if response.status_code == 302:
            continue
        bad = {name for name in _form_inputs(response) - {"csrfmiddlewaretoken"}
               if BOOKKEEPING.search(name)}
        assert not bad, (url, bad)


def test_dashboard_has_no_gravatar_and_queues_panel_in_wagtail_markup(demo, editor_client):
    response = editor_client.get("/admin/")
    html = response.content.decode()
    assert "gravatar" not in html.lower()
    soup = BeautifulSoup(html, "html.parser")
    # Rendered by Wagtail's {% panel %} tag, as the dashboard's own panels are.
    panel = soup.select_one("section#oov-queues-section.w-panel.w-panel--dashboard")
    assert panel.select_one("h2.w-panel__heading").get_text(strip=True) == "Wat op de redactie wacht"
    assert panel.select("table.listing.listing--dashboard td.title a")
