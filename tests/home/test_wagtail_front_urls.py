"""Wagtail's own front-end URLs next to home.routing's serve pattern: the form that unlocks a
password-protected page works; pages for logged-in visitors send them to the portal's login;
Wagtail's password-only login form gives no one an editor's powers."""

import pytest
from django.core.management import call_command
from django.urls import resolve, reverse
from wagtail.models import PageViewRestriction

from community import services
from community.models import GroupPage, Membership, Thread
from home.models import HomePage, StandardPage
from tests.factories import PASSWORD, UserFactory, folder_of, make_editor, make_group, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)
    return HomePage.objects.get()


def test_the_utility_urls_are_not_taken_for_page_paths():
    assert resolve("/_util/authenticate_with_password/1/2/").url_name == (
        "wagtailcore_authenticate_with_password")
    assert resolve("/_util/login/").url_name == "wagtailcore_login"
    assert resolve("/groepen/").url_name == "wagtail_serve"


def test_password_restricted_page_can_be_unlocked(demo, client):
    about = StandardPage.objects.child_of(demo).first()
    restriction = PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.PASSWORD, password="geheim")
    form_page = client.get(about.url)
    assert form_page.status_code == 200 and b'name="password"' in form_page.content
    action = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, about.pk])
    assert client.post(action, {"password": "fout", "return_url": about.url}).status_code == 200
    assert b'name="password"' in client.get(about.url).content
    response = client.post(action, {"password": "geheim", "return_url": about.url})
    assert response.status_code == 302
    response = client.get(about.url)
    assert response.status_code == 200 and b'name="password"' not in response.content


def test_password_restricted_group_unlocks_its_threads_for_a_member(demo, client):
    thread = Thread.objects.filter(group__kind=GroupPage.Kind.GENERAL).first()
    group = GroupPage.objects.get(pk=thread.group_id)
    client.force_login(UserFactory())
    restriction = PageViewRestriction.objects.create(
        page=group, restriction_type=PageViewRestriction.PASSWORD, password="geheim")
    assert b'name="password"' in client.get(thread.get_url()).content
    action = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, group.pk])
    response = client.post(action, {"password": "geheim", "return_url": thread.get_url()})
    assert response.status_code == 302
    response = client.get(thread.get_url())
    assert response.status_code == 200 and thread.title.encode() in response.content


def test_login_restriction_sends_visitors_to_the_portal_login(demo, client):
    about = StandardPage.objects.child_of(demo).first()
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(about.url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")
    assert client.get(response["Location"]).status_code == 200
    client.force_login(UserFactory())
    assert client.get(about.url).status_code == 200


def test_wagtail_login_url_leads_to_the_portal_login_and_a_password_alone_is_no_editor(
        tree, client):
    group = make_group("Werkgroep geheim", kind=GroupPage.Kind.WORKING)
    coordinator = member_of(group, role=Membership.Role.COORDINATOR)
    thread = services.create_thread(author=coordinator, folder=folder_of(group),
                                    title="Geheim onderwerp", body="<p>geheim</p>")
    editor = make_editor(totp=True)
    url = reverse("wagtailcore_login") + "?next=/groepen/"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/groepen/"
    response = client.post(url, {"username": editor.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("account_login"))
    assert client.get(thread.get_url()).status_code in (302, 404)  # not logged in by it
    assert "_auth_user_id" not in client.session
