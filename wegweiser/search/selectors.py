"""Full-text search over the index: stemming, folding, typo tolerance, names first.

``offer_text_search`` returns every hit with its rank (for callers that want them all);
``offer_text_query`` hands the parsed query to the catalog's selectors as SQL (``match_sql`` to
filter, ``ranked_sql`` to order by ``rank`` descending), so that the directory and the API rank,
filter and limit in the database and only a page of ids comes back to Python.
"""

import heapq
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from pyroaring import AbstractBitMap, BitMap

from wegweiser.districts.models import District
from wegweiser.search.backends import get_backend
from wegweiser.search.backends.base import NAME_MATCH_BONUS, SQL, Query
from wegweiser.search.compounds import (
    Unknown,
    has_prefix,
    head_alternatives,
    query_parts,
    query_words,
    vocabulary_probe,
)
from wegweiser.search.normalise import (
    edit_distance,
    query_variants,
    strip_diacritics,
    typo_allowance,
)
from wegweiser.search.synonyms import SynonymMap, synonym_map, synonyms_of

MIN_PREFIX = 3
MAX_QUERY_WORDS = 8
FUZZY_CANDIDATES = 50


@dataclass(frozen=True)
class Ranked:
    """How well an offer matched: all query words in its name first, then the database's score."""

    name_match: bool
    score: float


def _typo_allowance(word: str, variants: list[str]) -> tuple[str, str, int]:
    """``word`` without diacritics, its first stem and the edits a typo of it may be away."""
    plain = strip_diacritics(word)
    folded = variants[0] if variants else plain
    return plain, folded, max(typo_allowance(plain), typo_allowance(folded))


def _group_for(
    word: str, languages: list[str], known: dict[str, bool] | None = None, unknown: Unknown | None = None
) -> list[tuple[str, bool]]:
    variants = query_variants(word, languages)
    group = [(v, len(v) >= MIN_PREFIX) for v in variants]
    if any(has_prefix(v, known) for v in variants):
        return group
    # Nothing in the vocabulary starts like this word: correct typos against known words.
    plain, folded, allowed = _typo_allowance(word, variants)
    if allowed == 0:
        return group
    if unknown is not None and plain in unknown.similar:  # asked in advance
        similar = unknown.similar[plain]
    else:
        similar = get_backend().similar_words(word=plain, limit=FUZZY_CANDIDATES)
    for candidate, candidate_stem in similar:
        if (
            edit_distance(plain, candidate, allowed) <= allowed
            or (edit_distance(folded, candidate_stem, allowed) <= allowed)
        ) and (candidate_stem, False) not in group:
            group.append((candidate_stem, False))
    return group


def parse_query(*, text: str, languages: list[str], synonyms: SynonymMap | None = None) -> Query:
    """The query's words, each with its stemmed variants and typo corrections, and the
    variants of the words the district's synonym list gives for it (``search.synonyms``)."""
    groups = []
    known: dict[str, bool] = {}  # prefixes looked up in the vocabulary, once each
    heads: dict[tuple[str, ...], list[str]] = {}  # compounds by head, looked up once each
    unknown = Unknown()  # what was asked in advance about words nothing starts like
    for query_word in query_words(text)[:MAX_QUERY_WORDS]:
        variants = query_variants(query_word, languages)
        plain, _folded, allowed = _typo_allowance(query_word, variants)
        similar = (plain, FUZZY_CANDIDATES) if allowed else None
        # The first questions at once, and those asked next of a word nothing starts like.
        vocabulary_probe(query_word, variants, known, heads, unknown, similar=similar)
        # An unknown compound is searched as its known parts (``search.compounds``).
        for word in query_parts(query_word, variants, known, heads, unknown):
            group = _group_for(word, languages, known, unknown)
            for other in synonyms_of(word, synonyms or {}, languages):
                group += [t for t in _group_for(other.lower(), languages, known) if t not in group]
            # Compounds whose head the word is: "Sprachkurs" also finds "Berufssprachkurs".
            compounds = head_alternatives(word, query_variants(word, languages), heads)
            group += [(t, False) for t in compounds if (t, False) not in group and (t, True) not in group]
            if group:
                groups.append(group)
    return groups


def _in_name(group: list[tuple[str, bool]], name_terms: set[str]) -> bool:
    return any(
        (term in name_terms) or (prefix and any(n.startswith(term) for n in name_terms))
        for term, prefix in group
    )


