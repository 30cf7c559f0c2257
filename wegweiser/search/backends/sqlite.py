"""SQLite: FTS5 over the documents (bm25, name weighted 10:1) and an FTS5 trigram index over
the vocabulary. Both are external-content tables kept in step by triggers (migration 0002).
A name match is the same query restricted to the ``name_terms`` column."""

# ruff: noqa: S608 - fixed SQL; ``excluded`` is compiled by the ORM; values are parameters

import json
import uuid
from collections.abc import Sequence

from django.db import connection

from wegweiser.search.backends.base import (
    NAME_MATCH_BONUS,
    SQL,
    FirstHitRow,
    Hit,
    Query,
    first_hits_split,
)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _fts_expression(district_key: str, query: Query, columns: str = "name_terms body_terms") -> str:
    groups = []
    for group in query:
        alternatives = [_quote(t) + ("*" if prefix else "") for t, prefix in group]
        groups.append("(" + " OR ".join(alternatives) + ")")
    return f'scope : "d{district_key}" AND {{{columns}}} : ({" AND ".join(groups)})'


class SQLiteBackend:
    # SQLite hands the hit rows over in-process, cheaply, and its sort by name reads every hit's
    # wide document row: measured at 100,000 offers, the directory's "Frauen" took 131 ms with
    # ``first_hits_sql`` and 113 ms with ``hit_rows_sql``. So ``first_hits_sql`` is kept
    # correct (the tests run it on both databases) but not used by default.
    cuts_first_hits = False

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

    def match_sql(self, *, district_id: uuid.UUID, district_key: str, query: Query) -> SQL:
        sql = (
            "SELECT d.offer_id FROM search_searchdocument d "
            "WHERE d.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
        )
        return sql, [_fts_expression(district_key, query)]

    def ranked_sql(self, *, district_id: uuid.UUID, district_key: str, query: Query) -> SQL:
        # bm25() may not appear inside an aggregate: score the documents in a subquery (LIMIT -1
        # keeps SQLite from flattening it into the aggregate), then keep each offer's best.
        sql = (
            "SELECT h.offer_id AS offer_id, MAX(h.score) AS rank FROM ("
            "SELECT d.offer_id AS offer_id, "
            "CASE WHEN search_fts.rowid IN (SELECT n.rowid FROM search_fts n WHERE n.search_fts MATCH %s) "
            "THEN %s ELSE 0.0 END - bm25(search_fts, 10.0, 1.0, 0.0) AS score "
            "FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid "
            "WHERE search_fts MATCH %s LIMIT -1) h GROUP BY h.offer_id"
        )
        names_only = _fts_expression(district_key, query, "name_terms")
        return sql, [names_only, NAME_MATCH_BONUS, _fts_expression(district_key, query)]

    def hit_rows_sql(
        self, *, district_id: uuid.UUID, district_key: str, query: Query, excluded: SQL | None = None
    ) -> SQL:
        leave_out = f"AND d.offer_id NOT IN ({excluded[0]}) " if excluded else ""
        sql = (
            "SELECT d.slot, "
            "CASE WHEN search_fts.rowid IN (SELECT n.rowid FROM search_fts n WHERE n.search_fts MATCH %s) "
            "THEN %s ELSE 0.0 END - bm25(search_fts, 10.0, 1.0, 0.0) "
            "FROM search_fts JOIN search_searchdocument d INDEXED BY search_doc_hit "
            "ON d.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s {leave_out}"
        )
        names_only = _fts_expression(district_key, query, "name_terms")
        params = [names_only, NAME_MATCH_BONUS, _fts_expression(district_key, query)]
        return sql, params + (list(excluded[1]) if excluded else [])

    def fetch_hit_rows(self, *, sql: SQL) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(*sql)
            return cursor.fetchall()

    def first_hits_sql(
        self,
        *,
        district_id: uuid.UUID,
        district_key: str,
        query: Query,
        limit: int,
        excluded: SQL | None = None,
    ) -> SQL:
        # One pass over the index (a materialised CTE); every slot comes back as one JSON array.
        leave_out = f"AND d.offer_id NOT IN ({excluded[0]}) " if excluded else ""
        sql = (
            "WITH h AS MATERIALIZED (SELECT d.slot AS slot, d.offer_id AS offer_id, "
            "d.sort_name AS sort_name, "
            "CASE WHEN search_fts.rowid IN (SELECT n.rowid FROM search_fts n WHERE n.search_fts MATCH %s) "
            "THEN %s ELSE 0.0 END - bm25(search_fts, 10.0, 1.0, 0.0) AS rank "
            "FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s {leave_out}) "
            "SELECT NULL, NULL, NULL, (SELECT json_group_array(slot) FROM h) "
            "UNION ALL SELECT * FROM (SELECT slot, rank, offer_id, NULL FROM h "
            "ORDER BY rank DESC, sort_name, offer_id LIMIT %s)"
        )
        names_only = _fts_expression(district_key, query, "name_terms")
        params = [names_only, NAME_MATCH_BONUS, _fts_expression(district_key, query)]
        return sql, params + (list(excluded[1]) if excluded else []) + [int(limit)]

    def fetch_first_hits(self, *, sql: SQL) -> tuple[Sequence[int], list[FirstHitRow]]:
        return first_hits_split(self.fetch_hit_rows(sql=sql), json.loads)

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
