"""SQLite: FTS5 over the documents (bm25, name weighted 10:1) and an FTS5 trigram index over
the vocabulary. Both are external-content tables kept in step by triggers (migration 0002)."""

import uuid

from django.db import connection

from wegweiser.search.backends.base import Hit, Query


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _fts_expression(district_key: str, query: Query) -> str:
    groups = []
    for group in query:
        alternatives = [_quote(t) + ("*" if prefix else "") for t, prefix in group]
        groups.append("(" + " OR ".join(alternatives) + ")")
    return f'scope : "d{district_key}" AND {{name_terms body_terms}} : ({" AND ".join(groups)})'


class SQLiteBackend:
    def match(self, *, district_id: uuid.UUID, district_key: str, query: Query) -> list[Hit]:
        sql = (
            "SELECT d.offer_id, d.language, bm25(search_fts, 10.0, 1.0, 0.0), d.name_terms "
            "FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid "
            "WHERE search_fts MATCH %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [_fts_expression(district_key, query)])
            rows = cursor.fetchall()
        return [Hit(uuid.UUID(str(o)), lang, -float(r), names) for o, lang, r, names in rows]

    def has_prefix(self, *, prefix: str) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM search_searchterm WHERE term >= %s AND term < %s LIMIT 1",
                [prefix, prefix + "\U0010ffff"],
            )
            return cursor.fetchone() is not None

    def similar_words(self, *, word: str, limit: int) -> list[tuple[str, str]]:
        trigrams = {word[i : i + 3] for i in range(len(word) - 2)}
        if not trigrams:
            return []
        expression = " OR ".join(_quote(t) for t in sorted(trigrams))
        sql = (
            "SELECT t.term, t.stem FROM search_term_trgm "
            "JOIN search_searchterm t ON t.id = search_term_trgm.rowid "
            "WHERE search_term_trgm MATCH %s ORDER BY rank LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, limit])
            return [(term, stem) for term, stem in cursor.fetchall()]
