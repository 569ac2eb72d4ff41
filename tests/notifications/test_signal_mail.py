"""The signal mail pipeline: who gets what, exactly once."""

from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from community import services
from community.models import Activity, GroupPage, Membership
from notifications import pipeline
from notifications.models import Delivery
from notifications.schedules import latest_slots
from tests.factories import UserFactory, folder_of, make_group, member_of

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def later(minutes=6):
    return timezone.now() + timedelta(minutes=minutes)


@pytest.fixture
def group(tree):
    return make_group("Veiligheidsbeleid", folders=("Integraal veiligheidsplan",))


def post_thread(group, author, title="Nieuw IVP: ervaringen?"):
    return services.create_thread(author=author, folder=folder_of(group), title=title,
                                  body="Wie heeft ervaring met een raadsbijeenkomst vooraf?")


def mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_direct_follower_gets_one_mail_naming_the_thread_and_author_gets_none(client, group):
    author = member_of(group, frequency="direct")
    follower = member_of(group, frequency="direct")
    thread = post_thread(group, author)

    result = pipeline.run(now=later())
    assert (result.claimed, result.sent) == (1, 1)
    assert mails_to(author) == []
    [message] = mails_to(follower)
    assert "1 nieuwe bijdrage in 1 groep" in message.subject
    assert thread.title in message.body
    html = message.alternatives[0][0]
    assert thread.title in html
    link = f"http://testserver{group.url}bericht/{thread.posts.get().pk}/"
    assert link in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["Message-ID"].startswith("<signaal.")

    client.force_login(follower)
    response = client.get(link.replace("http://testserver", ""), follow=True)
    assert response.status_code == 200 and thread.title in response.content.decode()

    # Running again sends nothing twice.
    again = pipeline.run(now=later(2))
    assert (again.claimed, again.sent) == (0, 0)
    assert len(mails_to(follower)) == 1


def test_daily_follower_waits_for_eight_oclock(group):
    author = member_of(group)
    daily = member_of(group, frequency="daily")
    never = member_of(group, frequency="never")
    post_thread(group, author)
    today_8 = datetime.combine(timezone.localdate(), datetime.min.time(), tzinfo=AMS).replace(hour=8)
    tomorrow_759 = today_8 + timedelta(days=1, minutes=-1)
    tomorrow_801 = today_8 + timedelta(days=1, minutes=1)
    # Activity created now; a run just before tomorrow's 08:00 uses today's slot, which the
    # activity may or may not predate; the run after 08:00 tomorrow certainly sends it.
    pipeline.run(now=tomorrow_759)
    pipeline.run(now=tomorrow_801)
    assert len(mails_to(daily)) == 1
    assert mails_to(never) == []
    pipeline.run(now=tomorrow_801 + timedelta(hours=3))
    assert len(mails_to(daily)) == 1


def test_removed_member_gets_nothing_of_the_group_even_if_already_claimed(tree):
    working = make_group("Werkgroep", kind=GroupPage.Kind.WORKING, folders=("Casus",))
    author = member_of(working)
    removed = member_of(working, frequency="direct")
    stays = member_of(working, frequency="direct")
    post_thread(working, author, title="Vertrouwelijk")
    now = later()
    assert pipeline.claim_due(now) == 2
    services.remove_member(user=removed, group=working)
    result = pipeline.send_pending(now)
    assert mails_to(removed) == []
    assert len(mails_to(stays)) == 1
    assert result.empty == 1
    assert Delivery.objects.get(user=removed).status == Delivery.Status.EMPTY


def test_deactivated_or_paused_member_gets_no_mail(group):
    author = member_of(group)
    inactive = member_of(group, frequency="direct")
    paused = member_of(group, frequency="direct")
    post_thread(group, author)
    inactive.is_active = False
    inactive.save()
    paused.signals_paused = True
    paused.save()
    pipeline.run(now=later())
    assert mail.outbox == []


def test_crash_between_claim_and_send_is_repaired_by_the_next_run(group):
    author = member_of(group)
    follower = member_of(group, frequency="direct")
    post_thread(group, author)
    now = later()
    with mock.patch.object(pipeline, "send_pending", side_effect=SystemExit("worker killed")):
        with pytest.raises(SystemExit):
            pipeline.run(now=now)
    assert mail.outbox == []
    assert Delivery.objects.get().status == Delivery.Status.PENDING
    pipeline.run(now=now + timedelta(minutes=1))
    assert len(mails_to(follower)) == 1


def test_worker_killed_while_sending_is_resent_with_the_same_message_id(group):
    author = member_of(group)
    follower = member_of(group, frequency="direct")
    post_thread(group, author)
    now = later()
    with mock.patch.object(pipeline, "_send_one", side_effect=SystemExit("killed")):
        with pytest.raises(SystemExit):
            pipeline.run(now=now)
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.SENDING
    # A run within the lease leaves it alone (another worker might still be sending) ...
    pipeline.run(now=now + timedelta(minutes=1))
    assert mail.outbox == []
    # ... after the lease it is sent, once.
    pipeline.run(now=now + pipeline.LEASE + timedelta(minutes=1))
    pipeline.run(now=now + pipeline.LEASE + timedelta(minutes=2))
    [message] = mails_to(follower)
    assert message.extra_headers["Message-ID"] == delivery.message_id


