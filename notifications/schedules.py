"""The django-q2 schedules of the signal mail, created (or corrected) after every migrate.

One schedule runs every minute; it works out for itself which due moments (direct,
daily 08:00, weekly Monday 08:00, Europe/Amsterdam) have come. Because it always looks
at the latest due moment only, a worker that was down for three days sends one mail that
covers the gap instead of replaying every missed slot.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from community.models import SignalFrequency
from community.schedules import ensure_cron_schedules

LOCAL_TZ = ZoneInfo("Europe/Amsterdam")
SEND_AT = time(8, 0)
DIRECT_EVERY_MINUTES = 5

SCHEDULES = [
    {
        "name": "signaleringsmail",
        "func": "notifications.tasks.run_signal_mail",
        "cron": "* * * * *",
    },
    {
        "name": "signaleringsmail-opschonen",
        "func": "notifications.tasks.prune_old_deliveries",
        "cron": "30 3 * * *",
    },
]


def ensure_schedules(sender=None, using="default", **kwargs):
    ensure_cron_schedules(SCHEDULES, using)


def latest_slots(now: datetime) -> dict[str, datetime]:
    """The most recent due moment (<= now) of each frequency, as aware datetimes."""
    local = now.astimezone(LOCAL_TZ)
    direct = local.replace(
        minute=local.minute - local.minute % DIRECT_EVERY_MINUTES, second=0, microsecond=0
    )
    today_at = datetime.combine(local.date(), SEND_AT, tzinfo=LOCAL_TZ)
    daily = today_at if local >= today_at else datetime.combine(
        local.date() - timedelta(days=1), SEND_AT, tzinfo=LOCAL_TZ
    )
    monday = local.date() - timedelta(days=local.weekday())
    weekly = datetime.combine(monday, SEND_AT, tzinfo=LOCAL_TZ)
    if weekly > local:
        weekly = datetime.combine(monday - timedelta(days=7), SEND_AT, tzinfo=LOCAL_TZ)
    return {
        SignalFrequency.DIRECT: direct,
        SignalFrequency.DAILY: daily,
        SignalFrequency.WEEKLY: weekly,
    }
