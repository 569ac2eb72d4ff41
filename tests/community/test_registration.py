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


@pytest.fixture
def table_domains(db):
    """Besides the loaded municipalities: a cooperation body whose editor ticked
    "subdomains included", and an organisation that is no longer active."""
    from community.models import Organisation, OrganisationDomain

    odv = Organisation.objects.create(kind=Organisation.Kind.COOPERATION, name="Omgevingsdienst Voorbeeld")
    OrganisationDomain.objects.create(organisation=odv, domain="odvoorbeeld.nl", include_subdomains=True)
    gone = Organisation.objects.create(kind=Organisation.Kind.COOPERATION, name="Opgeheven GR", is_active=False)
    OrganisationDomain.objects.create(organisation=gone, domain="opgeheven-gr.nl")


UNKNOWN = "hoort niet bij een organisatie"
MALFORMED = "geen geldig e-mailadres"
LOOKALIKE = "tekens die op gewone letters lijken"


@pytest.mark.parametrize(
    "address, accepted, message",
    [
        # accepted: exact domain, after normalisation
        ("jan.jansen@utrecht.nl", True, None),
        ("Jan.Jansen@Utrecht.NL", True, None),              # mixed case
        ("JAN.JANSEN@UTRECHT.NL", True, None),              # all capitals
        ("  jan.jansen@utrecht.nl  ", True, None),          # spaces trimmed
        ("\tjan.jansen@utrecht.nl\n", True, None),          # tab and newline trimmed
        ("jan.jansen@utrecht.nl.", True, None),             # trailing dot of the domain
        ("info@vrd.nl", True, None),                        # safety region Drenthe
        ("a.b@landvancuijk.nl", True, None),                # e-mail domain from the source notes
        ("jan+oov@utrecht.nl", True, None),                 # plus addressing
        ("a@odvoorbeeld.nl", True, None),                   # cooperation body, exact
        ("a@team.odvoorbeeld.nl", True, None),              # subdomain where ticked
        ("a@x.team.odvoorbeeld.nl", True, None),            # deeper subdomain where ticked
        # refused: domain not registered, or only ends with a registered domain's text
        ("x@notutrecht.nl", False, UNKNOWN),
        ("x@utrecht.nl.example.com", False, UNKNOWN),
        ("x@afdeling.utrecht.nl", False, UNKNOWN),          # no subdomains unless ticked
        ("x@notodvoorbeeld.nl", False, UNKNOWN),            # ticked subdomains: still whole labels
        ("x@example.com", False, UNKNOWN),
        ("x@utrecht.com", False, UNKNOWN),                  # other top-level domain
        ("x@opgeheven-gr.nl", False, UNKNOWN),              # organisation no longer active
        # refused: look-alike characters and mixed scripts
        ("x@utrеcht.nl", False, LOOKALIKE),                 # Cyrillic e in the domain
        ("jаn@utrecht.nl", False, LOOKALIKE),               # Cyrillic a in the local part
        ("x@ｕｔｒｅｃｈｔ.nl", False, LOOKALIKE),               # full-width letters
        ("x@utrecht.nl\u200b", False, LOOKALIKE),           # zero-width space
        ("x@xn--utrcht-5we.nl", False, UNKNOWN),            # punycode look-alike
        # refused: malformed
        ("geen-apenstaartje.utrecht.nl", False, MALFORMED),
        ("x@@utrecht.nl", False, MALFORMED),
        ("x@utrecht.nl@example.com", False, MALFORMED),
        ("x@utrecht", False, MALFORMED),
        ("jan..jansen@utrecht.nl", False, MALFORMED),
        (".jan@utrecht.nl", False, MALFORMED),
        ("jan jansen@utrecht.nl", False, MALFORMED),
        ("jan@utrecht..nl", False, MALFORMED),
        ("jan@-utrecht.nl", False, MALFORMED),
        ("@utrecht.nl", False, MALFORMED),
        ("a" * 65 + "@utrecht.nl", False, MALFORMED),       # local part longer than 64
    ],
)
def test_address_table(client, table_domains, address, accepted, message):
    response = signup(client, address)
    if accepted:
        assert response.status_code == 302, response.content.decode()[:2000]
        user = User.objects.get()
        local, domain = address.strip().rsplit("@", 1)
        # Trimmed, no trailing dot, lower-cased (allauth lower-cases the local part too).
        assert user.email == f"{local}@{domain.rstrip('.')}".lower()
        assert user.organisation is not None
        assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]
    else:
        assert response.status_code == 200
        html = response.content.decode()
        assert message in html
        assert not User.objects.exists()
        assert mail.outbox == []
        if message == UNKNOWN:
            # The refusal points to the application form.
            assert reverse("accounts:apply") in html


def test_mixed_case_duplicate_is_not_a_second_account(client):
    signup(client, "jan.jansen@utrecht.nl")
    client.logout()
    signup(client, "jan.jansen@UTRECHT.nl")
    assert User.objects.filter(email__iexact="jan.jansen@utrecht.nl").count() == 1
