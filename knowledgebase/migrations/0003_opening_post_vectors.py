"""Opening posts' search vectors carry their thread's title (knowledgebase.search_index now
fills them so on every insert and title change); this fills them once for the posts that
exist. PostgreSQL only: SQLite has no vectors."""

from django.db import migrations


def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("""
        UPDATE community_post p
        SET search_vector = setweight(to_tsvector('dutch'::regconfig, coalesce(t.title, '')), 'A')
                            || to_tsvector('dutch'::regconfig, coalesce(p.body, ''))
        FROM community_thread t
        WHERE t.id = p.thread_id AND p.is_opening
    """)


class Migration(migrations.Migration):

    dependencies = [
        ('knowledgebase', '0002_documents_outside_media'),
        ('community', '0006_dutch_field_names'),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
