"""One search over pages, knowledge articles, documents, threads and replies.

Order of work, so that nothing closed leaks: (1) narrow every kind to what the user may see
(community.access, Wagtail's live flag and page privacy, collection audiences) inside the
query itself; (2) match and rank only within that; (3) count; (4) paginate; (5) build
excerpts only for the rows on the page shown, from their own text.

PostgreSQL: Wagtail's database backend (Dutch config) for pages and documents, and stored
tsvectors with a GIN index (knowledgebase.search_index) for threads and posts, queried with
websearch_to_tsquery('dutch', ...) — stemming, "quoted phrases", -exclusion. SQLite (tests):
Wagtail's fallback for pages/documents and case-insensitive term matching for discussions.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, time

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import CharField, F, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction

from community import access
from community.models import GroupPage, Post, Thread
from community.sanitise import to_text
from home.models import NewsPage

from .models import ArticlePage, TopicPage, visible_collection_ids

KIND_PAGE = "pagina"
KIND_ARTICLE = "artikel"
KIND_DOCUMENT = "document"
KIND_THREAD = "discussie"
KIND_POST = "reactie"
KINDS = [KIND_ARTICLE, KIND_PAGE, KIND_DOCUMENT, KIND_THREAD, KIND_POST]

# Per kind, at most this many matches take part in the merged ranking (and are counted).
CANDIDATES_PER_KIND = 200
EXCERPT_CHARS = 240
# Threads and posts are searched newest first in id windows (see _newest_matches).
FIRST_WINDOW = 10_000
WINDOW_GROWTH = 4
SPARSE_PROBE = 1_000
# A search within at most this many threads (a group filter, a topic, a guest's own groups)
# is read from those threads' side in one query instead of in id windows.
NARROW_THREADS = 5_000


@dataclass
class Hit:
    kind: str
    obj: object
    score: float
    date: datetime | None
    title: str = ""
    url: str = ""
    excerpt: str = ""
    context: str = ""
    extra: dict = field(default_factory=dict)


def is_postgres():
    return connection.vendor == "postgresql"


_QUOTES = str.maketrans({"\u201e": '"', "\u201c": '"', "\u201d": '"', "\u201f": '"'})


def normalise_query(q):
    """The query as both back ends read it alike: typographic quotes („…”, “…”) as plain
    ones, and an unmatched quote dropped (Wagtail's SQLite search fails on one)."""
    q = (q or "").translate(_QUOTES).strip()
    if q.count('"') % 2:
        at = q.rfind('"')
        q = (q[:at] + " " + q[at + 1:]).strip()
    # An "or" with nothing on one side joins nothing (PostgreSQL would then find nothing).
    q = re.sub(r"^(?:or(?:\s+|$))+|(?:(?:^|\s+)or)+$", "", q, flags=re.IGNORECASE).strip()
    return q


def query_terms(q):
    """Words and "quoted phrases" of the query, for SQLite matching and for marking."""
    # (a phrase with a minus in front is one to leave out, like such a word)
    terms = [p.strip() for minus, p in re.findall(r'(-?)"([^"]+)"', q) if not minus]
    rest = re.sub(r'-?"[^"]*"', " ", q)
    terms += [w for w in re.findall(r"[\w\-]+", rest) if not w.startswith("-") and w.lower() != "or"]
    return [t for t in terms if len(t) >= 2]


# --- Step 1: what the user may see ------------------------------------------------------


def _hidden_page_q(user):
    """A Q for the pages the user may not open: unpublished, the tree root, below a view
    restriction the user does not pass, articles for an audience the user is not in, and
    groups the overview does not list to them (guests: all but their own). No column in it
    can be NULL, so filter(q) and exclude(q) split the page table exactly in two."""
    hidden = Q(live=False) | Q(depth__lte=1)
    for restriction in PageViewRestriction.objects.select_related("page").prefetch_related(
        "groups"
    ):
        if not access.passes_view_restrictions(user, [restriction]):
            hidden |= Q(path__startswith=restriction.page.path)
    if not access.is_editor(user):  # (editors read every audience)
        closed = ArticlePage.objects.exclude(access.audience_q(user, materialise=True))
        hidden |= Q(pk__in=closed.values("pk"))
    listed = access.filter_listed_groups(user, GroupPage.objects.all()).values("pk")
    hidden |= Q(pk__in=GroupPage.objects.exclude(pk__in=listed).values("pk"))
    return hidden


def visible_pages(user):
    """Live pages that the user may open: Wagtail privacy respected, articles by audience,
    group pages as the group overview lists them (guests: only their own)."""
    return Page.objects.exclude(_hidden_page_q(user))


def hidden_pages(user):
    """The ids of every page that visible_pages(user) leaves out (unpublished, private,
    closed articles and groups, the tree root): by construction its exact complement."""
    return Page.objects.filter(_hidden_page_q(user)).values_list("pk", flat=True)


def visible_documents(user):
    return get_document_model().objects.filter(collection_id__in=visible_collection_ids(user))


# --- Step 2/3: match and rank within the visible part -------------------------------------


def _wagtail_hits(model, ids, q, kind, date_attr):
    """Pages and documents through Wagtail's search(), among the visible ids only (the
    SQLite path; PostgreSQL uses _index_hits)."""
    qs = model.objects.filter(pk__in=ids)
    # Only the words to find go to Wagtail's SQLite search, which finds no page by a quoted
    # phrase and fails on a stray quote: phrases as their words, words to exclude left out
    # (only PostgreSQL applies both).
    q = " ".join(query_terms(q))
    results = qs.search(q, operator="and", order_by_relevance=True).annotate_score("_score")
    results = list(results[:CANDIDATES_PER_KIND])
    hits = []
    top = max((r._score or 0 for r in results), default=0) or 1
    for position, obj in enumerate(results):
        score = (obj._score or 0) / top if obj._score else 1 / (1 + position)
        hits.append(Hit(kind=kind, obj=obj.pk, score=score,
                        date=_as_datetime(getattr(obj, date_attr)),
                        extra={"content_type": getattr(obj, "content_type_id", None)}))
    return hits


def _content_type_ids(model):
    if issubclass(model, Page):
        from wagtail.models import get_page_models

        models_ = [m for m in get_page_models() if issubclass(m, model)]
    else:
        models_ = [model]
    return [ct.pk for ct in ContentType.objects.get_for_models(*models_).values()]


def _index_hits(user, q, want, topic=None):
    """PostgreSQL: articles, other pages and documents matched and ranked in Wagtail's index
    table in one query, at most CANDIDATES_PER_KIND per kind, with each hit's date.

    Visibility comes first, inside the query: pages are every page of their kinds except
    those hidden_pages(user) names (the exact complement of visible_pages, a short list,
    compiled in as a subquery), documents only those in a collection the user may see.
    (Wagtail's own query joins the index to the page table on a text cast, which
    PostgreSQL plans badly; this one reads the index table once.) Title and body are matched
    as one text: words split between them are found, and a word to leave out is left out
    when it is in either."""
    article_types = _content_type_ids(ArticlePage)
    page_types = [pk for pk in _content_type_ids(Page) if pk not in article_types]
    document_model = get_document_model()
    document_types = _content_type_ids(document_model)
    types = (article_types if KIND_ARTICLE in want else []) + (
        page_types if KIND_PAGE in want else [])
    hidden_sql, hidden_params = _as_text_ids(Page.objects.filter(_hidden_page_q(user)))
    # (NOT IN over a subquery: PostgreSQL hashes its rows once; the ids are never NULL.)
    pages = "e.content_type_id = ANY(%s) AND e.object_id NOT IN (" + hidden_sql + ")"
    params = [types, *hidden_params]
    if topic is not None:  # only articles and theme pages on the topic
        pages += " AND e.object_id = ANY(%s::varchar[])"
        params.append([str(pk) for pk in ArticlePage.objects.filter(topic=topic)
                       .values_list("pk", flat=True).union(
                           TopicPage.objects.filter(topic=topic).values_list("pk", flat=True))])
    visible = [f"({pages})"]
    collections = visible_collection_ids(user)
    if KIND_DOCUMENT in want and collections:
        documents_sql, documents_params = _as_text_ids(
            document_model.objects.filter(collection_id__in=collections))
        visible.append("(e.content_type_id = ANY(%s) AND e.object_id IN ("
                       + documents_sql + "))")
        params += [document_types, *documents_params]
    table = document_model._meta.db_table
    sql = f"""
        WITH ranked AS (
            SELECT kind, object_id, content_type_id, score,
                   row_number() OVER (PARTITION BY kind ORDER BY score DESC, id DESC) AS n
            FROM (
                SELECT e.id, e.object_id, e.content_type_id,
                       CASE WHEN e.content_type_id = ANY(%s) THEN %s
                            WHEN e.content_type_id = ANY(%s) THEN %s
                            ELSE %s END AS kind,
                       ts_rank(e.title, query) * 2 + ts_rank(e.body, query) AS score
                FROM wagtailsearch_indexentry e,
                     websearch_to_tsquery('dutch'::regconfig, %s) AS query
                WHERE (e.title || e.body) @@ query AND ({" OR ".join(visible)})
            ) matched
        )
        SELECT r.kind, r.object_id::integer, r.content_type_id, r.score,
               COALESCE(a.date::timestamp AT TIME ZONE %s, nw.date::timestamp AT TIME ZONE %s,
                        p.last_published_at, d.created_at)
        FROM ranked r
        LEFT JOIN wagtailcore_page p ON r.kind <> %s AND p.id = r.object_id::integer
        LEFT JOIN knowledgebase_articlepage a ON a.page_ptr_id = p.id
        LEFT JOIN {NewsPage._meta.db_table} nw ON nw.page_ptr_id = p.id
        LEFT JOIN {table} d ON r.kind = %s AND d.id = r.object_id::integer
        WHERE r.n <= %s AND (p.id IS NOT NULL OR d.id IS NOT NULL)
        ORDER BY r.kind, r.score DESC, r.object_id
    """
    params = [article_types, KIND_ARTICLE, document_types, KIND_DOCUMENT, KIND_PAGE, q,
              *params, timezone.get_current_timezone_name(),
              timezone.get_current_timezone_name(), KIND_DOCUMENT, KIND_DOCUMENT,
              CANDIDATES_PER_KIND]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    per_kind = {}
    for kind, *row in rows:  # (an index entry left behind by a deleted page has no row in
        per_kind.setdefault(kind, []).append(row)  # the page table: dropped above)
    hits = {}
    for kind, found in per_kind.items():
        top = max((score or 0 for _pk, _type, score, _date in found), default=0) or 1
        hits[kind] = [Hit(kind=kind, obj=pk, score=(score or 0) / top, date=date,
                          extra={"content_type": content_type})
                      for pk, content_type, score, date in found]
    return hits


def _as_text_ids(qs):
    """SQL and parameters of a subquery giving the ids of qs as text (the index table's
    object_id is text)."""
    return qs.annotate(key=Cast("pk", CharField())).values("key").query.sql_with_params()


def _as_datetime(value):
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, time.min))


