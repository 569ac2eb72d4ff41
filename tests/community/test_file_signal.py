"""An uploaded file reaches followers' signal mail by name; moved threads move their news."""

import pytest
from django.core import mail
from django.utils import timezone

from community import services
from community.models import GroupPage, Membership
from notifications import pipeline
from tests.community.files import pdf_bytes, upload
from tests.factories import folder_of, make_group, member_of

pytestmark = pytest.mark.django_db


def test_folder_upload_appears_in_signal_mail_by_name_but_not_for_removed_member(tree):
    working = make_group("Werkgroep buitengebied", kind=GroupPage.Kind.WORKING, folders=("Stukken",))
    uploader = member_of(working, role=Membership.Role.COORDINATOR, frequency="direct")
    follower = member_of(working, frequency="direct")
    removed = member_of(working, frequency="direct")
    services.upload_file(uploader=uploader, folder=folder_of(working),
                         upload=upload("verslag-overleg.pdf", pdf_bytes()))
    services.remove_member(user=removed, group=working)

    pipeline.run(now=timezone.now() + timezone.timedelta(minutes=5))
    [message] = [m for m in mail.outbox if m.to == [follower.email]]
    assert "verslag-overleg.pdf" in message.body
    assert not [m for m in mail.outbox if m.to in ([removed.email], [uploader.email])]
