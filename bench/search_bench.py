"""Search benchmark: 500,000 posts and 2,000 knowledge articles on PostgreSQL.

    .venv/bin/python bench/search_bench.py            # build (once) and measure
    .venv/bin/python bench/search_bench.py --rebuild  # drop the bench database first

Uses its own database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/oov_bench6).
Data is inserted with set-based SQL (the search_vector trigger fills the tsvectors), articles
through Wagtail so that they are in Wagtail's search index. Then, in one run, it requests
/zoeken/ for 20 realistic Dutch queries as a member (Django test client, full middleware and
templates) next to a bare HttpResponse view, and prints p50/p95 per query and overall.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/oov_bench6")
os.environ["DATABASE_URL"] = DB_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

N_POSTS = int(os.environ.get("BENCH_POSTS", 500_000))
N_ARTICLES = int(os.environ.get("BENCH_ARTICLES", 2_000))
POSTS_PER_THREAD = 10
REPEAT = int(os.environ.get("BENCH_REPEAT", 7))

QUERIES = [
    "gemeenten", "noodverordening", "artikel 13b", '"openbare orde"', "cameratoezicht",
    "wijkagent", "drugsafval", "ondermijning buitengebied", "sluiting woning",
    "veiligheidsanalyse", "jongeren overlast", "fietsendiefstal", "driehoeksoverleg",
    "bevoegdheid burgemeester", "evenementenvergunning", "Opiumwet", "gebiedsverbod",
    "integraal veiligheidsplan", "hennepkwekerij", "bestuurlijke rapportage",
]

SUBJECTS = [
    "De gemeente", "Onze burgemeester", "Het college", "De wijkagent", "De politie",
    "De officier van justitie", "Het driehoeksoverleg", "De gemeenteraad", "Onze afdeling OOV",
    "Het RIEC", "De veiligheidsregio", "De handhavers", "Een collega uit de regio",
    "Het jongerenwerk", "De woningcorporatie", "Veel gemeenten", "Kleine gemeenten",
]
VERBS = [
    "overweegt", "gebruikt", "evalueert", "onderzoekt", "bespreekt", "past toe",
    "heeft ervaring met", "twijfelt over", "wil meer weten over", "zoekt voorbeelden van",
    "schrijft een beleidsregel voor", "vraagt advies over", "werkt samen bij",
]
OBJECTS = [
    "een noodverordening bij ongeregeldheden", "sluiting van een woning op grond van artikel 13b",
    "de Opiumwet en drugsafval in het buitengebied", "cameratoezicht in het uitgaansgebied",
    "een gebiedsverbod voor overlastgevers", "de openbare orde tijdens evenementen",
    "een evenementenvergunning met veiligheidsplan", "de inzet van wijkagenten in de wijk",
    "fietsendiefstal bij het station", "overlast door jongeren in het park",
    "ondermijning in het buitengebied", "een hennepkwekerij in een leegstaande stal",
    "de veiligheidsanalyse voor het integraal veiligheidsplan", "de bevoegdheid van de burgemeester",
    "een bestuurlijke rapportage van het RIEC", "het driehoeksoverleg over capaciteit",
    "winkeldiefstal en vandalisme", "de Wet Bibob bij vergunningen", "woonoverlast en burenruzies",
    "preventief fouilleren in een veiligheidsrisicogebied", "de aanpak van ondermijnende criminaliteit",
    "camera's op bedrijventerreinen", "de raadsinformatiebrief over veiligheid",
    "de jaarwisseling en vuurwerkoverlast", "huisverboden bij huiselijk geweld",
]
TAILS = [
    "Wie heeft hier een voorbeeld van?", "Dat werkte bij ons goed.", "De rechter was kritisch.",
    "We delen graag de beleidsregel.", "Het kostte veel capaciteit.", "De raad was tevreden.",
    "Bel me gerust voor de details.", "We evalueren dit volgend jaar.", "",
]


def sh(*args):
    subprocess.run(args, check=True, capture_output=True)


def database_exists():
    out = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc",
         "SELECT 1 FROM pg_database WHERE datname = 'oov_bench6'"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    return out == "1"


def setup_django():
    import django

    django.setup()


def sql_array(items):
    return "ARRAY[" + ",".join("'" + s.replace("'", "''") + "'" for s in items) + "]"


def build():
    from django.core.management import call_command
    from django.db import connection, transaction

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    from community import services
    from community.models import GroupPage, Membership, User
    from tests.factories import group_index

    index = group_index()
    anna = User.objects.get(email="anna.devries@utrecht.nl")
    for n in range(1, 16):
        kind = GroupPage.Kind.WORKING if n % 3 == 0 else GroupPage.Kind.GENERAL
        slug = f"bench-groep-{n}"
        if GroupPage.objects.filter(slug=slug).exists():
            continue
        group = GroupPage(title=f"Benchgroep {n}", slug=slug, kind=kind,
                          description="Groep voor de benchmark.")
        index.add_child(instance=group)
        for f in range(3):
            services.create_folder(group=group, title=f"Map {f}")
        if n in (3, 6):
            Membership.objects.get_or_create(user=anna, group=group)
    print(f"  tree and groups: {time.perf_counter() - t0:.1f}s", flush=True)

    t1 = time.perf_counter()
    n_threads = N_POSTS // POSTS_PER_THREAD
    with connection.cursor() as c, transaction.atomic():
        c.execute("DROP INDEX IF EXISTS community_post_search_gin")
        c.execute(f"""
            WITH f AS (SELECT array_agg(id ORDER BY id) ids, array_agg(group_id ORDER BY id) gids
                       FROM community_folder),
                 u AS (SELECT array_agg(id) ids FROM community_user)
            INSERT INTO community_thread (group_id, folder_id, title, author_id, created_at,
                                          last_activity_at, reply_count, is_pinned, is_locked)
            SELECT f.gids[1 + i % array_length(f.ids, 1)], f.ids[1 + i % array_length(f.ids, 1)],
                   (s.a)[1 + floor(random() * array_length(s.a, 1))::int] || ' '
                     || (s.v)[1 + floor(random() * array_length(s.v, 1))::int] || ' '
                     || (s.o)[1 + floor(random() * array_length(s.o, 1))::int],
                   u.ids[1 + i % array_length(u.ids, 1)],
                   now() - (i || ' minutes')::interval, now() - (i || ' minutes')::interval,
                   {POSTS_PER_THREAD - 1}, false, false
            FROM generate_series(1, {n_threads}) i, f, u,
                 (SELECT {sql_array(SUBJECTS)} a, {sql_array(VERBS)} v, {sql_array(OBJECTS)} o) s
        """)
        c.execute(f"""
            WITH u AS (SELECT array_agg(id) ids FROM community_user),
                 t AS (SELECT array_agg(id ORDER BY id) ids FROM community_thread)
            INSERT INTO community_post (thread_id, author_id, body, is_opening, created_at,
                                        is_removed, is_hidden)
            SELECT t.ids[1 + (i / {POSTS_PER_THREAD}) % array_length(t.ids, 1)],
                   u.ids[1 + i % array_length(u.ids, 1)],
                   '<p>' || (s.a)[1 + floor(random() * array_length(s.a, 1))::int] || ' '
                     || (s.v)[1 + floor(random() * array_length(s.v, 1))::int] || ' '
                     || (s.o)[1 + floor(random() * array_length(s.o, 1))::int] || '. '
                     || (s.t)[1 + floor(random() * array_length(s.t, 1))::int] || '</p><p>'
                     || (s.a)[1 + floor(random() * array_length(s.a, 1))::int] || ' '
                     || (s.v)[1 + floor(random() * array_length(s.v, 1))::int] || ' '
                     || (s.o)[1 + floor(random() * array_length(s.o, 1))::int] || '.</p>',
                   i % {POSTS_PER_THREAD} = 0, now() - (({N_POSTS} - i) || ' seconds')::interval,
                   false, false
            FROM generate_series(0, {N_POSTS - 1}) i, u, t,
                 (SELECT {sql_array(SUBJECTS)} a, {sql_array(VERBS)} v, {sql_array(OBJECTS)} o,
                         {sql_array(TAILS)} t) s
        """)
    with connection.cursor() as c:
        c.execute("CREATE INDEX IF NOT EXISTS community_post_search_gin ON community_post "
                  "USING gin (search_vector)")
        c.execute("ANALYZE")
    print(f"  {n_threads} threads, {N_POSTS} posts: {time.perf_counter() - t1:.1f}s", flush=True)

    t2 = time.perf_counter()
    import random

    from knowledgebase.models import ArticlePage, TopicPage

    rnd = random.Random(6)
    topic_pages = list(TopicPage.objects.all())
    have = ArticlePage.objects.count()
    audiences = ["public", "public", "members"]
    for n in range(have, N_ARTICLES):
        parent = topic_pages[n % len(topic_pages)]
        text = " ".join(
            f"{rnd.choice(SUBJECTS)} {rnd.choice(VERBS)} {rnd.choice(OBJECTS)}." for _ in range(6)
        )
        article = ArticlePage(
            title=f"{rnd.choice(OBJECTS).capitalize()} ({n})", slug=f"bench-artikel-{n}",
            intro=rnd.choice(OBJECTS), audience=audiences[n % 3],
            body=[{"type": "text", "value": f"<p>{text}</p>"}],
        )
        parent.add_child(instance=article)
        if n % 250 == 0:
            print(f"    article {n}", flush=True)
    print(f"  {N_ARTICLES} articles: {time.perf_counter() - t2:.1f}s", flush=True)


def measure():
    from django.conf import settings
    from django.http import HttpResponse
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import include, path

    from community.models import User

    def bare(request):
        return HttpResponse("ok")

    module = type(sys)("bench_urls")
    module.urlpatterns = [path("bench-bare/", bare), path("", include(settings.ROOT_URLCONF))]
    sys.modules["bench_urls"] = module

    member = User.objects.get(email="anna.devries@utrecht.nl")
    with override_settings(ROOT_URLCONF="bench_urls", ALLOWED_HOSTS=["*"], DEBUG=False):
        client = Client()
        client.force_login(member)

        def timed(url, params=None):
            start = time.perf_counter()
            response = client.get(url, params or {})
            elapsed = (time.perf_counter() - start) * 1000
            assert response.status_code == 200, (url, response.status_code)
            return elapsed, response

        clients = {"member": client, "visitor": Client(), "editor": Client(), "guest": Client()}
        clients["editor"].force_login(User.objects.get(email="redactie@vng.nl"))
        clients["guest"].force_login(bench_guest())

        def timed_as(who, params):
            start = time.perf_counter()
            response = clients[who].get("/zoeken/", params)
            assert response.status_code == 200, (who, params, response.status_code)
            return (time.perf_counter() - start) * 1000

        for q in QUERIES[:3]:  # warm up
            timed("/zoeken/", {"q": q})
        rows, all_search, all_bare = [], [], []
        for q in QUERIES:
            search_times, bare_times = [], []
            hits = ""
            for _ in range(REPEAT):
                ms, response = timed("/zoeken/", {"q": q})
                search_times.append(ms)
                bare_times.append(timed("/bench-bare/")[0])
            import re

            match = re.search(rb'id="resultaten-kop">(\d+)\+? resulta', response.content)
            hits = match.group(1).decode() if match else "?"
            all_search += search_times
            all_bare += bare_times
            rows.append((q, hits, pct(search_times, 50), pct(search_times, 95),
                         pct(bare_times, 50), pct(bare_times, 95)))
        other = measure_other_cases(timed_as)
    print()
    print(f"{'query':32} {'shown':>6} {'p50 ms':>8} {'p95 ms':>8} {'bare p50':>9} {'bare p95':>9}")
    for q, hits, s50, s95, b50, b95 in rows:
        print(f"{q:32} {hits:>6} {s50:8.1f} {s95:8.1f} {b50:9.2f} {b95:9.2f}")
    print(f"{'ALL (' + str(len(all_search)) + ' requests)':32} {'':>6} "
          f"{pct(all_search, 50):8.1f} {pct(all_search, 95):8.1f} "
          f"{pct(all_bare, 50):9.2f} {pct(all_bare, 95):9.2f}")
    print()
    print(f"{'other cases':44} {'p50 ms':>8} {'p95 ms':>8}")
    for label, times in other:
        print(f"{label:44} {pct(times, 50):8.1f} {pct(times, 95):8.1f}")


# Cases outside the headline figure that once took another path through the search: a typo
# (a word PostgreSQL has no statistics for), a common word newest first, a rare word in old
# posts only, and the same searches as an editor and as a visitor.
OTHER_CASES = [
    ("member", {"q": "noodverordenign"}), ("member", {"q": "gemeenten", "sorteer": "nieuwste"}),
    ("member", {"q": "gemeente politie"}), ("member", {"q": "-gemeente"}),
    ("editor", {"q": "gemeenten"}), ("editor", {"q": "noodverordenign"}),
    ("visitor", {"q": "gemeenten"}),
    # Searches within few threads: a guest (only their own working group, 5% of all
    # threads), and a member filtering on one group.
    ("guest", {"q": "gemeenten"}), ("guest", {"q": "gemeente politie"}),
    ("member", {"q": "noodverordening", "groep": "bench-groep-1"}),
]


def bench_guest():
    from community.models import GroupPage, Membership, User

    guest, _ = User.objects.get_or_create(
        email="gast.bench@minjenv.nl",
        defaults={"username": "gast.bench@minjenv.nl", "kind": User.Kind.GUEST})
    Membership.objects.get_or_create(user=guest, group=GroupPage.objects.get(slug="bench-groep-3"))
    return guest


def measure_other_cases(timed_as):
    from community.models import GroupPage

    for _who, params in OTHER_CASES:  # groups are named by slug above
        if "groep" in params:
            params["groep"] = GroupPage.objects.get(slug=params["groep"]).pk
    return [
        (f"{who}: " + " ".join(f"{k}={v}" for k, v in params.items()),
         [timed_as(who, params) for _ in range(REPEAT)])
        for who, params in OTHER_CASES
    ]


def pct(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main():
    if "--rebuild" in sys.argv and database_exists():
        sh("dropdb", "-h", "127.0.0.1", "-U", "postgres", "oov_bench6")
    fresh = not database_exists()
    if fresh:
        sh("createdb", "-h", "127.0.0.1", "-U", "postgres", "oov_bench6")
    setup_django()
    from community.models import Post

    start = time.perf_counter()
    if fresh or Post.objects.count() < N_POSTS:
        print("Building the bench database ...", flush=True)
        build()
        print(f"Built in {time.perf_counter() - start:.0f}s", flush=True)
    from django.db import connection

    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM community_post")
        posts = c.fetchone()[0]
        c.execute("SELECT count(*) FROM knowledgebase_articlepage")
        articles = c.fetchone()[0]
    print(f"Database: {posts} posts, {articles} articles; {REPEAT} requests per query.")
    measure()
    _ = statistics  # (kept for readers who want means)


if __name__ == "__main__":
    main()
