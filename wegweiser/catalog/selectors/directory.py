"""The public directory's search: full text plus facets with counts.

Facets are disjunctive, as in every mature faceted search: values within one facet are
alternatives (OR), facets combine with AND, and each facet's counts are computed with every
other facet's selection applied but not its own, so that counts say what a click will give.

Everything is computed by the database per request, so nothing is cached per process and an
edit is visible (and cheap) at once: the counts and the total come from one statement
(``facets.py``); the page is ``ORDER BY rank DESC, name LIMIT``, with the rank computed by the
search index (see ``wegweiser.search.selectors.TextQuery``). Only one page of ids comes back to
Python. See docs/search.md.
"""

# ruff: noqa: S608 - SQL built here from model table names and fixed fragments; values are parameters
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _
from pyroaring import AbstractBitMap, BitMap

from wegweiser.catalog.models import Offer
from wegweiser.catalog.selectors.cards import (
    Card,
    CardDetails,
    card_offers_by_slot,
    cards_by_slot,
    offer_cards,
)
from wegweiser.catalog.selectors.facet_bitmaps import facet_counts_from_bitmaps
from wegweiser.catalog.selectors.facets import (
    FACET_KEYS,
    FLAG_FACETS,
    TAXONOMY_FACETS,
    FacetLabels,
    PageRow,
    as_uuid,
    facet_counts_and_page,
    facet_labels,
    facet_selection,
    name_order,
)
from wegweiser.catalog.selectors.opening import opening_condition
from wegweiser.catalog.selectors.places import NearPlace, near_place_resolve, nearest_squared
from wegweiser.catalog.selectors.public import offer_public_exceptions_sql, offer_public_queryset
from wegweiser.core.sql import db_uuid
from wegweiser.districts.models import District
from wegweiser.search.models import OfferSlot
from wegweiser.search.selectors import (
    FirstHits,
    Ranked,
    RankedHits,
    TextQuery,
    offer_text_query,
    ranked_from_rank,
)
from wegweiser.search.synonyms import synonym_map_of_version

__all__ = ["FACET_KEYS", "Criteria", "DirectoryResult", "Facet", "FacetOption", "offer_directory_search"]


@dataclass
class Criteria:
    """What the visitor asked for; values are slugs or codes as they appear in the URL."""

    text: str = ""
    selected: dict[str, set[str]] = field(default_factory=dict)
    page: int = 1
    near: str = ""  # a postcode, municipality or address (``places.near_place_resolve``)
    days: set[str] = field(default_factory=set)  # weekday codes MO … SU
    open_today: bool = False

    @property
    def selected_count(self) -> int:
        return sum(len(values) for values in self.selected.values())


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    language: str = ""  # language of the label when it is not the requested one


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    options: list[FacetOption]
    is_flag: bool = False


@dataclass
class DirectoryResult:
    page: Page
    cards: list[Card]
    facets: list[Facet]
    total: int
    ranks: dict[uuid.UUID, Ranked]
    near: NearPlace | None = None  # the place searched near, when it was found
    near_unknown: bool = False  # ``near`` was given but names no place of the district


def _public_offers(district: District, *, text: bool) -> QuerySet[Offer]:
    """The district's public offers; with a text search written for looking the matches up
    by primary key (see ``offer_public_queryset``)."""
    return offer_public_queryset(district=district, text_search=text)


_COLLATE = ' COLLATE "C"'  # PostgreSQL: names in code-point order, as ``name_order``
HITS = "SELECT offer_id FROM hits"


