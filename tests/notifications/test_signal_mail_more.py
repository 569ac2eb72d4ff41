"""Signal mail: group news, preview, the health view, DST weeks, a real SMTP sink and
concurrent runs."""

import socket
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from community import services
from community.models import Activity, GroupNewsPage, GroupPage
from notifications import pipeline
from notifications.models import Delivery
from tests.factories import UserFactory, folder_of, make_editor, make_group, member_of, with_totp

AMS = ZoneInfo("Europe/Amsterdam")


def later(minutes=6):
    return timezone.now() + timedelta(minutes=minutes)


def mails_to(user, outbox=None):
    return [m for m in (outbox if outbox is not None else mail.outbox) if m.to == [user.email]]


@pytest.fixture
def group(tree):
    return make_group("Politiebestel", folders=("Driehoeksoverleg",))


@pytest.mark.django_db
def test_group_news_published_by_an_editor_is_signalled_once(group):
    follower = member_of(group, frequency="direct")
    editor = make_editor()
    news = GroupNewsPage(title="Nieuwe handreiking driehoek", slug="handreiking", lead="Lees de handreiking.",
                         body="<p>Tekst</p>")
    group.add_child(instance=news)
    news.save_revision(user=editor).publish(user=editor)
    news.save_revision(user=editor).publish(user=editor)  # an edit: not a new change
    assert Activity.objects.filter(kind="news").count() == 1
    pipeline.run(now=later())
    [message] = mails_to(follower)
    assert "Nieuwe handreiking driehoek" in message.body and "Groepsnieuws" in message.body
    assert mails_to(editor) == []


@pytest.mark.django_db
def test_group_news_page_is_closed_like_its_group(client, tree):
    working = make_group("Werkgroep", kind=GroupPage.Kind.WORKING)
    news = GroupNewsPage(title="Interne notitie", slug="notitie", lead="Alleen voor leden.", body="<p>x</p>")
    working.add_child(instance=news)
    news.save_revision().publish()
    outsider = UserFactory()
    client.force_login(outsider)
    assert client.get(news.url).status_code == 404
    client.force_login(member_of(working))
    assert client.get(news.url).status_code == 200


@pytest.mark.django_db
def test_settings_page_previews_the_next_mail_without_sending_it(client, group):
    author = member_of(group)
    user = member_of(group, frequency="weekly")
    services.create_thread(author=author, folder=folder_of(group), title="Capaciteit wijkagenten", body="Hoe?")
    client.force_login(user)
    html = client.get("/signalering/").content.decode()
    assert "Uw volgende signaleringsmail" in html
    assert "Capaciteit wijkagenten" in html and "1 nieuwe bijdrage in 1 groep" in html
    assert mail.outbox == [] and not Delivery.objects.exists()
    client.force_login(author)
    assert "Capaciteit wijkagenten" not in client.get("/signalering/").content.decode()


@pytest.mark.django_db
def test_removed_at_ten_reply_at_eleven_next_daily_mail_has_nothing_of_the_group(tree):
    working = make_group("Werkgroep", kind=GroupPage.Kind.WORKING, folders=("Casus",))
    other = make_group("Veiligheidsbeleid", folders=("IVP",))
    author = UserFactory()
    member_of(working, user=author)
    member_of(other, user=author)
    user = UserFactory()
    member_of(working, user=user, frequency="daily")
    member_of(other, user=user, frequency="daily")
    day = datetime.combine(timezone.localdate() - timedelta(days=1), datetime.min.time(), tzinfo=AMS)
    services.remove_member(user=user, group=working)  # 10:00
    t1 = services.create_thread(author=author, folder=folder_of(working), title="Geheim", body="x")
    t2 = services.create_thread(author=author, folder=folder_of(other), title="Open vraag", body="y")
    Activity.objects.filter(thread=t1).update(created_at=day.replace(hour=11))
    Activity.objects.filter(thread=t2).update(created_at=day.replace(hour=11))
    pipeline.run(now=day + timedelta(days=1, hours=8, minutes=1))
    [message] = mails_to(user)
    assert "Open vraag" in message.body and "Geheim" not in message.body
    assert "Werkgroep" not in message.body and "Werkgroep" not in message.alternatives[0][0]