def offer_text_search(*, district: District, text: str, languages: list[str]) -> dict[uuid.UUID, Ranked]:
    """Public offers of ``district`` matching ``text`` in any language, with their rank."""
    synonyms = synonym_map(district_id=district.pk, languages=languages)
    query = parse_query(text=text, languages=languages, synonyms=synonyms)
    if not query:
        return {}
    hits = get_backend().match(district_id=district.pk, district_key=district.key, query=query)
    ranked: dict[uuid.UUID, Ranked] = {}
    for hit in hits:
        names = set(hit.name_terms.split())
        candidate = Ranked(all(_in_name(g, names) for g in query), hit.score)
        best = ranked.get(hit.offer_id)
        if best is None or (candidate.name_match, candidate.score) > (best.name_match, best.score):
            ranked[hit.offer_id] = candidate
    return ranked


@dataclass(frozen=True)
class TextQuery:
    """A parsed query for one district, as SQL to embed in the catalog's own queries."""

    district_id: uuid.UUID
    district_key: str
    query: Query

    def match_sql(self) -> SQL:
        """``SELECT offer_id`` of the matching offers."""
        return get_backend().match_sql(
            district_id=self.district_id, district_key=self.district_key, query=self.query
        )

    def ranked_sql(self) -> SQL:
        """``SELECT offer_id, rank``: one row per matching offer, best first by ``rank`` DESC."""
        return get_backend().ranked_sql(
            district_id=self.district_id, district_key=self.district_key, query=self.query
        )

    def hits(self, *, excluded: SQL | None = None) -> "RankedHits":
        """Every matching offer's slot with its rank, from one statement over the index
        (``hit_rows_sql``), without ``excluded``; each offer's best document counts."""
        backend = get_backend()
        sql = backend.hit_rows_sql(
            district_id=self.district_id, district_key=self.district_key, query=self.query, excluded=excluded
        )
        rows = backend.fetch_hit_rows(sql=sql)
        if rows and len(rows[0]) == 3:  # slot, rank, sort name (PostgreSQL)
            best = {row[0]: row for row in rows}
            if len(best) != len(rows):  # an offer matched in several languages: its best rank
                rows.sort(key=itemgetter(1))
                best = {row[0]: row for row in rows}
            ranks = {slot: row[1] for slot, row in best.items()}
            return RankedHits(ranks, self.district_id, {slot: row[2] for slot, row in best.items()})
        ranks = dict(rows)
        if len(ranks) != len(rows):  # an offer matched in several languages: its best rank wins
            rows.sort(key=itemgetter(1))
            ranks = dict(rows)
        return RankedHits(ranks, district_id=self.district_id)

    # Documents read beyond the ``first`` asked for: an offer matched in several languages has a
    # row per language, so a few more rows than offers are read; too few distinct offers among
    # them, and the page falls back to every hit (``FirstHits.page``).
    FIRST_MARGIN = 20

    # A page ending beyond this many hits is cut from every hit's rank (``hits``).
    FIRST_HITS_UP_TO = 1000

    def page_hits(self, *, first: int, excluded: SQL | None = None) -> "RankedHits | FirstHits":
        """The hits as a page ending at hit ``first`` needs them: ``first_hits`` where the
        backend cuts them cheaper than it returns every hit (``cuts_first_hits``), else
        ``hits``."""
        if get_backend().cuts_first_hits and 0 < first <= self.FIRST_HITS_UP_TO:
            return self.first_hits(first=first, excluded=excluded)
        return self.hits(excluded=excluded)

    def first_hits(self, *, first: int, excluded: SQL | None = None) -> "FirstHits":
        """Every matching offer's slot, and the first ``first`` of them in the directory's order
        with their rank, from one statement (``first_hits_sql``): the ranks of the others are
        not read unless a page needs them (``FirstHits.page``)."""
        backend = get_backend()
        limit = 2 * first + self.FIRST_MARGIN
        sql = backend.first_hits_sql(
            district_id=self.district_id,
            district_key=self.district_key,
            query=self.query,
            limit=limit,
            excluded=excluded,
        )
        every, rows = backend.fetch_first_hits(sql=sql)
        seen: set[int] = set()
        leading = []
        for slot, rank, offer_hex in rows:  # each offer's first row is its best
            if slot not in seen:
                seen.add(slot)
                leading.append((slot, float(rank), offer_hex))
        return FirstHits(
            BitMap(every),
            leading,
            complete=len(rows) < limit,
            everything=lambda: self.hits(excluded=excluded),
            district_id=self.district_id,
        )

    def filter(self) -> Q:
        """Offers matching the query, as a condition on ``Offer.pk`` (a subquery, no id lists)."""
        sql, params = self.match_sql()
        return Q(pk__in=RawSQL(sql, params))  # noqa: S611 - fixed SQL, the query text is a parameter


