"""Database-specific search structures (see docs/search.md).

SQLite: FTS5 external-content tables over the documents and the vocabulary (trigram tokenizer),
kept in step by triggers. PostgreSQL: a generated weighted tsvector with a GIN index, pg_trgm
with a GIN trigram index over the vocabulary, and a pattern index for prefix look-ups.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        name_terms, body_terms, scope,
        content='search_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER search_doc_ai AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, name_terms, body_terms, scope)
        VALUES (new.id, new.name_terms, new.body_terms, new.scope); END""",
    """CREATE TRIGGER search_doc_ad AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, name_terms, body_terms, scope)
        VALUES ('delete', old.id, old.name_terms, old.body_terms, old.scope); END""",
    """CREATE TRIGGER search_doc_au AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, name_terms, body_terms, scope)
        VALUES ('delete', old.id, old.name_terms, old.body_terms, old.scope);
        INSERT INTO search_fts(rowid, name_terms, body_terms, scope)
        VALUES (new.id, new.name_terms, new.body_terms, new.scope); END""",
    """CREATE VIRTUAL TABLE search_term_trgm USING fts5(
        term, content='search_searchterm', content_rowid='id', tokenize='trigram')""",
    """CREATE TRIGGER search_term_ai AFTER INSERT ON search_searchterm BEGIN
        INSERT INTO search_term_trgm(rowid, term) VALUES (new.id, new.term); END""",
    """CREATE TRIGGER search_term_ad AFTER DELETE ON search_searchterm BEGIN
        INSERT INTO search_term_trgm(search_term_trgm, rowid, term) VALUES ('delete', old.id, old.term); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_term_ad",
    "DROP TRIGGER IF EXISTS search_term_ai",
    "DROP TABLE IF EXISTS search_term_trgm",
    "DROP TRIGGER IF EXISTS search_doc_au",
    "DROP TRIGGER IF EXISTS search_doc_ad",
    "DROP TRIGGER IF EXISTS search_doc_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """ALTER TABLE search_searchdocument ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', name_terms), 'A') ||
        setweight(to_tsvector('simple', body_terms), 'B')) STORED""",
    "CREATE INDEX search_doc_document_gin ON search_searchdocument USING gin (document)",
    "CREATE INDEX search_term_trgm_gin ON search_searchterm USING gin (term gin_trgm_ops)",
    "CREATE INDEX search_term_pattern ON search_searchterm (term varchar_pattern_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_term_pattern",
    "DROP INDEX IF EXISTS search_term_trgm_gin",
    "DROP INDEX IF EXISTS search_doc_document_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS document",
]


def _run(statements: dict):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