def _text_filter(field_name, q, opening_title=False):
    """SQLite: every word (or phrase) must begin a word of the text ("wij" finds "wij" and
    "wijk", not "verwijt"); with opening_title, an opening post's text includes its thread's
    title (as its PostgreSQL vector does)."""
    terms = query_terms(q)
    cond = Q()
    for term in terms:
        pattern = r"(^|[^\w-])" + re.escape(term)
        term_q = Q(**{f"{field_name}__iregex": pattern})
        if opening_title:
            term_q |= Q(is_opening=True, thread__title__iregex=pattern)
        cond &= term_q
    return cond if terms else Q(pk__in=[])


def _newest_matches(qs, query, limit, date_field, rank, extra=(), narrow=False):
    """The newest `limit` rows of qs (already narrowed to what the user may see) that match,
    as (pk, score, date, (extra values)). Walks id windows downwards, the first FIRST_WINDOW
    ids wide and each next one WINDOW_GROWTH times wider: in each, matching, visibility and
    (for relevance) scoring are done in the database, newest first. A common word is
    satisfied by the first window, read along the primary key; a rare word costs a few GIN
    index lookups. (One query over the whole table lets PostgreSQL guess: for a word it has
    no statistics for, it walks the whole table backwards.)"""
    model = qs.model
    fields = ["pk", date_field, *extra] + (["_score"] if rank else [])

    def row_of(values):
        pk, date, *rest = values
        score = rest.pop() if rank else None
        return pk, score, date, tuple(rest)

    try:  # nothing visible at all (a visitor and discussions): nothing to walk through
        qs.query.get_compiler(qs.db).as_sql()
    except EmptyResultSet:
        return []
    if narrow:  # few threads in scope: all their matches, newest first, in one query
        # ("pk + 0", which no index gives, keeps PostgreSQL from walking the whole table
        # backwards along the primary key to find the scope's rows.)
        matching = qs.filter(search_vector=query)
        if rank:
            matching = matching.annotate(_score=SearchRank(F("search_vector"), query))
        return [row_of(values) for values in matching.order_by((F("pk") + 0).desc())
                .values_list(*fields)[:limit]]

    # The first window, the newest FIRST_WINDOW ids, is bounded inside its own query; only
    # when it does not hold enough matches are the further windows asked for.
    table = connection.ops.quote_name(model._meta.db_table)
    pk_column = connection.ops.quote_name(model._meta.pk.column)
    low = RawSQL(f"(SELECT COALESCE(MAX({pk_column}), 0) FROM {table}) - %s", (FIRST_WINDOW,))
    first = qs.filter(search_vector=query).annotate(_low=low).filter(pk__gt=F("_low"))
    if rank:
        first = first.annotate(_score=SearchRank(F("search_vector"), query))
    rows, high = [], None
    for *values, window_low in first.order_by("-pk").values_list(*fields, "_low")[:limit]:
        rows.append(row_of(values))
        high = window_low
    if len(rows) >= limit:
        return rows
    if high is None:  # nothing in the first window: where did it end?
        top = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        high = top - FIRST_WINDOW
    # The further windows are reached only by a word that is rare among the newest rows.
    # Where the matches seen so far promise enough in the next window, it is read newest
    # first along the primary key, and the LIMIT stops the walk early. Otherwise it is first
    # asked, from the word's GIN index and in no order, for at most SPARSE_PROBE matching
    # ids: when that is all of them, only those ids are checked for visibility and ranked (a
    # few index lookups). (Told to find the newest matches of a word it has no statistics
    # for, such as a typo, PostgreSQL guesses that one row in two hundred matches and walks
    # the whole window backwards testing every row, and it joins the visibility rule by
    # hashing every visible thread.)
    covered, width = FIRST_WINDOW, FIRST_WINDOW * WINDOW_GROWTH
    while high > 0 and len(rows) < limit:
        low = high - width
        in_window = Q(search_vector=query, pk__gt=low, pk__lte=high)
        if len(rows) * width >= (limit - len(rows)) * covered:  # dense enough
            window = qs.filter(in_window)
        else:
            ids = list(model._base_manager.filter(in_window).values_list("pk", flat=True)[
                : SPARSE_PROBE + 1])
            window = qs.filter(pk__in=ids) if len(ids) <= SPARSE_PROBE else qs.filter(in_window)
        if rank:
            window = window.annotate(_score=SearchRank(F("search_vector"), query))
        window = window.order_by("-pk").values_list(*fields)[: limit - len(rows)]
        rows += [row_of(values) for values in window]
        high, covered, width = low, covered + width, width * WINDOW_GROWTH
    return rows


