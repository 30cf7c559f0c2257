"""PostgreSQL: a weighted tsvector (name A, body B, 'simple' configuration over our pre-stemmed
terms) with a GIN index, ranked by ts_rank; pg_trgm's GIN index over the vocabulary. A name
match is the same query restricted to weight A (the name)."""

# ruff: noqa: S608 - fixed SQL; ``excluded`` is compiled by the ORM; values are parameters

import array
import sys
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


def _tsquery(query: Query, weights: str = "") -> str:
    groups = []
    for group in query:
        alternatives = [
            "'"
            + t.replace("'", "''")
            + "'"
            + ((":*" + weights) if prefix else (":" + weights if weights else ""))
            for t, prefix in group
        ]
        groups.append("(" + " | ".join(alternatives) + ")")
    return " & ".join(groups)


# The vocabulary's words similar to a word (parameters: the word twice, how many), by pg_trgm's
# GiST index; also asked in advance with a query word's first questions (``vocabulary_probe``).
SIMILAR_WORDS = (
    "SELECT term, stem FROM search_searchterm WHERE term %% %s ORDER BY similarity(term, %s) DESC LIMIT %s"
)


def _slots(packed: bytes) -> Sequence[int]:
    """Slots sent as four bytes each, most significant first (``int4send``), as an unsigned
    array, which ``pyroaring.BitMap`` reads as one buffer."""
    slots = array.array("I")
    slots.frombytes(packed)
    if sys.byteorder == "little":
        slots.byteswap()
    return slots


class PostgresBackend:
    # Sending 30,000 hit rows costs more than ranking and cutting them in the database.
    cuts_first_hits = True

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

    def match_sql(self, *, district_id: uuid.UUID, district_key: str, query: Query) -> SQL:
        sql = (
            "SELECT d.offer_id FROM search_searchdocument d "
            "WHERE d.district_id = %s AND d.document @@ to_tsquery('simple', %s)"
        )
        return sql, [district_id, _tsquery(query)]

    def ranked_sql(self, *, district_id: uuid.UUID, district_key: str, query: Query) -> SQL:
        sql = (
            "SELECT d.offer_id AS offer_id, MAX("
            "CASE WHEN d.document @@ nq THEN %s::float8 ELSE 0.0::float8 END "
            "+ ts_rank(d.document, q)::float8) AS rank "
            "FROM search_searchdocument d, to_tsquery('simple', %s) q, to_tsquery('simple', %s) nq "
            "WHERE d.district_id = %s AND d.document @@ q GROUP BY d.offer_id"
        )
        return sql, [NAME_MATCH_BONUS, _tsquery(query), _tsquery(query, "A"), district_id]

    def hit_rows_sql(
        self, *, district_id: uuid.UUID, district_key: str, query: Query, excluded: SQL | None = None
    ) -> SQL:
        leave_out = f"AND d.offer_id NOT IN ({excluded[0]}) " if excluded else ""
        sql = (
            "SELECT d.slot, "
            "CASE WHEN d.document @@ nq THEN %s::float8 ELSE 0.0::float8 END "
            "+ ts_rank(d.document, q)::float8, d.sort_name "
            "FROM search_searchdocument d, to_tsquery('simple', %s) q, to_tsquery('simple', %s) nq "
            f"WHERE d.district_id = %s AND d.document @@ q {leave_out}"
        )
        params = [NAME_MATCH_BONUS, _tsquery(query), _tsquery(query, "A"), district_id]
        return sql, params + (list(excluded[1]) if excluded else [])

    # A statement that returns every hit (77,000 rows for "Beratung" in 100,000 offers) is never
    # split across workers at PostgreSQL's default costs: passing a row from a worker costs 0.1 and
    # starting them 1000, which a scan returning that many rows (whose estimate the NOT IN of the
    # offers not public today halves) never earns back. Two workers halve it: 248 -> 169 ms with the
    # rows fetched, measured. The costs are lowered for that statement only, in the same round trip
    # (Django binds parameters on the client, so SET; SELECT; RESET is one query string); after a
    # failed SELECT the transaction's rollback undoes the SET. The raw top-20 query, which returns
    # 20 rows, is split at the defaults. Outside a transaction (the usual public request) the
    # statements of one query string are one implicit transaction, so ``SET LOCAL`` ends with
    # them and needs no RESET (two statements less, about 0.5 ms of a narrow search); inside
    # one it would outlast the SELECT, so the costs are reset after it.
    HIT_ROWS_PLANNER = "SET parallel_setup_cost = 100; SET parallel_tuple_cost = 0.001; "
    PLANNER_DEFAULTS = "; RESET parallel_setup_cost; RESET parallel_tuple_cost"
    HIT_ROWS_PLANNER_LOCAL = "SET LOCAL parallel_setup_cost = 100; SET LOCAL parallel_tuple_cost = 0.001; "

    def fetch_hit_rows(self, *, sql: SQL) -> list[tuple]:
        statement, params = sql
        if connection.get_autocommit():  # not in a transaction: the string is one
            statement = self.HIT_ROWS_PLANNER_LOCAL + statement
        else:
            statement = self.HIT_ROWS_PLANNER + statement + self.PLANNER_DEFAULTS
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            while cursor.description is None and cursor.nextset():  # past the SETs to the rows
                pass
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
        # The hits are read once (a materialised CTE, scanned by parallel workers as
        # ``fetch_hit_rows`` lets them) and come back as two things: every hit's slot in one value
        # (where 30,000 rows cost 25 ms to fetch and as much again to sort in Python), four bytes
        # each (``int4send``), which become a bitmap without a Python integer per slot
        # (``_slots``; an ``integer[]`` took 24 ms for 77,000 slots, this 17 ms), and the first
        # ``limit`` documents in the directory's order (top-N sort).
        leave_out = f"AND d.offer_id NOT IN ({excluded[0]}) " if excluded else ""
        sql = (
            "WITH h AS MATERIALIZED (SELECT d.slot, d.offer_id, d.sort_name, "
            "CASE WHEN d.document @@ nq THEN %s::float8 ELSE 0.0::float8 END "
            "+ ts_rank(d.document, q)::float8 AS rank "
            "FROM search_searchdocument d, to_tsquery('simple', %s) q, to_tsquery('simple', %s) nq "
            f"WHERE d.district_id = %s AND d.document @@ q {leave_out}) "
            "SELECT NULL::integer, NULL::float8, NULL::uuid, "
            "(SELECT string_agg(int4send(slot), ''::bytea) FROM h) "
            "UNION ALL (SELECT slot, rank, offer_id, NULL FROM h "
            'ORDER BY rank DESC, sort_name COLLATE "C", offer_id LIMIT %s)'
        )
        params = [NAME_MATCH_BONUS, _tsquery(query), _tsquery(query, "A"), district_id]
        return sql, params + (list(excluded[1]) if excluded else []) + [int(limit)]

    def fetch_first_hits(self, *, sql: SQL) -> tuple[Sequence[int], list[FirstHitRow]]:
        return first_hits_split(self.fetch_hit_rows(sql=sql), _slots)

    def has_prefix(self, *, prefix: str) -> bool:
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM search_searchterm WHERE term LIKE %s LIMIT 1", [pattern])
            return cursor.fetchone() is not None

    def similar_words(self, *, word: str, limit: int) -> list[tuple[str, str]]:
        with connection.cursor() as cursor:
            cursor.execute(SIMILAR_WORDS, [word, word, limit])
            return [(term, stem) for term, stem in cursor.fetchall()]
