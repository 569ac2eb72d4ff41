"""A member sets a group to weekly, sees the preview, and unsubscribes from a received mail."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from community import services
from community.models import Activity, GroupPage, Membership, User
from notifications import pipeline

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, site, email, password="Demo-OOV-2026!"):
    page.goto(site.url + "/account/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name=re.compile("Welkom")).wait_for()


def test_weekly_preview_and_unsubscribe_from_a_received_mail(site, page, axe_check):
    anna = User.objects.get(email="anna.devries@utrecht.nl")
    mark = User.objects.get(email="mark.jansen@amsterdam.nl")
    group = GroupPage.objects.get(slug="burgemeestersbevoegdheden")
    folder = group.folders.first()
    services.create_thread(author=mark, folder=folder, title="Cameratoezicht bij evenementen", body="Ervaringen?")

    login(page, site, anna.email)
    page.goto(site.url + "/signalering/")
    axe_check(page, "signal settings")
    page.get_by_label("Signaleringsmail voor Burgemeestersbevoegdheden").select_option("weekly")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Uw instellingen voor de signaleringsmail zijn opgeslagen.").wait_for()
    assert Membership.objects.get(user=anna, group=group).signal_frequency == "weekly"
    preview = page.get_by_role("region", name="Uw volgende signaleringsmail")
    assert "Cameratoezicht bij evenementen" in preview.inner_text()

    # The weekly mail goes out on Monday 08:00; run the pipeline at the next Monday 08:01.
    Activity.objects.update(created_at=timezone.now() - timedelta(minutes=10))
    now = timezone.localtime()
    monday = (now + timedelta(days=(7 - now.weekday()) % 7 or 7)).replace(hour=8, minute=1)
    pipeline.run(now=monday)
    [message] = [m for m in mail.outbox if m.to == [anna.email]]
    assert "Cameratoezicht bij evenementen" in message.body
    link = re.search(re.escape(site.url) + r"/signalering/afmelden/[^/\s]+/", message.body).group(0)

    page.context.clear_cookies()  # the link works without logging in
    page.goto(link)
    axe_check(page, "unsubscribe confirm")
    assert Membership.objects.get(user=anna, group=group).signal_frequency == "weekly"
    page.get_by_role("button", name="Ja, afmelden").click()
    page.get_by_role("heading", name="U bent afgemeld").wait_for()
    axe_check(page, "unsubscribed")
    assert Membership.objects.get(user=anna, group=group).signal_frequency == "never"