def _discussion_hits(qs, q, kind, newest, text_field, date_field, extra=(), narrow=False):
    """Only (pk, score, date) per candidate, and the `extra` fields in hit.extra: the rows
    themselves are loaded in decorate(), for the page of results shown. Relevance ranks the
    newest CANDIDATES_PER_KIND visible matches (in a discussion, recent answers matter most;
    a word found in a third of all posts would otherwise make PostgreSQL score every one of
    them)."""
    if is_postgres():
        query = SearchQuery(q, search_type="websearch", config="dutch")
        rows = _newest_matches(qs, query, CANDIDATES_PER_KIND, date_field, rank=not newest,
                               extra=extra, narrow=narrow)
        if newest:
            rows.sort(key=lambda row: (row[2], row[0]), reverse=True)
        else:
            rows.sort(key=lambda row: (row[1] or 0, row[0]), reverse=True)
    else:
        rows = qs.filter(_text_filter(text_field, q, opening_title=qs.model is Post)).order_by(
            f"-{date_field}", "-pk")
        rows = [(pk, None, date, tuple(rest)) for pk, date, *rest in rows.values_list(
            "pk", date_field, *extra)[:CANDIDATES_PER_KIND]]
    top = max((score or 0 for _pk, score, _date, _extra in rows), default=0) or 1
    return [
        Hit(kind=kind, obj=pk, score=(score or top / (1 + i)) / top, date=date,
            extra=dict(zip(extra, values, strict=True)))
        for i, (pk, score, date, values) in enumerate(rows)
    ]


