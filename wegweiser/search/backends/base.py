"""What a database brings to search: an inverted index and a trigram index over the vocabulary.

Besides ``match`` (every hit, for callers that want them all), a backend hands out SQL that the
catalog's selectors embed in their own queries, so that filtering, ranking and the page limit
happen in the database and only one page of ids comes back to Python:

- ``match_sql``: ``SELECT offer_id`` of the offers matching the query (any language);
- ``ranked_sql``: ``SELECT offer_id, rank`` with one row per matching offer, where ``rank`` is
  ``NAME_MATCH_BONUS`` when all query words occur in the offer's name (in the same language
  document) plus the database's relevance score; the best document of the offer counts. Ordering
  by ``rank`` descending therefore puts name matches first and the rest by relevance, the same
  rule on every database.
"""

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

# A query: all groups must match (AND); within a group any (term, is_prefix) may match (OR).
Query = list[list[tuple[str, bool]]]

# Added to the score of a document whose name contains every query word; scores stay far below.
NAME_MATCH_BONUS = 1_000_000.0

SQL = tuple[str, list]


@dataclass(frozen=True)
class Hit:
    offer_id: uuid.UUID
    language: str
    score: float  # higher is better
    name_terms: str


FirstHitRow = tuple[int, float, str]  # slot, rank, offer id in hex


def first_hits_split(
    rows: list[tuple], slots_of: Callable[[Any], Sequence[int]]
) -> tuple[Sequence[int], list[FirstHitRow]]:
    """The rows of ``first_hits_sql``: the one without a slot carries every hit's slots (in the
    backend's form, read by ``slots_of``); the others are the first documents, in order."""
    every: Sequence[int] = []
    first: list[FirstHitRow] = []
    for slot, rank, offer_id, slots in rows:
        if slot is None:
            every = slots_of(slots) if slots else []
        else:
            first.append((slot, rank, offer_id.hex if isinstance(offer_id, uuid.UUID) else offer_id))
    return every, first


class SearchBackend(Protocol):
    # Whether ``first_hits_sql`` is the cheaper way to a first page (``TextQuery.page_hits``).
    cuts_first_hits: bool

    def match(self, *, district_id: uuid.UUID, district_key: str, query: Query) -> list[Hit]: ...

    def match_sql(self, *, district_id: uuid.UUID, district_key: str, query: Query) -> SQL: ...

    def ranked_sql(self, *, district_id: uuid.UUID, district_key: str, query: Query) -> SQL: ...

    def hit_rows_sql(
        self, *, district_id: uuid.UUID, district_key: str, query: Query, excluded: SQL | None = None
    ) -> SQL:
        """``SELECT slot, rank[, sort_name]``: one row per matching document (an offer may have
        one per language), with the rank of ``ranked_sql``, read from the index alone; the hits
        that reach a page are named afterwards (``RankedHits.page``). PostgreSQL adds the sort
        name: its ``ts_rank`` gives equal texts equal ranks, often thousands of hits, which are
        then ordered by name without another look-up (SQLite's ``bm25`` rarely ties);
        ``excluded``: ``SELECT id`` of offers to leave out (e.g. those not public today)."""
        ...

    def fetch_hit_rows(self, *, sql: SQL) -> list[tuple]:
        """The rows of ``hit_rows_sql``, read as this database reads many rows best."""
        ...

    def first_hits_sql(
        self,
        *,
        district_id: uuid.UUID,
        district_key: str,
        query: Query,
        limit: int,
        excluded: SQL | None = None,
    ) -> SQL:
        """The hits of ``hit_rows_sql`` as a statement for ``fetch_first_hits``: every matching
        document's slot, and the first ``limit`` documents in the directory's order (rank
        descending, then the sort name and the offer id in code-point order)."""
        ...

    def fetch_first_hits(self, *, sql: SQL) -> tuple[Sequence[int], list[FirstHitRow]]:
        """The slots of every hit (repeated where an offer matched in several languages) and
        (slot, rank, offer id in hex) of the first documents, best first."""
        ...

    def has_prefix(self, *, prefix: str) -> bool: ...

    def similar_words(self, *, word: str, limit: int) -> list[tuple[str, str]]:
        """(word, stem) pairs of the vocabulary that share trigrams with ``word``."""
        ...
