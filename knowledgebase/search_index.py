"""PostgreSQL full-text vectors for threads and posts (Dutch configuration).

A trigger keeps community_thread.search_vector and community_post.search_vector filled on
every insert or update (bulk inserts included); a GIN index makes the match fast. Created
idempotently after each migrate; nothing happens on SQLite, where search falls back to
case-insensitive matching."""

from django.db import connection

SQL = [
    """
    CREATE OR REPLACE FUNCTION oov_thread_search_vector() RETURNS trigger AS $$
    BEGIN
      NEW.search_vector := to_tsvector('dutch'::regconfig, coalesce(NEW.title, ''));
      RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    # An opening post carries its thread's title too (weighted as a title), so that a thread
    # is found by words split between its title and its question.
    """
    CREATE OR REPLACE FUNCTION oov_post_search_vector() RETURNS trigger AS $$
    BEGIN
      IF NEW.is_opening THEN
        NEW.search_vector := setweight(to_tsvector('dutch'::regconfig, coalesce(
            (SELECT title FROM community_thread WHERE id = NEW.thread_id), '')), 'A')
          || to_tsvector('dutch'::regconfig, coalesce(NEW.body, ''));
      ELSE
        NEW.search_vector := to_tsvector('dutch'::regconfig, coalesce(NEW.body, ''));
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE OR REPLACE FUNCTION oov_thread_title_to_opening_post() RETURNS trigger AS $$
    BEGIN
      IF NEW.title IS DISTINCT FROM OLD.title THEN
        UPDATE community_post SET body = body WHERE thread_id = NEW.id AND is_opening;
      END IF;
      RETURN NULL;
    END $$ LANGUAGE plpgsql
    """,
    "DROP TRIGGER IF EXISTS oov_thread_title_to_opening_post ON community_thread",
    """
    CREATE TRIGGER oov_thread_title_to_opening_post AFTER UPDATE OF title
    ON community_thread FOR EACH ROW EXECUTE FUNCTION oov_thread_title_to_opening_post()
    """,
    "DROP TRIGGER IF EXISTS oov_thread_search_vector ON community_thread",
    """
    CREATE TRIGGER oov_thread_search_vector BEFORE INSERT OR UPDATE OF title
    ON community_thread FOR EACH ROW EXECUTE FUNCTION oov_thread_search_vector()
    """,
    "DROP TRIGGER IF EXISTS oov_post_search_vector ON community_post",
    """
    CREATE TRIGGER oov_post_search_vector BEFORE INSERT OR UPDATE OF body
    ON community_post FOR EACH ROW EXECUTE FUNCTION oov_post_search_vector()
    """,
    "CREATE INDEX IF NOT EXISTS community_thread_search_gin ON community_thread "
    "USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS community_post_search_gin ON community_post "
    "USING gin (search_vector)",
    "UPDATE community_thread SET search_vector = to_tsvector('dutch'::regconfig, "
    "coalesce(title, '')) WHERE search_vector IS NULL",
    "UPDATE community_post SET search_vector = to_tsvector('dutch'::regconfig, "
    "coalesce(body, '')) WHERE search_vector IS NULL",
]


def install(using="default", **kwargs):
    from django.db import connections

    conn = connections[using] if using else connection
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = 'community_post' "
            "AND column_name = 'search_vector'"
        )
        if cursor.fetchone() is None:
            return
        for statement in SQL:
            cursor.execute(statement)