def _page_sql(*, text: bool, start: int, size: int) -> tuple[str, list]:
    """The part of the counting statement that returns one page of ``s_all`` (see
    ``facet_counts_and_page``): by rank, then name, with a text search, else by name."""
    collate = _COLLATE if connection.vendor == "postgresql" else ""
    if text:
        order = f"p.rank DESC, p.sort_name{collate}, p.pk"
        inner = (
            "SELECT s.pk AS pk, h.rank AS rank, s.sort_name AS sort_name FROM s_all s "
            f"JOIN hits h ON h.offer_id = s.pk ORDER BY h.rank DESC, s.sort_name{collate}, s.pk"
        )
        rank = "p.rank"
    else:
        order = f"p.sort_name{collate}, p.pk"
        inner = (
            f"SELECT s.pk AS pk, s.sort_name AS sort_name FROM s_all s ORDER BY s.sort_name{collate}, s.pk"
        )
        rank = "0"
    sql = (
        f"SELECT 'page', CAST(ROW_NUMBER() OVER (ORDER BY {order}) AS TEXT), CAST(p.pk AS TEXT), {rank} "
        f"FROM ({inner} LIMIT %s OFFSET %s) p"
    )
    return sql, [size, start]


class _RankedIds:
    """The ids of ``scope`` that match ``text_query``, best first, fetched one page (slice) at a
    time: what ``Paginator`` needs, without loading every hit. ``first``: the page already read
    with the counts (its offset and rows), so that the usual request runs no query here."""

    def __init__(
        self, scope: QuerySet[Offer], text_query: TextQuery, total: int, first: tuple[int, list[PageRow]]
    ) -> None:
        self.scope = scope
        self.text_query = text_query
        self.total = total
        self.ranks: dict[uuid.UUID, Ranked] = {}
        self.first = first

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[uuid.UUID]:
        return iter(self[0 : self.count()])

    def __getitem__(self, item: slice) -> list[uuid.UUID]:
        start = item.start or 0
        stop = self.count() if item.stop is None else item.stop
        if stop <= start:
            return []
        if start == self.first[0]:
            rows = self.first[1][: stop - start]
            for row in rows:
                self.ranks[row.offer_id] = ranked_from_rank(row.rank)
            return [row.offer_id for row in rows]
        ranked_sql, ranked_params = self.text_query.ranked_sql()
        # The scope's conditions apply to the joined offer row (its table under its own name).
        query = self.scope.query
        where_sql, where_params = query.get_compiler(connection=connection).compile(query.where)
        table = connection.ops.quote_name(Offer._meta.db_table)
        name = f"lower({table}.name)" + (' COLLATE "C"' if connection.vendor == "postgresql" else "")
        sql = (
            f"SELECT r.offer_id, r.rank FROM ({ranked_sql}) r "
            f"JOIN {table} ON {table}.id = r.offer_id "
            f"WHERE {where_sql} ORDER BY r.rank DESC, {name}, {table}.id LIMIT %s OFFSET %s"
        )
        params = [*ranked_params, *where_params, stop - start, start]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        page = []
        for offer_id, rank in rows:
            pk = as_uuid(offer_id)
            self.ranks[pk] = ranked_from_rank(float(rank))
            page.append(pk)
        return page


