"""Signal mail benchmark (issue: signal mail).

Seeds a PostgreSQL database with 10,000 members, 100 groups, each member following 10 groups
at mixed frequencies and 5,000 changes in one day; then runs the daily signal mail against a
local SMTP sink (aiosmtpd, a separate process) and reports, side by side:

  - the whole run: mails per second, and the number of SQL queries;
  - the limit: 10,000 pre-rendered mails over one SMTP connection, mails per second.

Usage:  .venv/bin/python bench/signal_bench.py [--members 10000] [--keep]
Needs PostgreSQL at 127.0.0.1:5432 (user postgres); uses its own database oov_bench_signal.
"""

import argparse
import os
import random
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = "oov_bench_signal"
AMS = ZoneInfo("Europe/Amsterdam")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--groups", type=int, default=100)
    parser.add_argument("--follows", type=int, default=10)
    parser.add_argument("--changes", type=int, default=5_000)
    parser.add_argument("--keep", action="store_true", help="reuse a seeded database")
    args = parser.parse_args()

    port = free_port()
    sink = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink", "-l", f"127.0.0.1:{port}"],
    )
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB}"
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ["DEBUG"] = "false"
    try:
        run(args)
    finally:
        sink.terminate()


def recreate_database():
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB}")
        conn.execute(f"CREATE DATABASE {DB}")


def seed(args, day_start):
    from django.core.management import call_command
    from django.utils.text import slugify

    from community.models import (
        Activity,
        Folder,
        GroupPage,
        Membership,
        Organisation,
        Post,
        Thread,
        User,
    )
    from tests.factories import group_index

    call_command("migrate", verbosity=0)
    index = group_index()
    groups = []
    for n in range(args.groups):
        group = GroupPage(title=f"Groep {n:03d}", slug=slugify(f"groep-{n:03d}"), description="Benchmark")
        index.add_child(instance=group)
        groups.append(group)
    folders = Folder.objects.bulk_create(
        [Folder(group=g, title=f"Map {i}", slug=f"map-{i}", position=i) for g in groups for i in range(3)]
    )
    folders_by_group = {}
    for f in folders:
        folders_by_group.setdefault(f.group_id, []).append(f)
    org = Organisation.objects.get(code="GM0344")
    users = User.objects.bulk_create(
        [User(username=f"lid{n}", email=f"lid{n}@utrecht.nl", first_name="Lid", last_name=str(n),
              organisation=org, password="!") for n in range(args.members)],
        batch_size=2000,
    )
    rng = random.Random(42)
    frequencies = ["direct"] * 2 + ["daily"] * 5 + ["weekly"] * 2 + ["never"]
    Membership.objects.bulk_create(
        [Membership(user=u, group=g, signal_frequency=rng.choice(frequencies), signalled_until=0)
         for u in users for g in rng.sample(groups, args.follows)],
        batch_size=5000,
    )
    # 5,000 changes during the previous day: a third new threads, the rest replies.
    threads, posts, activities = [], [], []
    n_threads = args.changes // 3
    for n in range(n_threads):
        g = rng.choice(groups)
        when = day_start + timedelta(seconds=rng.randrange(0, 23 * 3600))
        threads.append(Thread(group=g, folder=rng.choice(folders_by_group[g.pk]), title=f"Vraag {n} over handhaving",
                              author=rng.choice(users), created_at=when, last_activity_at=when))
    Thread.objects.bulk_create(threads, batch_size=2000)
    for n in range(args.changes):
        t = threads[n % n_threads]
        when = t.created_at + timedelta(seconds=n)
        posts.append(Post(thread=t, author=rng.choice(users), body=f"<p>Bijdrage {n}: hoe pakken jullie dit aan in de wijk?</p>",
                          is_opening=n < n_threads, created_at=when))
    Post.objects.bulk_create(posts, batch_size=2000)
    for n, p in enumerate(posts):
        activities.append(Activity(group=p.thread.group, folder=p.thread.folder, thread=p.thread, post=p,
                                   kind="thread" if n < n_threads else "reply", actor=p.author, created_at=p.created_at))
    activities.sort(key=lambda a: a.created_at)
    Activity.objects.bulk_create(activities, batch_size=2000)


def run(args):
    import django

    if not args.keep:
        recreate_database()
    django.setup()
    from django.core import mail
    from django.db import connection

    from notifications import pipeline, render
    from notifications.models import Delivery

    day_start = datetime(2026, 12, 1, 0, 0, tzinfo=AMS)  # a Tuesday
    t0 = time.perf_counter()
    if not args.keep:
        seed(args, day_start)
    else:
        Delivery.objects.all().delete()
        from community.models import Membership

        Membership.objects.update(signalled_until=0)
    seed_s = time.perf_counter() - t0

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    run_at = day_start + timedelta(days=1, hours=8, minutes=1)
    runs = 0
    with connection.execute_wrapper(count):
        t1 = time.perf_counter()
        result = pipeline.run(now=run_at)
        runs += 1
        # A run stops leasing after pipeline.RUN_BUDGET; the scheduler's next runs go on.
        while Delivery.objects.filter(status="pending").exists():
            more = pipeline.run(now=run_at)
            runs += 1
            result.sent += more.sent
            result.empty += more.empty
        run_s = time.perf_counter() - t1
    mails = result.sent

    # The limit: the same number of pre-rendered mails over one SMTP connection.
    from community.models import User

    user = User.objects.first()
    sample = Delivery.objects.filter(status="sent").first()
    from notifications.pipeline import _ActivityCache

    cache = _ActivityCache()
    cache.load([sample])
    message, _ = render.render_signal_mail(sample, render.per_group(cache.for_delivery(sample)))
    prerendered = []
    for n in range(max(mails, 1)):
        m = mail.EmailMultiAlternatives(message.subject, message.body, message.from_email,
                                        [f"lid{n}@utrecht.nl"], headers=dict(message.extra_headers))
        m.attach_alternative(message.alternatives[0][0], "text/html")
        prerendered.append(m)
    connection_smtp = mail.get_connection()
    connection_smtp.open()
    t2 = time.perf_counter()
    sent_limit = connection_smtp.send_messages(prerendered)
    limit_s = time.perf_counter() - t2
    connection_smtp.close()
    del user

    print()
    print(f"Seeded {args.members} members, {args.groups} groups, {args.follows} follows each, "
          f"{args.changes} changes in {seed_s:.1f} s")
    print(f"Deliveries: claimed {result.claimed}, sent {result.sent}, empty {result.empty}, "
          f"retrying {result.retrying}, failed {result.failed}")
    print()
    print(f"{'what':<46}{'mails':>8}{'seconds':>10}{'mails/s':>10}{'queries':>10}")
    print(f"{'daily signal mail run (claim+build+send)':<46}{mails:>8}{run_s:>10.2f}{mails / run_s:>10.0f}{queries:>10}")
    print(f"{'limit: pre-rendered mails, one connection':<46}{sent_limit:>8}{limit_s:>10.2f}{sent_limit / limit_s:>10.0f}{'-':>10}")
    print(f"\nrun rate / limit rate = {(mails / run_s) / (sent_limit / limit_s):.2f}  (target >= 0.5)")
    print(f"queries per mail = {queries / max(mails, 1):.2f}  (scheduler runs needed: {runs})")


if __name__ == "__main__":
    main()