def test_smtp_failure_is_retried_and_nothing_is_lost(group):
    author = member_of(group)
    follower = member_of(group, frequency="direct")
    post_thread(group, author)
    now = later()
    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages",
                    side_effect=ConnectionRefusedError("smtp down")):
        result = pipeline.run(now=now)
    assert result.retrying == 1 and mail.outbox == []
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING and "smtp down" in delivery.last_error
    # New activity while the first mail waits: it goes in a later mail, not twice.
    post_thread(group, author, title="Tweede onderwerp")
    pipeline.run(now=delivery.next_attempt_at + timedelta(minutes=6))
    pipeline.run(now=delivery.next_attempt_at + timedelta(minutes=12))
    bodies = [m.body for m in mails_to(follower)]
    assert len(bodies) == 2
    assert sum("Nieuw IVP: ervaringen?" in b for b in bodies) == 1
    assert sum("Tweede onderwerp" in b for b in bodies) == 1


def test_two_runs_at_once_send_each_mail_once(group):
    author = member_of(group)
    followers = [member_of(group, frequency="direct") for _ in range(5)]
    post_thread(group, author)
    now = later()
    pipeline.claim_due(now)
    pipeline.claim_due(now)
    pipeline.send_pending(now)
    pipeline.send_pending(now)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f.email for f in followers)


def test_new_member_is_not_sent_the_groups_history(group):
    author = member_of(group)
    post_thread(group, author)
    newcomer = member_of(group, frequency="direct")
    pipeline.run(now=later())
    assert mails_to(newcomer) == []


@pytest.mark.parametrize(
    "local, daily, weekly",
    [
        # Winter time (CET, UTC+1)
        ("2026-01-14 07:59", "2026-01-13 08:00", "2026-01-12 08:00"),
        ("2026-01-12 07:59", "2026-01-11 08:00", "2026-01-05 08:00"),
        ("2026-01-14 08:00", "2026-01-14 08:00", "2026-01-12 08:00"),
        # The Sunday of the change to summer time and the Monday after it
        ("2026-03-29 09:00", "2026-03-29 08:00", "2026-03-23 08:00"),
        ("2026-03-30 08:00", "2026-03-30 08:00", "2026-03-30 08:00"),
        # The Sunday of the change back to winter time
        ("2026-10-25 08:30", "2026-10-25 08:00", "2026-10-19 08:00"),
        ("2026-10-26 07:00", "2026-10-25 08:00", "2026-10-19 08:00"),
    ],
)
def test_slots_are_at_eight_local_time_across_dst(local, daily, weekly):
    def parse(value):
        return datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=AMS)

    slots = latest_slots(parse(local).astimezone(ZoneInfo("UTC")))
    assert slots["daily"] == parse(daily)
    assert slots["weekly"] == parse(weekly)
    assert slots["daily"].astimezone(AMS).hour == 8


def test_three_days_of_downtime_give_one_daily_mail(group):
    author = member_of(group)
    follower = member_of(group, frequency="daily")
    base = datetime(2026, 3, 9, 12, 0, tzinfo=AMS)  # a Monday
    for day in range(3):
        thread = post_thread(group, author, title=f"Onderwerp dag {day}")
        Activity.objects.filter(thread=thread).update(created_at=base + timedelta(days=day))
    pipeline.run(now=base + timedelta(days=3, hours=-3))  # Thursday 09:00, first run after downtime
    [message] = mails_to(follower)
    for day in range(3):
        assert f"Onderwerp dag {day}" in message.body
    assert "3 nieuwe bijdragen in 1 groep" in message.subject


def test_one_mail_covers_all_groups_due_at_that_moment(tree):
    a = make_group("Politiebestel", folders=("Driehoek",))
    b = make_group("Kleine criminaliteit", folders=("Overlast",))
    author = UserFactory()
    follower = UserFactory()
    for g in (a, b):
        member_of(g, user=author)
        member_of(g, user=follower, frequency="direct")
        services.create_thread(author=author, folder=folder_of(g), title=f"Vraag in {g.title}", body="?")
    pipeline.run(now=later())
    [message] = mails_to(follower)
    assert "2 nieuwe bijdragen in 2 groepen" in message.subject
    assert "Vraag in Politiebestel" in message.body and "Vraag in Kleine criminaliteit" in message.body


def test_hidden_post_is_not_signalled(group):
    author = member_of(group)
    follower = member_of(group, frequency="direct")
    thread = post_thread(group, author)
    thread.posts.update(is_hidden=True)
    pipeline.run(now=later())
    assert mails_to(follower) == []


def test_membership_frequency_change_on_settings_page(client, group):
    user = member_of(group, frequency="daily")
    client.force_login(user)
    page = client.get("/signalering/")
    assert group.title in page.content.decode()
    client.post("/signalering/", {f"frequency-{group.pk}": "weekly", "default_frequency": "direct"})
    assert Membership.objects.get(user=user).signal_frequency == "weekly"
    user.refresh_from_db()
    assert user.default_signal_frequency == "direct" and not user.signals_paused