class _RankedRows:
    """The ranked hits (``TextQuery.hits``) of which those in ``scope`` (the facet selection
    applied) are the results; sliced as ``Paginator`` needs."""

    def __init__(
        self,
        hits: RankedHits | FirstHits,
        scope: AbstractBitMap,
        total: int,
        *,
        district: District,
        language: str,
        ui: str,
        page_size: int,
    ) -> None:
        self.hits = hits
        self.scope = scope
        self.total = total
        self.district = district
        self.language = language
        self.ui = ui
        self.page_size = page_size
        self.ranks: dict[uuid.UUID, Ranked] = {}
        self.offers: dict[uuid.UUID, Offer] = {}  # the page's offers, loaded for the cards
        self.details: CardDetails | None = None  # and their categories, languages and places

    # Up to this many candidates (the page and the hits tied with its last one) are loaded
    # whole, as the cards need them; more (many equal ranks) are only named, and the page's
    # cards loaded afterwards.
    CARD_CANDIDATES = 200

    def _named(self, slots: list[int]) -> dict[int, tuple[str, str]]:
        """The candidates of the page, loaded as the cards need them (one query for naming
        the candidates and loading the cards)."""
        if len(slots) > self.CARD_CANDIDATES:
            return self.hits.names(slots)
        if len(slots) <= self.page_size:  # the page itself (the first, in the database's order)
            found, self.details = cards_by_slot(
                district_id=self.district.pk, slots=slots, language=self.language, ui=self.ui
            )
        else:
            found = card_offers_by_slot(
                district_id=self.district.pk, slots=slots, language=self.language, ui=self.ui
            )
        self.offers = {offer.pk: offer for offer in found.values()}
        return {slot: (offer.sort_name, offer.pk.hex) for slot, offer in found.items()}  # type: ignore[attr-defined]

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, item: slice) -> list[uuid.UUID]:
        start = item.start or 0
        stop = self.total if item.stop is None else item.stop
        if stop <= start:
            return []
        page = []
        for offer_id, rank in self.hits.page(start=start, stop=stop, scope=self.scope, named=self._named):
            pk = as_uuid(offer_id)
            self.ranks[pk] = ranked_from_rank(rank)
            page.append(pk)
        return page


class _BrowsePage:
    """Browsing without a search: the offers of ``scope`` (slots) in the order of their names,
    read along the name index (``offer_public_by_sort_name``) until the page is full, or, for a
    small scope, by its slots; sliced as ``Paginator`` needs."""

    SMALL = 500  # a scope this small is read by its slots and sorted by the database
    BATCH = 400

    def __init__(self, district: District, scope: AbstractBitMap, total: int) -> None:
        self.district = district
        self.scope = scope
        self.total = total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, item: slice) -> list[uuid.UUID]:
        start = item.start or 0
        stop = self.total if item.stop is None else item.stop
        if stop <= start or not self.total:
            return []
        qn = connection.ops.quote_name
        offers, slots = qn(Offer._meta.db_table), qn(OfferSlot._meta.db_table)
        collate = _COLLATE if connection.vendor == "postgresql" else ""
        base = (
            f"SELECT o.id, s.slot FROM {offers} o JOIN {slots} s ON s.offer_id = o.id "
            "WHERE o.district_id = %s AND o.state = %s "
        )
        order = f"ORDER BY LOWER(o.name){collate}, o.id "
        district_id = db_uuid(self.district.pk)
        params: list = [district_id, Offer.State.PUBLISHED]
        if len(self.scope) <= self.SMALL:
            slots_in = ", ".join(["%s"] * len(self.scope))
            sql = base + f"AND s.slot IN ({slots_in}) " + order + "LIMIT %s OFFSET %s"
            with connection.cursor() as cursor:
                cursor.execute(sql, [*params, *self.scope, stop - start, start])
                return [as_uuid(pk) for pk, _slot in cursor.fetchall()]
        page: list[uuid.UUID] = []
        seen, offset = 0, 0
        with connection.cursor() as cursor:
            while len(page) < stop - start:
                cursor.execute(base + order + "LIMIT %s OFFSET %s", [*params, self.BATCH, offset])
                rows = cursor.fetchall()
                for pk, slot in rows:
                    if slot in self.scope:
                        if seen >= start:
                            page.append(as_uuid(pk))
                            if len(page) == stop - start:
                                break
                        seen += 1
                if len(rows) < self.BATCH:
                    break
                offset += self.BATCH
        return page


class _Counted:
    """A queryset whose length is already known (from the counting query); ``first``: the page
    already read with the counts (its offset and ids)."""

    def __init__(self, queryset: QuerySet, total: int, first: tuple[int, list[uuid.UUID]]) -> None:
        self.queryset = queryset
        self.total = total
        self.first = first

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, item: slice) -> list:
        start = item.start or 0
        if start == self.first[0] and item.stop is not None:
            return self.first[1][: item.stop - start]
        return list(self.queryset[item])


