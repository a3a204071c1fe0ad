"""The database-specific full-text index over ``SearchDocument.title_terms``/``body_terms``.

SQLite: an FTS5 table with the documents as external content, kept in step by triggers.
(Django rebuilds a SQLite table for most later ``AlterField``/``AddField`` migrations and
drops its triggers on the way: a migration that changes ``SearchDocument`` must re-create
them; ``tests/search/test_index.py`` checks that they exist.)

PostgreSQL: stored, generated ``tsvector`` columns with GIN indexes (title and body for
matching, the title alone for ranking title hits first), the ``pg_trgm`` extension with a
trigram index over the known terms (typos), and ``unaccent``. Each operation is a no-op on
the other database.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class RunSQLOn(migrations.RunSQL):
    """RunSQL for one database vendor only."""

    def __init__(self, vendor, sql, reverse_sql):
        super().__init__(sql, reverse_sql)
        self.vendor = vendor

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, args, {"vendor": self.vendor, **kwargs}

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


SQLITE_FTS = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
           title_terms, body_terms,
           content='search_searchdocument', content_rowid='id', tokenize='unicode61'
       )""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
           INSERT INTO search_fts(rowid, title_terms, body_terms)
           VALUES (new.id, new.title_terms, new.body_terms);
       END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
           INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms)
           VALUES ('delete', old.id, old.title_terms, old.body_terms);
       END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE OF title_terms, body_terms ON search_searchdocument
       BEGIN
           INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms)
           VALUES ('delete', old.id, old.title_terms, old.body_terms);
           INSERT INTO search_fts(rowid, title_terms, body_terms)
           VALUES (new.id, new.title_terms, new.body_terms);
       END""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_FTS_REVERSE = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRES_FTS = [
    """ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector
       GENERATED ALWAYS AS (
           to_tsvector('simple'::regconfig, title_terms) || to_tsvector('simple'::regconfig, body_terms)
       ) STORED""",
    """ALTER TABLE search_searchdocument ADD COLUMN title_vector tsvector
       GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title_terms)) STORED""",
    # fastupdate off: texts change rarely, and a long pending list slows every search.
    """CREATE INDEX search_document_vector ON search_searchdocument
       USING gin (search_vector) WITH (fastupdate = off)""",
    """CREATE INDEX search_document_title_vector ON search_searchdocument
       USING gin (title_vector) WITH (fastupdate = off)""",
    "CREATE INDEX search_term_trigram ON search_searchterm USING gin (term gin_trgm_ops)",
]
POSTGRES_FTS_REVERSE = [
    "DROP INDEX IF EXISTS search_term_trigram",
    "DROP INDEX IF EXISTS search_document_title_vector",
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS title_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
]


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        RunSQLOn("sqlite", SQLITE_FTS, SQLITE_FTS_REVERSE),
        RunSQLOn("postgresql", POSTGRES_FTS, POSTGRES_FTS_REVERSE),
    ]
