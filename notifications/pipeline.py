"""The signal mail as a pipeline.

    claim_due(now)     select members with something new at the latest due moment of their
                       frequencies; per batch, in one transaction: insert a Delivery per
                       member (unique per member and due moment) that fixes which changes it
                       covers, and advance their watermarks.
    send_pending(now)  lease a batch of pending deliveries, build each member's mail from
                       what that member may see *now* (community.access), send, mark sent.

A repeated run finds the claims and sends nothing twice; a crashed run leaves pending
deliveries (or expired leases) that the next run sends with the same Message-ID. The one
window no system can close — the SMTP server accepted a mail and the worker died before
marking it sent — is a single UPDATE wide; see docs/signal-mail.md.
"""

import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.core import mail
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q
from django.utils import timezone

from community import access
from community.models import Activity, Membership

from .models import Delivery
from .render import RenderCache, render_signal_mail
from .schedules import latest_slots

logger = logging.getLogger(__name__)

SETTLE = timedelta(seconds=20)     # changes younger than this wait for the next run
CLAIM_BATCH = 500
SEND_BATCH = 100
LEASE = timedelta(minutes=10)      # longer than the django-q2 task timeout
MAX_ATTEMPTS = 30                  # with back-off up to 30 min: more than 12 hours
RUN_BUDGET = timedelta(minutes=4)  # stop leasing new batches; the next run goes on


@dataclass
class RunResult:
    claimed: int = 0
    sent: int = 0
    empty: int = 0
    failed: int = 0
    retrying: int = 0
    errors: list = field(default_factory=list)


def settled_upper_bound(now, slot=None) -> int:
    """The newest change a mail due at `slot` may cover: made before the due moment, and
    old enough (SETTLE) that no transaction still writing an older id can be skipped."""
    cutoff = now - SETTLE if slot is None else min(slot, now - SETTLE)
    return Activity.objects.filter(created_at__lte=cutoff).aggregate(m=Max("id"))["m"] or 0


def _group_slots(now):
    by_slot = defaultdict(list)
    for frequency, slot in latest_slots(now).items():
        by_slot[slot].append(frequency)
    return by_slot


def claim_due(now=None) -> int:
    now = now or timezone.now()
    claimed = 0
    for slot, frequencies in _group_slots(now).items():
        upper = settled_upper_bound(now, slot)
        if not upper:
            continue
        news_for_member = Activity.objects.filter(
            group_id=OuterRef("group_id"), id__gt=OuterRef("signalled_until"), id__lte=upper
        ).exclude(actor_id=OuterRef("user_id"))
        due_users = (
            Membership.objects.filter(
                signal_frequency__in=frequencies,
                signalled_until__lt=upper,
                user__is_active=True,
                user__signals_paused=False,
            )
            .filter(Exists(news_for_member))
            .exclude(user__signal_deliveries__slot=slot)
            .values_list("user_id", flat=True)
            .distinct()
            .order_by("user_id")
        )
        user_ids = list(due_users)
        for start in range(0, len(user_ids), CLAIM_BATCH):
            claimed += _claim_batch(
                user_ids[start : start + CLAIM_BATCH], slot, frequencies, upper, now
            )
    return claimed


@transaction.atomic
def _claim_batch(user_ids, slot, frequencies, upper, now) -> int:
    memberships = list(
        Membership.objects.select_for_update(skip_locked=True)
        .filter(user_id__in=user_ids, signal_frequency__in=frequencies, signalled_until__lt=upper)
        .only("pk", "user_id", "group_id", "signalled_until")
    )
    taken = set(
        Delivery.objects.filter(user_id__in=user_ids, slot=slot).values_list("user_id", flat=True)
    )
    ranges = defaultdict(dict)
    for m in memberships:
        if m.user_id not in taken:
            ranges[m.user_id][str(m.group_id)] = m.signalled_until
    if not ranges:
        return 0
    token = uuid.uuid4().hex
    Delivery.objects.bulk_create(
        [
            Delivery(
                user_id=user_id, slot=slot, frequencies=",".join(sorted(frequencies)),
                ranges=user_ranges, upper_activity_id=upper, claim=token,
                next_attempt_at=now,
            )
            for user_id, user_ranges in ranges.items()
        ],
        ignore_conflicts=True,
    )
    # Only the claims this batch actually made (a concurrent run may have won a few).
    won = set(
        Delivery.objects.filter(user_id__in=list(ranges), slot=slot, claim=token)
        .values_list("user_id", flat=True)
    )
    Membership.objects.filter(
        pk__in=[m.pk for m in memberships if m.user_id in won]
    ).update(signalled_until=upper)
    return len(won)


def _lease_batch(now) -> list[int]:
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(
                Q(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
                | Q(status=Delivery.Status.SENDING, lease_until__lt=now)
            )
            .order_by("id")
            .values_list("id", flat=True)[:SEND_BATCH]
        )
        if ids:
            Delivery.objects.filter(id__in=ids).update(
                status=Delivery.Status.SENDING,
                lease_until=now + LEASE,
                attempts=F("attempts") + 1,
            )
    return ids