@pytest.mark.django_db
@pytest.mark.parametrize("start", ["2026-03-25", "2026-10-21"])
def test_a_dst_week_gives_one_daily_mail_at_eight_local_each_day(group, start):
    author = member_of(group)
    daily = member_of(group, frequency="daily")
    weekly = member_of(group, frequency="weekly")
    first = datetime.strptime(start, "%Y-%m-%d").replace(tzinfo=AMS)
    for day in range(7):
        thread = services.create_thread(author=author, folder=folder_of(group), title=f"Dag {day}", body="z")
        Activity.objects.filter(thread=thread).update(created_at=first + timedelta(days=day, hours=12))
    # The scheduler runs every hour through the week (a coarser clock than production).
    now = first
    while now < first + timedelta(days=8):
        pipeline.run(now=now)
        now += timedelta(hours=1)
    sent = Delivery.objects.filter(user=daily, status="sent").order_by("slot")
    assert [d.slot.astimezone(AMS).hour for d in sent] == [8] * 7
    assert [d.slot.astimezone(AMS).date() for d in sent] == [
        (first + timedelta(days=n)).date() for n in range(1, 8)
    ]
    messages = mails_to(daily)
    assert len(messages) == 7
    for n, message in enumerate(messages):
        assert f"Dag {n}" in message.body
    # Weekly: one mail on the Monday inside the week.
    [weekly_delivery] = Delivery.objects.filter(user=weekly, status="sent")
    assert weekly_delivery.slot.astimezone(AMS).weekday() == 0
    assert weekly_delivery.slot.astimezone(AMS).hour == 8


@pytest.mark.django_db
def test_health_view_shows_failures_and_a_members_follows(client, group):
    editor = make_editor()
    with_totp(editor)
    author = member_of(group)
    user = member_of(group, frequency="direct")
    services.create_thread(author=author, folder=folder_of(group), title="x", body="y")
    pipeline.claim_due(later())
    Delivery.objects.update(attempts=2, last_error="SMTPServerDisconnected: weg")
    client.force_login(editor)
    html = client.get("/admin/signaleringsmail/", {"email": user.email}).content.decode()
    assert "SMTPServerDisconnected: weg" in html
    assert "Politiebestel" in html
    client.force_login(user)
    assert client.get("/admin/signaleringsmail/").status_code == 404


class _Sink:
    """A real SMTP server (aiosmtpd) that can refuse mail for a while."""

    def __init__(self):
        self.messages = []
        self.refusing = True

    async def handle_DATA(self, server, session, envelope):
        if self.refusing:
            return "451 4.3.0 Tijdelijk niet beschikbaar"
        self.messages.append(envelope)
        return "250 OK"


@pytest.mark.django_db
def test_smtp_server_refusing_for_an_hour_then_recovering_delivers_each_mail_once(group, settings):
    from aiosmtpd.controller import Controller

    handler = _Sink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_TIMEOUT = 5
        author = member_of(group)
        followers = [member_of(group, frequency="direct") for _ in range(3)]
        services.create_thread(author=author, folder=folder_of(group), title="Storing", body="x")
        start = later()
        for minute in range(0, 60, 5):  # an hour of refusals
            pipeline.run(now=start + timedelta(minutes=minute))
        assert handler.messages == []
        assert Delivery.objects.filter(status="pending").count() == 3
        handler.refusing = False
        for minute in range(60, 120, 5):
            pipeline.run(now=start + timedelta(minutes=minute))
        received = sorted(env.rcpt_tos[0] for env in handler.messages)
        assert received == sorted(f.email for f in followers)
        ids = {d.message_id for d in Delivery.objects.all()}
        assert all(any(mid in env.content.decode() for mid in ids) for env in handler.messages)
    finally:
        controller.stop()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
def test_two_runs_at_once_in_threads_send_each_mail_once(tree):
    group = make_group("Kleine criminaliteit", folders=("Overlast",))
    author = member_of(group)
    followers = [member_of(group, frequency="direct") for _ in range(40)]
    services.create_thread(author=author, folder=folder_of(group), title="Gelijktijdig", body="x")
    now = later()
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        from django.db import connection as conn

        try:
            barrier.wait()
            pipeline.run(now=now)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f.email for f in followers)
    assert Delivery.objects.filter(status="sent").count() == 40


def test_message_id_is_stable_per_delivery_and_new_after_a_rebuilt_database(group):
    author = member_of(group)
    member_of(group, frequency="direct")
    services.create_thread(author=author, folder=folder_of(group), title="Storing", body="x")
    pipeline.run(now=later())
    delivery = Delivery.objects.get()
    first = delivery.message_id
    assert Delivery.objects.get().message_id == first  # every attempt: the same
    # A rebuilt database hands out the same ids again; the Message-ID differs all the same.
    Delivery.objects.filter(pk=delivery.pk).update(created_at=delivery.created_at
                                                   + timedelta(days=3))
    assert Delivery.objects.get().message_id != first
