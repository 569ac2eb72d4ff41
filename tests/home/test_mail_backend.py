"""Every mail the portal sends carries a Message-ID in the portal's own domain (not the
machine's host name); signal mails keep their own stable one."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from community import services
from community.models import GroupPage
from notifications import pipeline
from tests.factories import UserFactory, folder_of, make_group, member_of
from tests.notifications.test_signal_mail import later

pytestmark = pytest.mark.django_db

THROUGH_PORTAL = override_settings(
    EMAIL_BACKEND="portal.mail.EmailBackend",
    EMAIL_DELIVERY_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    MESSAGE_ID_DOMAIN="oovnetwerk.example",
)


def message_id(message):
    return message.message()["Message-ID"]


@THROUGH_PORTAL
def test_account_and_group_mails_get_a_message_id_in_the_portal_domain(
        client, tree, django_capture_on_commit_callbacks):
    UserFactory(email="bekend@utrecht.nl")
    client.post(reverse("account_reset_password"), {"email": "bekend@utrecht.nl"})
    working = make_group("Werkgroep evenementen", kind=GroupPage.Kind.WORKING)
    member_of(working, role="coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_join(user=UserFactory(), group=working, message="Graag.")
    assert len(mail.outbox) == 2
    ids = [message_id(m) for m in mail.outbox]
    assert all(i.startswith("<") and i.endswith("@oovnetwerk.example>") for i in ids), ids
    assert len(set(ids)) == 2


@THROUGH_PORTAL
def test_signal_mail_keeps_its_own_message_id(tree):
    group = make_group("Veiligheidsbeleid")
    author = member_of(group, frequency="direct")
    follower = member_of(group, frequency="direct")
    services.create_thread(author=author, folder=folder_of(group), title="IVP",
                           body="Wie heeft ervaring?")
    pipeline.run(now=later())
    (sent,) = [m for m in mail.outbox if m.to == [follower.email]]
    assert message_id(sent).startswith("<signaal.")
    assert sent.message().get_all("Message-ID") == [message_id(sent)]


@THROUGH_PORTAL
def test_password_mail_greets_by_name_in_dutch_time_without_empty_lines(client, tree):
    UserFactory(email="anna@utrecht.nl", first_name="Anna", last_name="de Vries")
    client.post(reverse("account_reset_password"), {"email": "anna@utrecht.nl"})
    (sent,) = mail.outbox
    assert sent.body.startswith("Beste Anna de Vries,\n")
    assert "\n\n\n" not in sent.body
    assert sent.message()["Date"].endswith(("+0100", "+0200"))
