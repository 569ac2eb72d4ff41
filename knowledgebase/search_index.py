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
    """
    CREATE OR REPLACE FUNCTION oov_post_search_vector() RETURNS trigger AS $$
    BEGIN
      NEW.search_vector := to_tsvector('dutch'::regconfig, coalesce(NEW.body, ''));
      RETURN NEW;
    END $$ LANGUAGE plpgsql
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
