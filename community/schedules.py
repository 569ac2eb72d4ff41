"""django-q2 schedules of the community app, created (or corrected) after every migrate."""

SCHEDULES = [
    {
        "name": "onbevestigde-registraties-opruimen",
        "func": "community.tasks.expire_unverified_accounts",
        "cron": "15 4 * * *",
    },
]


def ensure_cron_schedules(specs, using="default"):
    """Create or correct django-q2 cron schedules by name (re-runnable). Used by every app
    that schedules work: community here, notifications for the signal mail."""
    from django_q.models import Schedule

    for spec in specs:
        Schedule.objects.using(using).update_or_create(
            name=spec["name"],
            defaults={
                "func": spec["func"],
                "schedule_type": Schedule.CRON,
                "cron": spec["cron"],
                "repeats": -1,
            },
        )


def ensure_schedules(sender=None, using="default", **kwargs):
    ensure_cron_schedules(SCHEDULES, using)


def on_email_changed(sender, request=None, user=None, to_email_address=None, **kwargs):
    """A verified change of address: the organisation follows the new domain."""
    from .accounts_services import change_email

    if user is not None and to_email_address is not None:
        change_email(user=user, email=to_email_address.email)