def offer_directory_search(
    *,
    district: District,
    criteria: Criteria,
    language: str,
    search_languages: list[str],
    ui_language: str = "de",
    page_size: int = 20,
    use_bitmaps: bool = True,
    catalog_version: int | None = None,
) -> DirectoryResult:
    """Search the public offers of ``district``: text, facets, counts, one page of results.

    The usual request counts with the facet bitmaps (``facet_bitmaps.py``); a search near a
    place or by opening days, or ``use_bitmaps=False`` (the tests compare both), counts with
    the one counting statement over the offers' rows (``facets.py``). ``catalog_version``: the
    district's, when the caller has just read it (a request's district), else it is read here."""
    ui = ui_language
    labels = facet_labels(district, language, ui, version=catalog_version)
    text_query: TextQuery | None = None
    nothing = False
    if criteria.text.strip():
        synonyms = synonym_map_of_version(
            district_id=district.pk, version=labels.catalog_version, languages=search_languages
        )
        text_query = offer_text_query(
            district=district, text=criteria.text, languages=search_languages, synonyms=synonyms
        )
        nothing = text_query is None  # only stop words: nothing matches
    near = near_place_resolve(district=district, text=criteria.near) if criteria.near.strip() else None
    if use_bitmaps and near is None and not criteria.days and not criteria.open_today and not nothing:
        # The usual request: counts from the facet bitmaps, the page from the index's order.
        return _search_by_bitmaps(
            district=district,
            criteria=criteria,
            labels=labels,
            text_query=text_query,
            language=language,
            ui=ui,
            page_size=page_size,
        )
    public = _public_offers(district, text=text_query is not None)
    chosen = {
        k: facet_selection(district, k, v) for k, v in criteria.selected.items() if v and k in FACET_KEYS
    }
    if nothing:
        public = public.none()
    public = public.filter(opening_condition(criteria.days, criteria.open_today))

    def scope_without(excluded: str | None, *, text: bool = True) -> QuerySet[Offer]:
        """Public offers matching the text and every facet's selection except ``excluded``'s
        (the text as the CTE ``hits`` of the counting statement)."""
        scope = public
        if text and text_query is not None:
            scope = scope.filter(pk__in=RawSQL(HITS, []))  # noqa: S611 - fixed SQL
        for key, condition in chosen.items():
            if key != excluded:
                scope = scope.filter(condition)
        return scope

    # The counts, the total and the requested page in one statement; the search index is read
    # once (CTE ``hits``: each matching offer's rank) for all of them.
    start = (max(criteria.page, 1) - 1) * page_size
    rows: list[PageRow] = []
    if nothing:
        counts: dict[str, dict[str, int]] = {key: {} for key in FACET_KEYS}
        total = 0
    else:
        ctes = None
        if text_query is not None:
            hits_sql, hits_params = text_query.ranked_sql()
            ctes = (f"hits(offer_id, rank) AS MATERIALIZED ({hits_sql})", hits_params)
        page_sql = _page_sql(text=text_query is not None, start=start, size=page_size)
        counts, total, rows = facet_counts_and_page(labels, chosen, scope_without, ctes=ctes, page=page_sql)
    facets = _facets(labels, criteria, counts, ui)

    ranked: _RankedIds | None = None
    results: _RankedIds | _Counted
    if near is not None:  # nearest first (offers without a located place last), then by name
        by_distance = public if text_query is None else public.filter(text_query.filter())
        for condition in chosen.values():
            by_distance = by_distance.filter(condition)
        by_distance = by_distance.annotate(nearest=nearest_squared(near))
        order = [F("nearest").asc(nulls_last=True), name_order(), "pk"]
        results = _Counted(by_distance.order_by(*order).values_list("pk", flat=True), total, (-1, []))
    elif text_query is not None:
        ranked = _RankedIds(scope_without(None, text=False), text_query, total, (start, rows))
        results = ranked
    else:
        browse = public
        for condition in chosen.values():
            browse = browse.filter(condition)
        ordered = browse.order_by(name_order(), "pk").values_list("pk", flat=True)
        results = _Counted(ordered, total, (start, [row.offer_id for row in rows]))
    paginator = Paginator(cast(Any, results), page_size)  # sized and sliceable, as Paginator needs
    page = paginator.get_page(criteria.page)
    page_ids = list(page.object_list)
    cards = offer_cards(
        offer_ids=page_ids,
        language=language,
        ui=ui,
        labels=labels.term_labels,
        names=labels.language_names,
        near=near,
    )
    ranks = ranked.ranks if ranked is not None else {}
    return DirectoryResult(
        page=page,
        cards=cards,
        facets=facets,
        total=paginator.count,
        ranks=ranks,
        near=near,
        near_unknown=bool(criteria.near.strip()) and near is None,
    )