@dataclass(frozen=True)
class RankedHits:
    """The hits of a search: each offer's slot with its rank (names first, then relevance) and,
    where the backend returns them with the hits, its sort name (the database's ``LOWER(name)``)."""

    ranks: dict[int, float]
    district_id: uuid.UUID | None = None
    sort_names: dict[int, str] | None = None

    # The hits that reach a page are named (sort name, id) this many at a time (one query even
    # when thousands of hits share the page end's rank, as equal texts do on PostgreSQL).
    NAMES_BATCH = 5000
    # Up to this many hits tied with the page's last one (beyond twice those the page needs) are
    # named with the page; more are narrowed to the first by name in the database.
    FEW_TIED = 20

    def __len__(self) -> int:
        return len(self.ranks)

    def slots(self) -> BitMap:
        return BitMap(self.ranks)

    def page(
        self,
        *,
        start: int,
        stop: int,
        scope: AbstractBitMap | None = None,
        named: Callable[[list[int]], dict[int, tuple[str, str]]] | None = None,
    ) -> list[tuple[str, float]]:
        """(offer id in hex, rank) of the hits ``start`` … ``stop`` in ``scope``, in the
        directory's order: rank descending (names first), then name, then id (the database's
        ``LOWER(name)`` and the id, compared in code-point order as SQL's ``ORDER BY … COLLATE
        "C"``). Only the ranks are compared over every hit (the ``stop``-th best is the bar);
        the hits above the bar and those at it are named by one query and sorted (``named``:
        the caller's query, giving each slot its offer's ``LOWER(name)`` and id). When many
        hits share the bar's rank (equal texts), the database first picks those of them the page
        needs by name (one query more)."""
        ranks = self.ranks
        if scope is not None and len(scope) != len(ranks):
            ranks = {slot: rank for slot, rank in ranks.items() if slot in scope}
        if stop <= start or not ranks:
            return []
        if stop >= len(ranks):
            chosen = list(ranks)
        else:
            bar = heapq.nlargest(stop, ranks.values())[-1]
            reaching = [slot for slot, rank in ranks.items() if rank >= bar]  # one pass over all
            chosen = [slot for slot in reaching if ranks[slot] > bar]
            tied = [slot for slot in reaching if ranks[slot] == bar]
            wanted = stop - len(chosen)
            if len(tied) <= 2 * wanted + self.FEW_TIED:
                chosen += tied
            elif self.sort_names is not None:  # many equal ranks: the first by name, here
                sort_names = self.sort_names
                last = heapq.nsmallest(wanted, (sort_names[slot] for slot in tied))[-1]
                chosen += [slot for slot in tied if sort_names[slot] <= last]
            else:  # … or in the database
                chosen += list(self.names(tied, first=wanted))
        names = (named or self.names)(chosen)
        order = sorted(names, key=lambda slot: (-ranks[slot], *names[slot]))
        return [(names[slot][1], float(ranks[slot])) for slot in order[start:stop]]

    def names(self, slots: list[int], *, first: int | None = None) -> dict[int, tuple[str, str]]:
        """The database's ``LOWER(name)`` and the id (hex) of the offers in ``slots``, read by
        the district's slot index from the offers; ``first``: only the first so many by name."""
        from wegweiser.catalog.models import Offer
        from wegweiser.search.models import OfferSlot

        qn = connection.ops.quote_name
        district = OfferSlot._meta.get_field("district").get_db_prep_value(self.district_id, connection)
        name = 'LOWER(o.name) COLLATE "C"' if connection.vendor == "postgresql" else "LOWER(o.name)"
        limit = f" ORDER BY {name}, s.offer_id LIMIT {int(first)}" if first is not None else ""
        found: list[tuple[int, tuple[str, str]]] = []
        with connection.cursor() as cursor:
            for begin in range(0, len(slots), self.NAMES_BATCH):
                batch = slots[begin : begin + self.NAMES_BATCH]
                cursor.execute(
                    f"SELECT s.slot, {name}, s.offer_id FROM {qn(OfferSlot._meta.db_table)} s "  # noqa: S608
                    f"JOIN {qn(Offer._meta.db_table)} o ON o.id = s.offer_id "
                    f"WHERE s.district_id = %s AND s.slot IN ({', '.join(['%s'] * len(batch))}){limit}",
                    [district, *batch],
                )
                found += [
                    (slot, (text, offer_id.hex if isinstance(offer_id, uuid.UUID) else offer_id))
                    for slot, text, offer_id in cursor.fetchall()
                ]
        if first is not None:  # the first of each batch; the first of all
            found = sorted(found, key=itemgetter(1))[:first]
        return dict(found)