def search(user, q, *, kind=None, topic=None, group=None, newest=False):
    """Returns (hits, counts): hits merged and ordered (relevance or newest first), counts per
    kind. Both only ever contain what the user may see."""
    q = normalise_query(q)
    counts = dict.fromkeys(KINDS, 0)
    if not q:
        return [], counts
    per_kind = {}

    # Topic and group filters narrow the kinds that carry a topic or a group.
    want = set(KINDS)
    if topic is not None:
        want &= {KIND_ARTICLE, KIND_PAGE, KIND_THREAD, KIND_POST}
    if group is not None:
        want &= {KIND_THREAD, KIND_POST}

    if is_postgres() and want & {KIND_ARTICLE, KIND_PAGE, KIND_DOCUMENT}:
        per_kind.update(_index_hits(user, q, want, topic))
        for name in want & {KIND_ARTICLE, KIND_PAGE, KIND_DOCUMENT}:
            per_kind.setdefault(name, [])
    elif want & {KIND_ARTICLE, KIND_PAGE, KIND_DOCUMENT}:  # (SQLite: Wagtail's fallback)
        # One query for every visible page id; articles and other pages split by type.
        article_types = set(_content_type_ids(ArticlePage))
        article_ids, page_ids = [], []
        for pk, content_type in visible_pages(user).values_list("pk", "content_type_id"):
            (article_ids if content_type in article_types else page_ids).append(pk)
        if topic is not None:
            on_topic = set(ArticlePage.objects.filter(topic=topic).values_list("pk", flat=True))
            article_ids = [pk for pk in article_ids if pk in on_topic]
            on_topic = set(TopicPage.objects.filter(topic=topic).values_list("pk", flat=True))
            page_ids = [pk for pk in page_ids if pk in on_topic]
        if KIND_ARTICLE in want:
            per_kind[KIND_ARTICLE] = _wagtail_hits(ArticlePage, article_ids, q, KIND_ARTICLE,
                                                   "date")
        if KIND_PAGE in want:
            per_kind[KIND_PAGE] = _wagtail_hits(Page, page_ids, q, KIND_PAGE,
                                                "last_published_at")
            news_dates = dict(NewsPage.objects.filter(
                pk__in=[hit.obj for hit in per_kind[KIND_PAGE]]).values_list("pk", "date"))
            for hit in per_kind[KIND_PAGE]:  # (news is dated by its own date)
                if hit.obj in news_dates:
                    hit.date = _as_datetime(news_dates[hit.obj])
        if KIND_DOCUMENT in want:
            documents = visible_documents(user)
            per_kind[KIND_DOCUMENT] = _wagtail_hits(
                documents.model, list(documents.values_list("pk", flat=True)), q,
                KIND_DOCUMENT, "created_at")
    if KIND_THREAD in want or KIND_POST in want:
        threads = access.filter_visible(user, Thread.objects.all(), materialise=True)
        posts = access.filter_visible(user, Post.objects.all(), materialise=True)
        if topic is not None:
            threads = threads.filter(topic=topic)
            posts = posts.filter(thread__topic=topic)
        if group is not None:
            threads = threads.filter(group=group)
            posts = posts.filter(thread__group=group)
        # A group or topic filter, or a guest's own working groups, may leave few threads:
        # then they are searched from their side (see _newest_matches).
        narrow = is_postgres() and (
            group is not None or topic is not None or access.is_guest(user)
        ) and threads.values("pk")[: NARROW_THREADS + 1].count() <= NARROW_THREADS
        if KIND_THREAD in want:
            per_kind[KIND_THREAD] = _discussion_hits(
                threads, q, KIND_THREAD, newest, "title", "last_activity_at", narrow=narrow)
        if KIND_POST in want:
            per_kind[KIND_POST] = _discussion_hits(
                posts, q, KIND_POST, newest, "body", "created_at",
                extra=("thread_id", "is_opening"), narrow=narrow)

    # An opening post is its thread's question, not a "reactie": a match in it is a match of
    # the thread (one result, its excerpt showing the opening post), whether or not the
    # title matched too.
    if per_kind.get(KIND_POST):
        thread_hits = per_kind.setdefault(KIND_THREAD, [])
        threads_found = {hit.obj for hit in thread_hits}
        replies = []
        for hit in per_kind[KIND_POST]:
            if not hit.extra["is_opening"]:
                replies.append(hit)
            elif hit.extra["thread_id"] not in threads_found and KIND_THREAD in want:
                threads_found.add(hit.extra["thread_id"])
                thread_hits.append(Hit(kind=KIND_THREAD, obj=hit.extra["thread_id"],
                                       score=hit.score, date=hit.date))
        per_kind[KIND_POST] = replies
        for name in (KIND_THREAD, KIND_POST):  # each kind's best is 1 again, as for the others
            top = max((hit.score for hit in per_kind[name]), default=0)
            if top > 0:
                for hit in per_kind[name]:
                    hit.score /= top

    for name, hits in per_kind.items():
        counts[name] = len(hits)
    hits = per_kind.get(kind, []) if kind in KINDS else [h for v in per_kind.values() for h in v]
    epoch = timezone.make_aware(datetime(1970, 1, 1))
    if newest:
        hits.sort(key=lambda h: (h.date or epoch), reverse=True)
    else:
        hits.sort(key=lambda h: (-h.score, -(h.date or epoch).timestamp()))
    return hits, counts