class _ActivityCache:
    """Activities loaded once per run, shared by every mail of the run."""

    def __init__(self):
        self.by_group = defaultdict(dict)
        self.loaded = {}  # group_id -> (lower, upper) range already loaded
        self.ranges_cache = {}

    def load(self, deliveries):
        need = defaultdict(lambda: [None, 0])
        for d in deliveries:
            for group_id, lower in d.ranges.items():
                gid = int(group_id)
                lo, hi = need[gid]
                need[gid] = [lower if lo is None else min(lo, lower), max(hi, d.upper_activity_id)]
        query = Q(pk__in=[])
        for gid, (lower, upper) in need.items():
            have = self.loaded.get(gid)
            if have and have[0] <= lower and have[1] >= upper:
                continue
            query |= Q(group_id=gid, id__gt=lower, id__lte=upper)
            self.loaded[gid] = (
                min(lower, have[0]) if have else lower,
                max(upper, have[1]) if have else upper,
            )
        for activity in Activity.objects.filter(query).select_related(
            "group", "folder", "thread", "post", "actor", "page", "attachment", "consultation"
        ):
            self.by_group[activity.group_id][activity.pk] = activity
        if need:
            self.ranges_cache.clear()

    def group_range(self, group_id, lower, upper):
        """The changes of one group in (lower, upper], in id order; the slice is computed
        once per distinct range and shared by every member with that range."""
        key = (group_id, lower, upper)
        if key not in self.ranges_cache:
            self.ranges_cache[key] = [
                a for pk, a in sorted(self.by_group.get(group_id, {}).items()) if lower < pk <= upper
            ]
        return self.ranges_cache[key]

    def for_delivery(self, delivery):
        items = []
        for group_id, lower in delivery.ranges.items():
            items.extend(self.group_range(int(group_id), lower, delivery.upper_activity_id))
        return items

    def visible_for(self, user, delivery):
        """Per group, the changes of this delivery the user may see now (community.access
        decides): [[activity, ...], ...], each list in id order."""
        per_group = []
        for group_id, lower in delivery.ranges.items():
            visible = access.filter_signalable(
                user, self.group_range(int(group_id), lower, delivery.upper_activity_id)
            )
            if visible:
                per_group.append(visible)
        return per_group


def _prime_access(users):
    roles = defaultdict(dict)
    for user_id, group_id, role in Membership.objects.filter(
        user_id__in=[u.pk for u in users]
    ).values_list("user_id", "group_id", "role"):
        roles[user_id][group_id] = role
    editors = access.editor_ids(u.pk for u in users)
    for user in users:
        access.prime(user, roles=roles[user.pk], editor=user.pk in editors)


def _backoff(attempts) -> timedelta:
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 30))


def send_pending(now=None, connection=None, result=None) -> RunResult:
    now = now or timezone.now()
    result = result or RunResult()
    started = timezone.now()
    cache = _ActivityCache()
    render_cache = RenderCache()
    connection = connection or mail.get_connection()
    _async_commit(True)
    try:
        while timezone.now() - started < RUN_BUDGET:
            ids = _lease_batch(now)
            if not ids:
                break
            deliveries = list(
                Delivery.objects.filter(id__in=ids).select_related("user").order_by("id")
            )
            _prime_access([d.user for d in deliveries])
            cache.load(deliveries)
            for delivery in deliveries:
                _send_one(delivery, cache, render_cache, connection, result, now)
    finally:
        _async_commit(False)
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - closing a broken connection may fail too
            pass
    return result


def _async_commit(on):
    """While sending, do not wait for the WAL flush on each "sent" mark: a database crash in
    the next few milliseconds could lose a mark, and that mail would go again with the same
    Message-ID — the same window as a worker dying right after the SMTP server said yes."""
    if db_connection.vendor == "postgresql" and not db_connection.in_atomic_block:
        with db_connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF" if on else "RESET synchronous_commit")


def _send_one(delivery, cache, render_cache, connection, result, now):
    user = delivery.user
    if not user.is_active or user.signals_paused:
        items = []
    else:
        items = cache.visible_for(user, delivery)
    if not items:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.EMPTY, lease_until=None, sent_at=timezone.now()
        )
        result.empty += 1
        return
    message, summary = render_signal_mail(delivery, items, connection=connection, cache=render_cache)
    try:
        message.send(fail_silently=False)
    except Exception as exc:  # noqa: BLE001 - any SMTP/network failure: retry later
        logger.warning("Signal mail %s failed: %s", delivery.pk, exc)
        failed = delivery.attempts >= MAX_ATTEMPTS
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.FAILED if failed else Delivery.Status.PENDING,
            lease_until=None,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            next_attempt_at=now + _backoff(delivery.attempts),
        )
        result.failed += failed
        result.retrying += not failed
        result.errors.append(delivery.pk)
        try:
            connection.close()
        except Exception:  # noqa: BLE001
            pass
        return
    # The one unavoidable window: the server has the mail, this UPDATE not yet done.
    _mark_sent(delivery, summary)
    result.sent += 1


def _mark_sent(delivery, summary):
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENT,
        sent_at=timezone.now(),
        lease_until=None,
        last_error="",
        item_count=summary["items"],
        group_count=summary["groups"],
        subject=summary["subject"][:200],
    )


def run(now=None, connection=None) -> RunResult:
    now = now or timezone.now()
    result = RunResult(claimed=claim_due(now))
    return send_pending(now, connection=connection, result=result)



def preview(user, now=None):
    """What the user's next signal mail would contain if it were built now: every change
    since their watermarks in the groups they follow, filtered like a real mail.
    Returns (activities, frequencies_by_group)."""
    now = now or timezone.now()
    memberships = list(
        Membership.objects.filter(user=user).exclude(signal_frequency="never").select_related("group")
    )
    if not memberships or user.signals_paused or not user.is_active:
        return []
    query = Q(pk__in=[])
    for m in memberships:
        query |= Q(group_id=m.group_id, id__gt=m.signalled_until)
    activities = (
        Activity.objects.filter(query, created_at__lte=now)
        .select_related("group", "folder", "thread", "post", "actor", "page", "attachment", "consultation")
        .order_by("id")[:200]
    )
    return [a for a in activities if access.can_signal(user, a)]
