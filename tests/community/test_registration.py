"""Sign-up, verification and login with django-allauth and the organisation-domain rule."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from community.models import User

pytestmark = pytest.mark.django_db

SIGNUP = {
    "first_name": "Sanne",
    "last_name": "Bakker",
    "function": "Adviseur openbare orde",
    "password1": "Zeer-geheim-2026!",
    "password2": "Zeer-geheim-2026!",
}


def signup(client, email):
    return client.post(reverse("account_signup"), {**SIGNUP, "email": email})


def test_signup_at_municipal_domain_sends_verification_and_then_login_works(client):
    response = signup(client, "sanne.bakker@utrecht.nl")
    assert response.status_code == 302
    user = User.objects.get(email="sanne.bakker@utrecht.nl")
    assert user.organisation.name == "Utrecht"
    assert (user.first_name, user.last_name, user.function) == ("Sanne", "Bakker", "Adviseur openbare orde")

    # Unverified: logging in does not give a session yet.
    client.logout()
    response = client.post(reverse("account_login"), {"login": user.email, "password": SIGNUP["password1"]})
    assert "_auth_user_id" not in client.session

    assert len(mail.outbox) >= 1
    link = re.search(r"http://\S+/account/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    client.post(path)
    assert user.emailaddress_set.get().verified

    response = client.post(reverse("account_login"), {"login": user.email, "password": SIGNUP["password1"]})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    response = client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_signup_at_foreign_domain_is_refused_in_dutch_and_stores_nothing(client):
    response = signup(client, "iemand@example.com")
    assert response.status_code == 200
    html = response.content.decode()
    assert "hoort niet bij een organisatie die aan het OOV-netwerk deelneemt" in html
    assert not User.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "address, accepted, message",
    [
        ("jan.jansen@utrecht.nl", True, None),
        ("Jan.Jansen@Utrecht.NL", True, None),
        ("  jan.jansen@utrecht.nl  ", True, None),
        ("jan.jansen@utrecht.nl.", True, None),
        ("info@vrd.nl", True, None),                        # safety region Drenthe
        ("a.b@landvancuijk.nl", True, None),                # e-mail domain from the source notes
        ("x@notutrecht.nl", False, "hoort niet bij een organisatie"),
        ("x@utrecht.nl.example.com", False, "hoort niet bij een organisatie"),
        ("x@afdeling.utrecht.nl", False, "hoort niet bij een organisatie"),  # no subdomains unless ticked
        ("x@example.com", False, "hoort niet bij een organisatie"),
        ("x@utrеcht.nl", False, "tekens die op gewone letters lijken"),      # Cyrillic e
        ("jаn@utrecht.nl", False, "tekens die op gewone letters lijken"),    # Cyrillic a in local part
        ("x@xn--utrcht-5we.nl", False, "hoort niet bij een organisatie"),    # punycode look-alike
        ("geen-apenstaartje.utrecht.nl", False, "geldig e-mailadres"),
        ("x@@utrecht.nl", False, "geldig e-mailadres"),
        ("x@utrecht", False, "geldig e-mailadres"),
    ],
)
def test_address_table(client, address, accepted, message):
    response = signup(client, address)
    if accepted:
        assert response.status_code == 302, response.content.decode()[:2000]
        user = User.objects.get()
        assert user.email == user.email.strip().rstrip(".")
        assert user.email.split("@")[1] == user.email.split("@")[1].lower()
    else:
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not User.objects.exists()


def test_mixed_case_duplicate_is_not_a_second_account(client):
    signup(client, "jan.jansen@utrecht.nl")
    client.logout()
    signup(client, "jan.jansen@UTRECHT.nl")
    assert User.objects.filter(email__iexact="jan.jansen@utrecht.nl").count() == 1