class FirstHits:
    """The hits of a search as ``RankedHits`` gives them, read as the first page needs them:
    every hit's slot (for the count and the facet counts) and the first hits in order with
    their rank. A page beyond those, or restricted by facets to part of the hits, is taken
    from every hit's rank, read then (``everything``, one statement more)."""

    def __init__(
        self,
        every: BitMap,
        leading: list[tuple[int, float, str]],
        *,
        complete: bool,
        everything: Callable[[], RankedHits],
        district_id: uuid.UUID | None = None,
    ) -> None:
        self.district_id = district_id
        self.every = every
        self.leading = leading  # (slot, rank, offer id in hex), best first, one per offer
        self.complete = complete  # ``leading`` holds every hit
        self._everything = everything
        self._ranked: RankedHits | None = None

    def __len__(self) -> int:
        return len(self.every)

    def slots(self) -> BitMap:
        return BitMap(self.every)

    def names(self, slots: list[int], *, first: int | None = None) -> dict[int, tuple[str, str]]:
        """As ``RankedHits.names``."""
        return RankedHits({}, self.district_id).names(slots, first=first)

    def ranked(self) -> RankedHits:
        if self._ranked is None:
            self._ranked = self._everything()
        return self._ranked

    def page(
        self,
        *,
        start: int,
        stop: int,
        scope: AbstractBitMap | None = None,
        named: Callable[[list[int]], dict[int, tuple[str, str]]] | None = None,
    ) -> list[tuple[str, float]]:
        """As ``RankedHits.page``; ``named`` loads what the caller needs of the page's offers
        (the order is the database's already)."""
        narrowed = scope is not None and len(scope) != len(self.every)  # scope is part of the hits
        if narrowed or (stop > len(self.leading) and not self.complete):
            return self.ranked().page(start=start, stop=stop, scope=scope, named=named)
        chosen = self.leading[start:stop]
        if named is None:
            return [(offer_hex, rank) for _slot, rank, offer_hex in chosen]
        names = named([slot for slot, _rank, _hex in chosen])
        return [(names[slot][1], rank) for slot, rank, _hex in chosen if slot in names]


def ranked_from_rank(rank: float) -> Ranked:
    """The ``Ranked`` of a ``rank`` column of ``TextQuery.ranked_sql``."""
    name_match = rank >= NAME_MATCH_BONUS / 2
    return Ranked(name_match, rank - NAME_MATCH_BONUS if name_match else rank)


def offer_text_query(
    *, district: District, text: str, languages: list[str], synonyms: SynonymMap | None = None
) -> TextQuery | None:
    """``text`` parsed for searching the public offers of ``district``; None when no word of it
    can match anything (only stop words or punctuation): such a search finds nothing. The
    district's synonyms widen each word (``search.synonyms``; read here unless the caller
    passes them)."""
    if synonyms is None:
        synonyms = synonym_map(district_id=district.pk, languages=languages)
    query = parse_query(text=text, languages=languages, synonyms=synonyms)
    if not query:
        return None
    return TextQuery(district_id=district.pk, district_key=district.key, query=query)


def offer_text_filter(*, district: District, text: str, languages: list[str]) -> Q:
    """Condition on ``Offer.pk``: the offer matches ``text`` (nothing matches an empty query)."""
    text_query = offer_text_query(district=district, text=text, languages=languages)
    return text_query.filter() if text_query is not None else Q(pk__in=[])
