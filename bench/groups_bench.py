"""Benchmark: group, folder and thread pages against a PostgreSQL database with 100 groups,
50,000 threads and 500,000 replies, side by side with a bare HttpResponse view and a 50-item
template view, all in one process through django.test.Client as a logged-in member.

    .venv/bin/python bench/groups_bench.py            # seeds oov_bench4 once, then measures
    .venv/bin/python bench/groups_bench.py --reseed   # drop and rebuild the database first
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/other .venv/bin/python bench/...

Prints median time per request and the number of queries per page. Not a test: no timed
assertions anywhere.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/oov_bench4")
os.environ["DATABASE_URL"] = DB_URL
os.environ["DEBUG"] = "0"
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

GROUPS = 100
WORKING_GROUPS = 20
FOLDERS_PER_GROUP = 5
THREADS = 50_000
REPLIES = 500_000
USERS = 2_000
BENCH_THREAD_REPLIES = 50


def ensure_database(reseed):
    import psycopg

    base, name = DB_URL.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reseed:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def seed():
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page, Site

    from community.models import Folder, GroupIndexPage, GroupPage, Membership, Thread, User
    from home.models import HomePage

    if Thread.objects.count() >= THREADS:
        return False
    started = time.perf_counter()
    Locale.objects.get_or_create(language_code="nl")
    with transaction.atomic():
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            home = HomePage(title="OOV-netwerk", slug="oov-netwerk")
            root.add_child(instance=home)
            site = Site.objects.filter(is_default_site=True).first()
            old = site.root_page
            site.root_page = home
            site.save()
            if old.specific_class is Page and old.pk != home.pk:
                old.delete()
        index = GroupIndexPage.objects.first()
        if index is None:
            index = GroupIndexPage(title="Groepen", slug="groepen")
            home.add_child(instance=index)
        for i in range(GroupPage.objects.count(), GROUPS):
            kind = GroupPage.Kind.WORKING if i < WORKING_GROUPS else GroupPage.Kind.GENERAL
            index.add_child(instance=GroupPage(
                title=f"Groep {i:03d}", slug=f"groep-{i:03d}", kind=kind,
                description=f"Omschrijving van groep {i}.", introduction="<p>Welkom.</p>",
            ))
    print(f"  pages: {time.perf_counter() - started:.1f}s", flush=True)
    groups = list(GroupPage.objects.order_by("pk"))
    Folder.objects.bulk_create([
        Folder(group=g, title=f"Map {j}", slug=f"map-{j}", position=j)
        for g in groups for j in range(FOLDERS_PER_GROUP)
    ], ignore_conflicts=True)
    password = make_password(None)
    User.objects.bulk_create([
        User(username=f"bench{i}", email=f"bench{i}@utrecht.nl", first_name="Lid", last_name=str(i),
             password=password) for i in range(USERS)
    ], ignore_conflicts=True, batch_size=2000)
    give_organisations()
    user_ids = list(User.objects.values_list("pk", flat=True))
    member = User.objects.get(username="bench0")
    Membership.objects.bulk_create(
        [Membership(user=member, group=g, signalled_until=0) for g in groups], ignore_conflicts=True
    )
    folders = list(Folder.objects.order_by("pk").values_list("pk", "group_id"))
    print(f"  folders, users: {time.perf_counter() - started:.1f}s", flush=True)

    now = timezone.now()
    # Threads: spread over all folders; reply counts and activity times vary.
    per_thread = [REPLIES // THREADS] * THREADS
    per_thread[0] = BENCH_THREAD_REPLIES
    surplus = BENCH_THREAD_REPLIES - REPLIES // THREADS
    for i in range(1, surplus // (REPLIES // THREADS) + 1):  # keep the total at REPLIES
        per_thread[i] = 0
    batch = []
    for i in range(THREADS):
        folder_id, group_id = folders[i % len(folders)]
        stamp = now - timezone.timedelta(minutes=i)
        batch.append(Thread(group_id=group_id, folder_id=folder_id, title=f"Onderwerp {i}",
                            author_id=user_ids[i % len(user_ids)], created_at=stamp,
                            last_activity_at=stamp, reply_count=per_thread[i],
                            is_pinned=i % 997 == 0))
    Thread.objects.bulk_create(batch, batch_size=5000)
    thread_ids = list(Thread.objects.order_by("pk").values_list("pk", flat=True))
    print(f"  threads: {time.perf_counter() - started:.1f}s", flush=True)

    # Posts through COPY: the opening post plus the replies of every thread.
    body = "<p>" + "Een reactie met wat tekst over openbare orde en veiligheid. " * 4 + "</p>"
    stamp = now.isoformat()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            "COPY community_post (thread_id, author_id, body, is_opening, created_at, "
            "is_removed, is_hidden) FROM STDIN"
        ) as copy:
            n = 0
            for index_, thread_id in enumerate(thread_ids):
                for k in range(per_thread[index_] + 1):
                    copy.write_row((thread_id, user_ids[(index_ + k) % len(user_ids)], body,
                                    k == 0, stamp, False, False))
                    n += 1
        cursor.execute("ANALYZE")
    print(f"  posts ({n}): {time.perf_counter() - started:.1f}s", flush=True)
    return True


def give_organisations():
    """Every bench member works for a municipality, as real members do (their pages show
    it next to their name). Idempotent: only members without one get one."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """UPDATE community_user u SET organisation_id = o.id
               FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n,
                            count(*) OVER () AS total
                     FROM community_organisation WHERE kind = 'municipality') o
               WHERE u.organisation_id IS NULL AND u.username LIKE 'bench%'
                 AND o.n = u.id % o.total"""
        )


def bench_urls():
    from django.http import HttpResponse
    from django.template import engines
    from django.urls import path

    from portal import urls as portal_urls

    template = engines["django"].from_string(
        '{% extends "base.html" %}{% block content %}<h1>Vijftig</h1><ul class="portal-list">'
        '{% for item in items %}<li><a class="utrecht-link" href="/x/{{ item.pk }}/">{{ item.title }}'
        '</a><p class="utrecht-paragraph portal-meta">{{ item.author }} · {{ item.n }} reacties</p>'
        '</li>{% endfor %}</ul>{% endblock %}'
    )
    items = [{"pk": i, "title": f"Onderwerp {i}", "author": f"Lid {i}", "n": i} for i in range(50)]

    def bare(request):
        return HttpResponse("ok")

    def fifty(request):
        return HttpResponse(template.render({"items": items}, request))

    module = type(sys)("bench_urlconf")
    module.urlpatterns = [path("bench/bare/", bare), path("bench/fifty/", fifty)] + list(
        portal_urls.urlpatterns
    )
    sys.modules["bench_urlconf"] = module
    return "bench_urlconf"


def measure(client, urls, iterations):
    """Median time per request and query count of each URL. The URLs take turns, request by
    request, so that a noisy moment on the machine falls on all of them alike."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sizes, query_counts = [], []
    for url in urls:
        for _ in range(5):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        sizes.append(len(response.content))
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        query_counts.append(len(queries.captured_queries))
    times = [[] for _ in urls]
    for _ in range(iterations):
        for index, url in enumerate(urls):
            t0 = time.perf_counter()
            client.get(url)
            times[index].append(time.perf_counter() - t0)
    return [
        (statistics.median(t) * 1000, n, size)
        for t, n, size in zip(times, query_counts, sizes, strict=True)
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--iterations", type=int, default=200)
    args = parser.parse_args()

    ensure_database(args.reseed)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    from community import views
    from community.models import Folder, GroupPage, Post, Thread, User

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - t0:.1f}s", flush=True)
    t0 = time.perf_counter()
    if seed():
        print(f"seed: {time.perf_counter() - t0:.1f}s", flush=True)
    give_organisations()  # (databases seeded before members had one)
    print(f"data: {GroupPage.objects.count()} groups, {Folder.objects.count()} folders, "
          f"{Thread.objects.count()} threads, {Post.objects.count()} posts "
          f"({Post.objects.filter(is_opening=False).count()} replies), {User.objects.count()} users")

    # A thread page shows all 50 replies (plus the opening post) on one page.
    views.POSTS_PER_PAGE = 60
    member = User.objects.get(username="bench0")
    thread = Thread.objects.get(title="Onderwerp 0")
    group = GroupPage.objects.get(pk=thread.group_id)
    folder = thread.folder
    folder.group = group
    thread.group = group
    rows = [
        ("bare HttpResponse view", "/bench/bare/"),
        ("50-item template view", "/bench/fifty/"),
        (f"group page ({Thread.objects.filter(group=group).count()} threads)", group.url),
        (f"folder page ({Thread.objects.filter(folder=folder).count()} threads, 25 shown)",
         folder.get_url()),
        (f"thread page ({thread.posts.count() - 1} replies)", thread.get_url()),
    ]
    with override_settings(ROOT_URLCONF=bench_urls(), DEBUG=False):
        client = Client()
        client.force_login(member)
        measured = measure(client, [url for _, url in rows], args.iterations)
        results = [(label, *figures) for (label, _), figures in zip(rows, measured, strict=True)]
    base = results[1][1]
    print()
    print(f"{'view':<48} {'median ms':>10} {'x 50-item':>10} {'queries':>8} {'bytes':>8}")
    print("-" * 88)
    for label, ms, queries, size in results:
        print(f"{label:<48} {ms:>10.2f} {ms / base:>10.2f} {queries:>8} {size:>8}")
    print(f"\n{args.iterations} rounds (the views take turns), median; logged in as a member of every group; "
          f"PostgreSQL {DB_URL.rsplit('/', 1)[1]}")


if __name__ == "__main__":
    main()
