"""Editors and staff: the CMS needs a second factor (TOTP); deactivating an account ends
its sessions at once and stops its mail."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community import accounts_services, services
from community.models import User
from notifications import pipeline
from tests.factories import (
    PASSWORD,
    UserFactory,
    folder_of,
    make_editor,
    make_group,
    member_of,
    with_totp,
)

pytestmark = pytest.mark.django_db

ADMIN_PAGES = ["/admin/", "/admin/pages/", "/admin/users/", "/admin/documents/",
               "/admin/community/application/", "/admin/community/organisation/"]


def code(secret):
    counter = int(timezone.now().timestamp()) // 30
    return format_hotp_value(hotp_value(secret, counter))


def login(client, user):
    """Log in through the portal login (allauth records the authentication, which TOTP
    enrolment asks for)."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def open_enrolment(client):
    """Right after the login, enrolment opens at once (the password was just given)."""
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    return response


def test_enrolment_asks_for_the_password_again_when_the_login_is_not_fresh(client, tree):
    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY

    login(client, make_editor(totp=False))
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    for record in records:  # the login was six minutes ago
        record["at"] -= 360
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()
    enrol = reverse("mfa_activate_totp")
    response = client.get(enrol)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    page = client.get(response["Location"]).content.decode()
    assert "Vul uw wachtwoord in" in page and " je " not in page
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    assert client.get(enrol).status_code == 200


def test_enrolment_page_shows_the_whole_secret_and_leads_on_to_the_cms(client, tree):
    from io import StringIO

    from django.core.management import call_command

    login(client, make_editor(totp=False))
    page = open_enrolment(client).content.decode()
    secret = client.session[SECRET_SESSION_KEY]
    assert f'value="{secret}"' in page and "portal-code" in page and " je " not in page
    out = StringIO()
    call_command("totp_code", secret, stdout=out)  # (the README's way without a phone)
    response = client.post(reverse("mfa_activate_totp"), {"code": out.getvalue().strip()})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Herstelcodes" in page and 'href="/admin/">Verder naar het CMS' in page


@pytest.mark.parametrize("url_name", ["mfa_deactivate_totp", "mfa_generate_recovery_codes"])
def test_with_a_second_factor_a_fresh_login_does_not_skip_the_password(client, tree, url_name):
    """Only setting up a first second factor skips the password prompt after a fresh login:
    turning it off or making new recovery codes (a stolen session's way in) asks again."""
    editor = make_editor(email="redacteur@vng.nl", organisation=None, totp=False)
    secret = with_totp(editor)
    client.post(reverse("account_login"), {"login": editor.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": code(secret)})
    assert client.session["_auth_user_id"] == str(editor.pk)
    for method in (client.get, client.post):
        response = method(reverse(url_name))
        assert response.status_code == 302, method
        assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.TOTP).exists()


@pytest.mark.parametrize("who", ["editor", "superuser"])
def test_cms_user_without_second_factor_reaches_only_enrolment(client, tree, who):
    if who == "editor":
        user = make_editor(totp=False)
    else:
        user = UserFactory(is_superuser=True, is_staff=True)
    login(client, user)
    enrol = reverse("mfa_activate_totp")
    for page in ADMIN_PAGES:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith(enrol + "?next="), page
    open_enrolment(client)
    assert SECRET_SESSION_KEY in client.session  # the enrolment page shows a new secret


def test_editor_enrols_totp_and_then_opens_the_cms(client, tree):
    editor = make_editor(totp=False)
    login(client, editor)
    open_enrolment(client)
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert not Authenticator.objects.filter(user=editor).exists()
    response = client.post(reverse("mfa_activate_totp"), {"code": code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.TOTP).exists()
    for page in ["/admin/", "/admin/community/application/"]:
        assert client.get(page).status_code == 200, page


def test_wagtail_login_is_replaced_by_the_portal_login_which_asks_for_the_code(client, tree):
    editor = make_editor(email="redacteur@vng.nl", organisation=None, totp=False)
    secret = with_totp(editor)
    response = client.get("/admin/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2F"
    # Wagtail's own login form cannot be used to get in with a password only.
    response = client.post("/admin/login/", {"username": editor.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("account_login") + "?next=/admin/",
                           {"login": "redacteur@vng.nl", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)
    assert client.get("/admin/").status_code == 200


def test_member_cannot_open_the_cms(client, tree):
    client.force_login(UserFactory())
    for page in ("/admin/", "/admin/pages/", "/admin/community/application/"):
        assert client.get(page).status_code == 404, page  # no login loop, nothing shown


def test_editor_without_second_factor_has_no_editor_powers_outside_the_cms(client, tree):
    from community import services
    from community.models import GroupPage
    from tests.factories import folder_of, make_group, member_of

    working = make_group("Werkgroep", kind=GroupPage.Kind.WORKING, folders=("Casus",))
    secret = services.create_thread(author=member_of(working), folder=folder_of(working),
                                    title="Geheim", body="x")
    editor = make_editor(totp=False)
    client.force_login(editor)
    assert client.get(secret.get_url()).status_code == 404
    with_totp(editor)
    client.force_login(editor)
    assert client.get(secret.get_url()).status_code == 200


def test_deactivated_member_session_is_refused_on_its_next_request(tree):
    member = UserFactory(email="lid@utrecht.nl")
    client = Client()
    assert client.post(reverse("account_login"), {"login": "lid@utrecht.nl", "password": PASSWORD}).status_code == 302
    assert client.get(reverse("community:dashboard")).status_code == 200

    accounts_services.deactivate_account(user=member)
    response = client.get(reverse("community:dashboard"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    # Logging in again is refused too.
    response = client.post(reverse("account_login"), {"login": "lid@utrecht.nl", "password": PASSWORD},
                           follow=True)
    assert "Account niet actief" in response.content.decode()
    assert client.get(reverse("community:dashboard")).status_code == 302


def test_editor_deactivates_in_the_cms_user_admin(client, tree):
    editor = UserFactory(is_superuser=True, is_staff=True)
    with_totp(editor)
    member = UserFactory(email="lid@utrecht.nl")
    member_client = Client()
    member_client.force_login(member)
    client.force_login(editor)
    url = f"/admin/users/edit/{member.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="is_active"' in page.content.decode()
    response = client.post(url, {  # the edit form with "actief" unticked
        "username": member.username, "email": member.email, "first_name": member.first_name,
        "last_name": member.last_name, "password1": "", "password2": "",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    member.refresh_from_db()
    assert not member.is_active
    assert member_client.get(reverse("community:dashboard")).status_code == 302


def test_deactivation_stops_mail_already_claimed(tree):
    group = make_group("Veiligheidsbeleid", folders=("Algemeen",))
    author = member_of(group, frequency="direct")
    follower = member_of(group, frequency="direct")
    services.create_thread(author=author, folder=folder_of(group), title="Nieuw onderwerp",
                           body="Tekst.")
    later = timezone.now() + timedelta(minutes=10)
    assert pipeline.claim_due(now=later) >= 1
    accounts_services.deactivate_account(user=follower)
    pipeline.send_pending(now=later)
    assert [m for m in mail.outbox if m.to == [follower.email]] == []
    assert not User.objects.get(pk=follower.pk).is_active
