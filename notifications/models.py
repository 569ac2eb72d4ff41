"""Delivery records of the signal mail: one per member per due moment.

A delivery is claimed (inserted, unique per member and due moment) in the same
transaction that advances the member's watermarks, so the set of changes it covers is
fixed at claim time (`ranges`). Sending can then be repeated any number of times — after
a crash or an SMTP failure — and always builds the same mail with the same Message-ID,
from what the member may see at that moment.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op verzending")
        SENDING = "sending", _("Wordt verzonden")
        SENT = "sent", _("Verzonden")
        EMPTY = "empty", _("Niets te melden")
        FAILED = "failed", _("Mislukt")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signal_deliveries",
        verbose_name=_("ontvanger"),
    )
    slot = models.DateTimeField(_("moment"), help_text=_("Het moment waarop de mail verschuldigd was."))
    frequencies = models.CharField(_("frequenties"), max_length=40)
    # {group_id: last activity id already covered before this mail}; the mail covers
    # activity ids in (ranges[group], upper_activity_id].
    ranges = models.JSONField(_("bereik per groep"), default=dict)
    upper_activity_id = models.BigIntegerField(_("tot en met wijziging"))
    # The claiming run's token.
    claim = models.CharField(_("claim"), max_length=32, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging op"), default=timezone.now)
    lease_until = models.DateTimeField(_("in behandeling tot"), null=True, blank=True)
    last_error = models.TextField(_("laatste fout"), blank=True)
    item_count = models.PositiveIntegerField(_("aantal bijdragen"), default=0)
    group_count = models.PositiveIntegerField(_("aantal groepen"), default=0)
    subject = models.CharField(_("onderwerpregel"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)

    class Meta:
        verbose_name = _("verzending signaleringsmail")
        verbose_name_plural = _("verzendingen signaleringsmail")
        constraints = [
            models.UniqueConstraint(fields=["user", "slot"], name="delivery_user_slot_unique"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.user} @ {self.slot:%Y-%m-%d %H:%M} ({self.get_status_display()})"

    @property
    def message_id(self):
        """The same for every attempt at this delivery (a resent mail is recognised as the
        same one), never the same for two deliveries, even after the database is rebuilt and
        ids are used again (its creation time, to the microsecond, is part of it)."""
        stamp = self.created_at.astimezone(datetime.UTC).strftime("%Y%m%d%H%M%S%f")
        return f"<signaal.{self.pk}.{self.user_id}.{stamp}@{settings.MESSAGE_ID_DOMAIN}>"
