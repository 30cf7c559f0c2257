"""PostgreSQL: a weighted tsvector (name A, body B, 'simple' configuration over our pre-stemmed
terms) with a GIN index, ranked by ts_rank; pg_trgm's GIN index over the vocabulary."""

import uuid

from django.db import connection

from wegweiser.search.backends.base import Hit, Query


def _tsquery(query: Query) -> str:
    groups = []
    for group in query:
        alternatives = ["'" + t.replace("'", "''") + "'" + (":*" if prefix else "") for t, prefix in group]
        groups.append("(" + " | ".join(alternatives) + ")")
    return " & ".join(groups)


class PostgresBackend:
    def match(self, *, district_id: uuid.UUID, district_key: str, query: Query) -> list[Hit]:
        sql = (
            "SELECT d.offer_id, d.language, ts_rank(d.document, q), d.name_terms "
            "FROM search_searchdocument d, to_tsquery('simple', %s) q "
            "WHERE d.district_id = %s AND d.document @@ q"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [_tsquery(query), district_id])
            rows = cursor.fetchall()
        return [Hit(uuid.UUID(str(o)), lang, float(r), names) for o, lang, r, names in rows]

    def has_prefix(self, *, prefix: str) -> bool:
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM search_searchterm WHERE term LIKE %s LIMIT 1", [pattern])
            return cursor.fetchone() is not None

    def similar_words(self, *, word: str, limit: int) -> list[tuple[str, str]]:
        sql = (
            "SELECT term, stem FROM search_searchterm WHERE term %% %s "
            "ORDER BY similarity(term, %s) DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [word, word, limit])
            return [(term, stem) for term, stem in cursor.fetchall()]
