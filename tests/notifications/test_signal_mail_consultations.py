"""Signal mail: a consultation an editor opens in a group is a change its followers hear
about — those who may answer it, exactly once, never the editor, never an outsider."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from advocacy import services as advocacy_services
from advocacy.models import Consultation
from community import access, services
from community.models import Activity, GroupPage
from notifications import pipeline
from notifications.models import Delivery
from tests.advocacy.test_knelpunten import advocacy_editor
from tests.factories import GuestFactory, UserFactory, make_editor, make_group, member_of

pytestmark = pytest.mark.django_db

MONTHS = ["", "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]


def later(minutes=6):
    return timezone.now() + timedelta(minutes=minutes)


def mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def closing_in(days=14):
    """A closing moment at 17:00 local time, and how the mail writes it."""
    day = timezone.localdate() + timedelta(days=days)
    moment = timezone.make_aware(datetime.combine(day, time(17, 0)))
    return moment, f"{day.day} {MONTHS[day.month]} {day.year}, 17:00"


@pytest.fixture
def general(tree):
    return make_group("Veiligheidsbeleid", folders=("Algemeen",))


@pytest.fixture
def working(tree):
    return make_group("Werkgroep buitengebied", kind=GroupPage.Kind.WORKING, folders=("Casus",))


def open_in_cms(client, editor, group, closes_at, title="Ervaringen met artikel 13b"):
    """The editor fills in the CMS form, as in /admin/advocacy/consultation/create/."""
    client.force_login(editor)
    local = timezone.localtime(closes_at)
    response = client.post("/admin/advocacy/consultation/create/", {
        "title": title, "group": group.pk,
        "question": "Hoe vaak sloot u dit jaar een woning?\nEn met welk resultaat?",
        "closes_at": local.strftime("%Y-%m-%d %H:%M"),
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    return Consultation.objects.get(title=title)


def test_consultation_opened_in_the_cms_reaches_each_follower_once_with_link_and_closing_date(
        client, general):
    follower = member_of(general, frequency="direct")
    editor = member_of(general, user=advocacy_editor(), frequency="direct")
    outsider = UserFactory()  # a member of the network, not of this group
    closes_at, written = closing_in(14)

    consultation = open_in_cms(client, editor, general, closes_at)

    [activity] = Activity.objects.filter(kind=Activity.Kind.CONSULTATION)
    assert activity.consultation == consultation and activity.group == general
    assert activity.actor == editor
    pipeline.run(now=later())
    pipeline.run(now=later(7))  # a second run: nothing again
    [message] = mails_to(follower)
    html = message.alternatives[0][0]
    url = f"http://testserver/consultaties/{consultation.pk}/"
    for body in (message.body, html):
        assert "Nieuwe consultatie" in body and "Ervaringen met artikel 13b" in body
        assert url in body
        assert f"U kunt antwoorden tot {written} uur." in body
        assert "Hoe vaak sloot u dit jaar een woning? En met welk resultaat?" in body
    assert mails_to(editor) == [] and mails_to(outsider) == []


def test_editing_a_consultation_is_not_signalled_again(client, general):
    follower = member_of(general, frequency="direct")
    editor = advocacy_editor()
    consultation = open_in_cms(client, editor, general, closing_in(14)[0])
    response = client.post(f"/admin/advocacy/consultation/edit/{consultation.pk}/", {
        "title": "Ervaringen met artikel 13b (aangevuld)", "group": general.pk,
        "question": "Hoe vaak?", "closes_at": timezone.localtime(
            consultation.closes_at + timedelta(days=1)).strftime("%Y-%m-%d %H:%M"),
    })
    assert response.status_code == 302
    assert Activity.objects.filter(kind=Activity.Kind.CONSULTATION).count() == 1
    pipeline.run(now=later())
    [message] = mails_to(follower)
    assert "Ervaringen met artikel 13b (aangevuld)" in message.body


def test_working_group_consultation_reaches_its_members_only(working, general):
    member = member_of(working, frequency="direct")
    removed = member_of(working, frequency="direct")
    deactivated = member_of(working, frequency="direct")
    guest_inside = member_of(working, user=GuestFactory(), frequency="direct")
    other_group = make_group("Werkgroep havens", kind=GroupPage.Kind.WORKING)
    guest_other = member_of(other_group, user=GuestFactory(), frequency="direct")
    general_member = member_of(general, frequency="direct")
    editor = advocacy_editor()
    advocacy_services.open_consultation(editor=editor, group=working, title="Geheime vraag",
                                        question="Alleen voor de werkgroep.",
                                        closes_at=closing_in(7)[0])
    services.remove_member(user=removed, group=working)
    deactivated.is_active = False
    deactivated.save(update_fields=["is_active"])

    pipeline.run(now=later())

    assert len(mails_to(member)) == 1 and len(mails_to(guest_inside)) == 1
    for user in (removed, deactivated, guest_other, general_member, editor):
        assert mails_to(user) == []
    for message in mail.outbox:
        assert message.to in ([member.email], [guest_inside.email])


def test_removed_after_the_claim_before_the_send_gets_nothing(working):
    member = member_of(working, frequency="direct")
    advocacy_services.open_consultation(editor=advocacy_editor(), group=working, title="Vraag",
                                        question="?", closes_at=closing_in(7)[0])
    now = later()
    assert pipeline.claim_due(now) == 1
    services.remove_member(user=member, group=working)
    pipeline.send_pending(now)
    assert mails_to(member) == []
    assert Delivery.objects.get().status == Delivery.Status.EMPTY


def test_a_consultation_closed_before_the_mail_is_built_is_left_out(general):
    daily = member_of(general, frequency="daily")
    consultation = advocacy_services.open_consultation(
        editor=advocacy_editor(), group=general, title="Korte vraag", question="?",
        closes_at=timezone.now() + timedelta(hours=1))
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1))
    pipeline.run(now=later())
    assert mails_to(daily) == []


def test_a_consultation_moved_to_another_group_is_told_there_and_not_in_the_old_one(general):
    old_follower = member_of(general, frequency="direct")
    other = make_group("Politiebestel")
    new_follower = member_of(other, frequency="direct")
    editor = advocacy_editor()
    consultation = advocacy_services.open_consultation(
        editor=editor, group=general, title="Verplaatste vraag", question="?",
        closes_at=closing_in(7)[0])
    advocacy_services.update_consultation(editor=editor, consultation=consultation, group=other)
    advocacy_services.update_consultation(editor=editor, consultation=consultation, title="Idem")
    assert Activity.objects.filter(consultation=consultation).count() == 2
    pipeline.run(now=later())
    assert mails_to(old_follower) == []
    [message] = mails_to(new_follower)
    assert "Idem" in message.body


def test_a_consultation_opened_already_closed_is_not_a_change(general):
    member_of(general, frequency="direct")
    advocacy_services.open_consultation(editor=advocacy_editor(), group=general, title="Archief",
                                        question="?", closes_at=timezone.now() - timedelta(days=1))
    assert not Activity.objects.filter(kind=Activity.Kind.CONSULTATION).exists()


def test_signalled_means_may_answer(working, general):
    """can_signal on a consultation change holds exactly for those who may answer it."""
    editor = advocacy_editor()
    consultation = advocacy_services.open_consultation(
        editor=editor, group=working, title="Vraag", question="?", closes_at=closing_in(7)[0])
    activity = Activity.objects.get(consultation=consultation)
    users = [member_of(working), member_of(working, user=GuestFactory()), UserFactory(),
             member_of(general), member_of(working, user=make_editor(email="redactie2@vng.nl", organisation=None)), editor]
    for user in users:
        fresh = type(user).objects.get(pk=user.pk)
        may_answer = access.can_answer_consultation(fresh, consultation)
        assert access.can_signal(fresh, activity) == (may_answer and fresh != editor)


def test_settings_page_previews_the_consultation(client, general):
    follower = member_of(general, frequency="weekly")
    closes_at, written = closing_in(7)
    advocacy_services.open_consultation(editor=advocacy_editor(), group=general,
                                        title="Uw ervaring met cameratoezicht", question="?",
                                        closes_at=closes_at)
    client.force_login(follower)
    html = client.get("/signalering/").content.decode()
    assert "Nieuwe consultatie" in html and "Uw ervaring met cameratoezicht" in html
    assert f"U kunt antwoorden tot {written} uur." in html
    assert mail.outbox == [] and not Delivery.objects.exists()


def edit_in_cms(client, consultation, closes_at):
    response = client.post(f"/admin/advocacy/consultation/edit/{consultation.pk}/", {
        "title": consultation.title, "group": consultation.group_id,
        "question": consultation.question,
        "closes_at": timezone.localtime(closes_at).strftime("%Y-%m-%d %H:%M"),
    })
    assert response.status_code == 302, response.content.decode()[:2000]


def test_closed_before_the_mail_and_opened_again_is_announced_once(client, general):
    follower = member_of(general, frequency="direct")
    consultation = open_in_cms(client, advocacy_editor(), general, closing_in(14)[0])
    edit_in_cms(client, consultation, timezone.now() - timedelta(minutes=1))  # closed at once
    pipeline.run(now=later())
    assert mails_to(follower) == []  # (closed: not announced)
    closes_at, written = closing_in(21)
    edit_in_cms(client, Consultation.objects.get(pk=consultation.pk), closes_at)  # reopened
    pipeline.run(now=later(10))
    pipeline.run(now=later(20))
    [message] = mails_to(follower)
    assert f"U kunt antwoorden tot {written} uur." in message.body
    edit_in_cms(client, Consultation.objects.get(pk=consultation.pk), closing_in(28)[0])
    pipeline.run(now=later(30))  # a later date while open: not news
    assert len(mails_to(follower)) == 1


def test_a_closing_date_in_year_one_is_refused_in_dutch(client, general):
    client.force_login(advocacy_editor())
    response = client.post("/admin/advocacy/consultation/create/", {
        "title": "Oud", "group": general.pk, "question": "?", "closes_at": "0001-01-01 00:00"})
    assert response.status_code == 200
    assert "Kies een sluitdatum na het jaar 2000." in response.content.decode()
    assert not Consultation.objects.exists()