def _facets(
    labels: FacetLabels, criteria: Criteria, counts: dict[str, dict[str, int]], ui: str
) -> list[Facet]:
    """The facets as shown: every value with results, and the selected ones."""
    facets: list[Facet] = []
    for key, options in labels.facets.items():
        wanted = criteria.selected.get(key, set())
        shown = []
        for value, label, label_lang in options:
            count = counts[key].get(value, 0)
            if count or value in wanted:
                shown.append(
                    FacetOption(value, label, count, value in wanted, label_lang if label_lang != ui else "")
                )
        title = TAXONOMY_FACETS[key][1] if key in TAXONOMY_FACETS else FLAG_FACETS.get(key)
        if key == "language":
            title = _("Language of the offer")
        elif key == "municipality":
            title = _("Municipality")
        facets.append(Facet(key, str(title), shown, is_flag=key in FLAG_FACETS))
    return facets


def _search_by_bitmaps(
    *,
    district: District,
    criteria: Criteria,
    labels: FacetLabels,
    text_query: TextQuery | None,
    language: str,
    ui: str,
    page_size: int,
) -> DirectoryResult:
    """Counts by intersecting the facet bitmaps with the hits; with a text search the page is
    read from the ranked rows of the index (one query), else from the offers by name."""
    ranked_hits: RankedHits | FirstHits | None = None
    hits: BitMap | None = None
    if text_query is not None:
        sql, params = offer_public_exceptions_sql(district=district)
        excluded = (sql, list(params))
        narrowed = any(wanted and key in FACET_KEYS for key, wanted in criteria.selected.items())
        if narrowed:  # the page is among part of the hits: every hit ranked in Python
            ranked_hits = text_query.hits(excluded=excluded)
        else:  # a first page: ranked and cut in the database, where that pays
            ranked_hits = text_query.page_hits(first=max(criteria.page, 1) * page_size, excluded=excluded)
        hits = ranked_hits.slots()
    counts, total, scope = facet_counts_from_bitmaps(
        district=district, labels=labels, selected=criteria.selected, hits=hits
    )
    facets = _facets(labels, criteria, counts, ui)
    ranked: _RankedRows | None = None
    results: _RankedRows | _BrowsePage
    if ranked_hits is not None:
        ranked = _RankedRows(
            ranked_hits, scope, total, district=district, language=language, ui=ui, page_size=page_size
        )
        results = ranked
    else:
        results = _BrowsePage(district, scope, total)
    paginator = Paginator(cast(Any, results), page_size)
    page = paginator.get_page(criteria.page)
    cards = offer_cards(
        offer_ids=list(page.object_list),
        language=language,
        ui=ui,
        labels=labels.term_labels,
        names=labels.language_names,
        offers=ranked.offers if ranked is not None else None,
        details=ranked.details if ranked is not None else None,
    )
    return DirectoryResult(
        page=page,
        cards=cards,
        facets=facets,
        total=paginator.count,
        ranks=ranked.ranks if ranked is not None else {},
        near_unknown=bool(criteria.near.strip()),  # given, but no place of the district
    )