# --- Step 5: excerpts for the page of results shown ---------------------------------------


def _stem_prefix(term):
    term = term.lower()
    return term if len(term) <= 4 else term[: max(4, len(term) - 2)]


def highlight(text, q, limit=EXCERPT_CHARS):
    """The excerpt is cut around the first match; the matches are found in the plain text
    and every piece, marked or not, is HTML-escaped on its own (so no search word can reach
    into an escaped character)."""
    text = " ".join((text or "").split())
    terms = query_terms(q)
    prefixes = sorted({_stem_prefix(t) for t in terms}, key=len, reverse=True)
    # A word is marked when it begins with a (stemmed) search word: "gemeenten" marks
    # "gemeente", but "de" does not mark "onder".
    pattern = re.compile(
        r"(?<![\w\-])(?:" + "|".join(re.escape(p) for p in prefixes) + r")[\w\-]*",
        re.IGNORECASE) if prefixes else None
    start = 0
    first = pattern.search(text) if pattern else None
    if first:
        start = max(0, first.start() - limit // 3)
        if start > 0:  # begin at a word, not halfway through one
            space = text.find(" ", start - 1, first.start())
            start = space + 1 if space >= 0 else start
    end = min(len(text), start + limit)
    if end < len(text):  # and end after a whole word
        space = text.rfind(" ", start, end + 1)
        end = space if space > start else end
    snippet = text[start:end]
    prefix_dots = "… " if start > 0 else ""
    suffix_dots = " …" if end < len(text) else ""
    if pattern:  # marked in the plain text; every piece escaped on its own
        pieces, at = [], 0
        for match in pattern.finditer(snippet):
            pieces += [escape(snippet[at:match.start()]),
                       "<mark>", escape(match.group(0)), "</mark>"]
            at = match.end()
        escaped = "".join(pieces) + escape(snippet[at:])
    else:
        escaped = escape(snippet)
    return mark_safe(prefix_dots + escaped + suffix_dots)


def _page_text(page):
    parts = [page.search_description]
    for name in ("intro", "lead", "introduction", "description"):
        value = getattr(page, name, "")
        if value:
            parts.append(to_text(str(value)))
    body = getattr(page, "body", None)
    if body is not None:
        if hasattr(body, "raw_data"):
            parts.append(to_text(" ".join(_stream_text(list(body.raw_data)))))
        else:
            parts.append(to_text(str(body)))
    return " — ".join(p for p in parts if p)


def _stream_text(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in ("id", "type"):
                yield from _stream_text(value)
    elif isinstance(data, (list, tuple)):
        for value in data:
            yield from _stream_text(value)


def decorate(user, hits, q, request=None):
    """Load and fill title, url, context and excerpt for the hits on the page shown (at most
    a few dozen), in a handful of queries, checking each against the access module again.
    With the request, page URLs share one lookup of the site root paths."""
    thread_ids = {h.obj for h in hits if h.kind == KIND_THREAD}
    post_ids = [h.obj for h in hits if h.kind == KIND_POST]
    # The replies found and the opening posts of the threads found, with their threads, in
    # one query; a thread without an opening post row (never expected) is loaded alone.
    posts, openings, threads = {}, {}, {}
    if thread_ids or post_ids:
        for post in Post.objects.select_related("thread__folder").filter(
            Q(pk__in=post_ids) | Q(thread_id__in=thread_ids, is_opening=True)
        ):
            if post.pk in post_ids:
                posts[post.pk] = post
            if post.is_opening and post.thread_id in thread_ids:
                openings[post.thread_id] = post
                threads[post.thread_id] = post.thread
    missing = thread_ids - threads.keys()
    if missing:
        threads.update(Thread.objects.select_related("folder").in_bulk(missing))
    # The few groups behind them loaded once, each with its URL worked out once.
    discussed = list(threads.values()) + [post.thread for post in posts.values()]
    groups = GroupPage.objects.in_bulk({thread.group_id for thread in discussed})
    group_urls = {pk: group.get_url(request) for pk, group in groups.items()}
    for thread in discussed:
        thread.group = groups[thread.group_id]
    # Pages as their own type, one query per type (the hits know it), articles with their
    # topic.
    by_type = {}
    for hit in hits:
        if hit.kind in (KIND_PAGE, KIND_ARTICLE):
            by_type.setdefault(hit.extra.get("content_type"), []).append(hit.obj)
    pages = {}
    for content_type, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type).model_class() if content_type else None
        if model is None or not issubclass(model, Page):  # (type unknown: Wagtail finds it)
            pages.update((p.pk, p) for p in Page.objects.filter(pk__in=ids).specific())
            continue
        qs = model.objects.all()
        if issubclass(model, ArticlePage):
            qs = qs.select_related("topic")
        pages.update(qs.in_bulk(ids))
    documents = get_document_model().objects.in_bulk(
        [h.obj for h in hits if h.kind == KIND_DOCUMENT])
    for hit in hits:
        if hit.kind in (KIND_PAGE, KIND_ARTICLE):
            page = pages[hit.obj]
            hit.title = page.title
            hit.url = page.get_url(request)
            hit.excerpt = highlight(_page_text(page), q)
            if isinstance(page, ArticlePage):
                hit.context = page.topic.name if page.topic_id else ""
            else:  # which kind of page: a group, a theme
                hit.context = capfirst(page._meta.verbose_name)
        elif hit.kind == KIND_DOCUMENT:
            document = documents[hit.obj]
            hit.title = document.title
            hit.url = document.url
            hit.excerpt = highlight(document.description or document.filename, q)
        elif hit.kind == KIND_THREAD:
            thread = threads[hit.obj]
            access.check_view(user, thread)
            hit.title = thread.title
            hit.url = thread.get_url(group_url=group_urls[thread.group_id])
            hit.context = thread.group.title
            opening = openings.get(thread.pk)
            body = (to_text(opening.body)
                    if opening and access.can_read_post_body(user, opening) else "")
            hit.excerpt = highlight(" — ".join(p for p in (thread.title, body) if p), q)
        elif hit.kind == KIND_POST:
            post = posts[hit.obj]
            access.check_view(user, post)
            hit.title = post.thread.title
            hit.url = post.get_url(group_url=group_urls[post.thread.group_id])
            hit.context = post.thread.group.title
            hit.excerpt = highlight(to_text(post.body), q)
    return hits
