"""Cases found by trying to break the signal mail from outside; each stays as a test."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from community import services
from community.models import Activity
from notifications import pipeline
from tests.factories import UserFactory, folder_of, make_editor, make_group, member_of

pytestmark = pytest.mark.django_db


def later(minutes=6):
    return timezone.now() + timedelta(minutes=minutes)


def mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_a_moved_thread_is_not_mailed_again_to_a_follower_of_both_groups(tree):
    x = make_group("Politiebestel", folders=("Driehoek",))
    y = make_group("Veiligheidsbeleid", folders=("IVP",))
    author = UserFactory()
    member_of(x, user=author)
    follower = UserFactory()
    member_of(x, user=follower, frequency="direct")
    member_of(y, user=follower, frequency="daily")
    thread = services.create_thread(author=author, folder=folder_of(x), title="Verhuisd onderwerp", body="x")
    pipeline.run(now=later())
    assert len(mails_to(follower)) == 1
    services.move_thread(actor=make_editor(), thread=thread, folder=folder_of(y))
    pipeline.run(now=later(60 * 24 + 10))
    pipeline.run(now=later(60 * 48))
    assert sum("Verhuisd onderwerp" in m.body for m in mails_to(follower)) == 1


def test_a_thread_moved_into_a_closed_group_is_not_signalled_to_the_old_groups_followers(tree):
    from community.models import GroupPage

    general = make_group("Politiebestel", folders=("Driehoek",))
    closed = make_group("Werkgroep", kind=GroupPage.Kind.WORKING, folders=("Casus",))
    author = member_of(general)
    follower = member_of(general, frequency="daily")
    thread = services.create_thread(author=author, folder=folder_of(general), title="Wordt besloten", body="x")
    services.move_thread(actor=make_editor(), thread=thread, folder=folder_of(closed))
    pipeline.run(now=later(60 * 24 + 10))
    assert not any("Wordt besloten" in m.body for m in mails_to(follower))


def test_leaving_a_general_group_after_the_claim_drops_it_from_the_mail(tree):
    group = make_group("Politiebestel", folders=("Driehoek",))
    other = make_group("Kleine criminaliteit", folders=("Overlast",))
    author = UserFactory()
    member_of(group, user=author)
    member_of(other, user=author)
    user = UserFactory()
    member_of(group, user=user, frequency="direct")
    member_of(other, user=user, frequency="direct")
    services.create_thread(author=author, folder=folder_of(group), title="Na vertrek", body="x")
    services.create_thread(author=author, folder=folder_of(other), title="Blijft", body="y")
    now = later()
    pipeline.claim_due(now)
    services.leave_group(user=user, group=group)
    pipeline.send_pending(now)
    [message] = mails_to(user)
    assert "Blijft" in message.body and "Na vertrek" not in message.body


def test_switching_from_never_back_on_starts_from_now(tree):
    group = make_group("Politiebestel", folders=("Driehoek",))
    author = member_of(group)
    user = member_of(group, frequency="never")
    services.create_thread(author=author, folder=folder_of(group), title="Oud nieuws", body="x")
    services.set_signal_frequency(user=user, group=group, frequency="direct")
    Activity.objects.update(created_at=timezone.now() - timedelta(minutes=10))
    pipeline.run(now=later())
    assert mails_to(user) == []


def test_resuming_all_signal_mail_starts_from_now(client, tree):
    group = make_group("Politiebestel", folders=("Driehoek",))
    author = member_of(group)
    user = member_of(group, frequency="direct")
    client.force_login(user)
    client.post("/signalering/", {"signals_paused": "on", f"frequency-{group.pk}": "direct"})
    services.create_thread(author=author, folder=folder_of(group), title="Tijdens de pauze", body="x")
    client.post("/signalering/", {f"frequency-{group.pk}": "direct"})
    user.refresh_from_db()
    assert not user.signals_paused
    pipeline.run(now=later())
    assert mails_to(user) == []
