"""Result cards: what a list of offers shows, in a constant number of light queries.

Term and language labels are loaded once per request (or passed in by the caller) instead of
as model instances for every card."""

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Prefetch, prefetch_related_objects

from wegweiser.catalog.models import (
    Location,
    Offer,
    OfferLocation,
    OfferTranslation,
    Organisation,
    TaxonomyTerm,
    TaxonomyTermTranslation,
)
from wegweiser.catalog.selectors.facets import as_uuid
from wegweiser.catalog.selectors.places import NearPlace, OfferPlace, nearest_place
from wegweiser.catalog.selectors.public import translations_for
from wegweiser.catalog.translation import Localised, localise
from wegweiser.core.models import Language
from wegweiser.core.sql import db_uuid, prepared_cursor
from wegweiser.districts.models import Municipality
from wegweiser.search.models import OfferSlot


@dataclass
class Card:
    offer: Offer
    terms: list[Localised] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    places: list[OfferPlace] = field(default_factory=list)  # where it takes place
    nearest: OfferPlace | None = None  # the place nearest to the place searched near
    distance_km: float | None = None  # straight line to ``nearest``

    @property
    def municipalities(self) -> list[str]:
        """The municipalities of its places, each once, in order."""
        return list(dict.fromkeys(p.municipality for p in self.places if p.municipality))

    @property
    def map_place(self) -> OfferPlace | None:
        """The place the map marks: the nearest one, else the first with coordinates."""
        if self.nearest is not None:
            return self.nearest
        return next((p for p in self.places if p.latitude is not None and p.longitude is not None), None)


def term_labels(*, language: str, ui: str) -> dict[uuid.UUID, tuple[tuple[bool, int], Localised]]:
    """Every term's label in ``language`` (falling back to ``ui``, then German) with its sort key."""
    terms = TaxonomyTerm.objects.select_related("taxonomy").prefetch_related(
        Prefetch("translations", queryset=translations_for(TaxonomyTermTranslation, language))
    )
    return {
        term.pk: (
            (term.taxonomy.role != "field_of_action", term.sort_order),
            localise(term, "name", language, also=(ui,)),
        )
        for term in terms
    }


def language_names(*, ui: str) -> dict[str, str]:
    """Every language's name in the interface language ``ui``, as the language facet names it."""
    return {language.code: language.name_for(ui) for language in Language.objects.all()}


# What a card shows of an offer (``directory.cards.cards_html``, the result map): the rest of
# the wide row (descriptions, costs, contacts) is not read for a list. Attribute names, in the
# order of ``_card_offers_sql``'s columns.
CARD_FIELDS = (
    "id",
    "district_id",
    "organisation_id",
    "name",
    "slug",
    "short_description",
    "status",
    "cost_free",
    "serves_whole_district",
)
CARD_TRANSLATED = ("id", "master_id", "language_id", "name", "short_description")


def _card_offers_sql(*, by_slot: bool, count: int) -> str:
    """The offers as a card needs them, with their organisation's name and ``LOWER(name)``
    (the directory's order of names): by a district's search slots or by id. Plain SQL: the
    ORM took longer to build this statement than the database to answer it."""
    qn = connection.ops.quote_name
    offers, organisations = qn(Offer._meta.db_table), qn(Organisation._meta.db_table)
    columns = ", ".join(f"o.{qn(name)}" for name in CARD_FIELDS)
    ids = _among(count)
    select = f"SELECT {columns}, g.name, LOWER(o.name), "
    join = f"FROM {offers} o JOIN {organisations} g ON g.id = o.organisation_id "
    if by_slot:
        slots = qn(OfferSlot._meta.db_table)
        return (
            f"{select}s.slot {join}JOIN {slots} s ON s.offer_id = o.id "
            f"WHERE s.district_id = %s AND s.slot {ids}"
        )
    return f"{select}NULL {join}WHERE o.id {ids}"


def _card_offers(sql: str, params: list, language: str, ui: str) -> list[Offer]:
    """The offers of ``sql`` (``_card_offers_sql``), see ``_offers_from_rows``."""
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        return _offers_from_rows(cursor.fetchall(), language, ui)


def _offers_from_rows(rows: list[tuple], language: str, ui: str) -> list[Offer]:
    """The rows of ``_card_offers_sql`` as instances with only the card's fields, their
    organisation (id and name), ``sort_name`` and ``slot``; translation rows only in the
    languages a card can show besides German (``localise``: the content language, then the
    interface language)."""
    db = connection.alias
    offers = []
    for pk, district, organisation, name, slug, short, status, free, whole, provider, sort, slot in rows:
        values = (as_uuid(pk), as_uuid(district), as_uuid(organisation), name, slug, short, status)
        offer = Offer.from_db(db, CARD_FIELDS, (*values, bool(free), bool(whole)))
        offer.organisation = Organisation.from_db(db, ("id", "name"), (offer.organisation_id, provider))
        offer.sort_name, offer.slot = sort, slot  # type: ignore[attr-defined]
        offers.append(offer)
    codes = sorted({language, ui} - {"de"})
    if codes and offers:  # a German page shows the German source: no translation is read
        translated = OfferTranslation.objects.filter(language_id__in=codes).only(*CARD_TRANSLATED)
        prefetch_related_objects(offers, Prefetch("translations", queryset=translated))
    return offers


def _among(count: int) -> str:
    """``IN (%s, …)`` for ``count`` values; on PostgreSQL ``= ANY(%s)``, one array parameter
    (``_values``), which the server parses faster (20 ids three times: 0.2 ms less)."""
    return "= ANY(%s)" if connection.vendor == "postgresql" else "IN (" + ", ".join(["%s"] * count) + ")"


def _values(values: list) -> list:
    """The parameters for ``_among``."""
    if connection.vendor == "postgresql":
        return [values]
    return [db_uuid(v) for v in values]


def card_offers_by_slot(
    *, district_id: uuid.UUID, slots: list[int], language: str, ui: str
) -> dict[int, Offer]:
    """The offers of a district's search slots as the cards need them, each with ``sort_name``
    (the database's ``LOWER(name)``, the directory's order of names): a search page names its
    candidates and loads its cards in the same query (``RankedHits.page``)."""
    if not slots:
        return {}
    sql = _card_offers_sql(by_slot=True, count=len(slots))
    offers = _card_offers(sql, [db_uuid(district_id), *_values(slots)], language, ui)
    return {offer.slot: offer for offer in offers}  # type: ignore[attr-defined]


def cards_by_slot(
    *, district_id: uuid.UUID, slots: list[int], language: str, ui: str
) -> tuple[dict[int, Offer], "CardDetails"]:
    """``card_offers_by_slot`` and the offers' ``CardDetails``, for a page whose slots are
    known (the first page, in the order the database gave it). Two statements, prepared on
    PostgreSQL (``prepared_cursor``): sent together as text in one round trip they took twice
    as long as prepared in two."""
    if not slots:
        return {}, CardDetails()
    offers_sql = _card_offers_sql(by_slot=True, count=len(slots))
    offers_params = [db_uuid(district_id), *_values(slots)]
    details_sql = _card_details_sql(len(slots), by_slot=True)
    details_params = _details_params(offers_params)
    with prepared_cursor() as cursor:
        cursor.execute(offers_sql, offers_params)
        offer_rows = cursor.fetchall()
        cursor.execute(details_sql, details_params)
        detail_rows = cursor.fetchall()
    offers = _offers_from_rows(offer_rows, language, ui)
    return {offer.slot: offer for offer in offers}, _details_from_rows(detail_rows)  # type: ignore[attr-defined]


def _card_details_sql(count: int, *, by_slot: bool = False) -> str:
    """One statement for the categories, languages and places of ``count`` offers (by id, or
    by a district's search slots): rows ``(kind, offer, value, town, municipality, latitude,
    longitude, place)``, kind 0 a term's id, 1 a language code, 2 a place (physical and postal
    locations, by name)."""
    qn = connection.ops.quote_name
    terms = qn(Offer.terms.through._meta.db_table)
    languages = qn(Offer.languages.through._meta.db_table)
    offer_locations = qn(OfferLocation._meta.db_table)
    locations = qn(Location._meta.db_table)
    municipalities = qn(Municipality._meta.db_table)
    ids = _among(count)
    if by_slot:
        slots = qn(OfferSlot._meta.db_table)
        ids = f"IN (SELECT s.offer_id FROM {slots} s WHERE s.district_id = %s AND s.slot {ids})"  # noqa: S608
    # Places first: their columns' types (numeric coordinates) decide the union's.
    return (
        "SELECT 2, p.offer_id, l.name, l.city, m.name, l.latitude, l.longitude, "  # noqa: S608 - table names from the models
        f"CAST(p.id AS TEXT) FROM {offer_locations} p JOIN {locations} l ON l.id = p.location_id "
        f"LEFT JOIN {municipalities} m ON m.id = l.municipality_id "
        f"WHERE p.offer_id {ids} AND l.kind <> %s "
        "UNION ALL SELECT 0, t.offer_id, CAST(t.taxonomyterm_id AS TEXT), NULL, NULL, NULL, NULL, NULL "
        f"FROM {terms} t WHERE t.offer_id {ids} "
        "UNION ALL SELECT 1, g.offer_id, g.language_id, NULL, NULL, NULL, NULL, NULL "
        f"FROM {languages} g WHERE g.offer_id {ids} "
        "ORDER BY 1, 3, 8"
    )


@dataclass
class CardDetails:
    """The categories (term ids), language codes and places (by the location's name) of
    offers, by offer id."""

    terms: dict[uuid.UUID, list[uuid.UUID]] = field(default_factory=dict)
    languages: dict[uuid.UUID, list[str]] = field(default_factory=dict)
    places: dict[uuid.UUID, list[OfferPlace]] = field(default_factory=dict)


def _card_details(ids: list[uuid.UUID]) -> CardDetails:
    """``CardDetails`` of the offers ``ids``, from one statement."""
    with prepared_cursor() as cursor:
        cursor.execute(_card_details_sql(len(ids)), _details_params(_values(ids)))
        return _details_from_rows(cursor.fetchall())


def _details_params(among: list) -> list:
    """The parameters of ``_card_details_sql``: the offers (``among``) for each of its three
    parts, the places' part also leaving out virtual locations."""
    return [*among, Location.Kind.VIRTUAL.value, *among, *among]


def _details_from_rows(rows: list[tuple]) -> CardDetails:
    terms: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    languages: dict[uuid.UUID, list[str]] = defaultdict(list)
    places: dict[uuid.UUID, list[OfferPlace]] = defaultdict(list)
    for kind, offer_id, value, city, municipality, lat, lon, _place in rows:
        pk = as_uuid(offer_id)
        if kind == 0:
            terms[pk].append(uuid.UUID(value))
        elif kind == 1:
            languages[pk].append(value)
        else:
            town = municipality.split(",")[0] if municipality else city
            latitude = float(lat) if lat is not None else None
            longitude = float(lon) if lon is not None else None
            places[pk].append(OfferPlace(value, town, latitude, longitude))
    return CardDetails(dict(terms), dict(languages), dict(places))


def offer_cards(
    *,
    offer_ids: Iterable[uuid.UUID],
    language: str,
    ui: str,
    labels: dict[uuid.UUID, tuple[tuple[bool, int], Localised]] | None = None,
    names: dict[str, str] | None = None,
    offers: dict[uuid.UUID, Offer] | None = None,
    details: CardDetails | None = None,
    near: NearPlace | None = None,
) -> list[Card]:
    """Cards for ``offer_ids`` in that order, with their places and, searching ``near`` a place,
    the place nearest to it and the distance; pass cached ``labels`` and ``names``, and the
    ``offers`` and ``details`` already loaded for the cards (``card_offers_by_slot``,
    ``cards_by_slot``), to save queries."""
    ids = list(offer_ids)
    if not ids:
        return []
    if offers is None or not set(ids) <= offers.keys():
        sql = _card_offers_sql(by_slot=False, count=len(ids))
        offers = {o.pk: o for o in _card_offers(sql, _values(ids), language, ui)}
    labels = labels if labels is not None else term_labels(language=language, ui=ui)
    names = names if names is not None else language_names(ui=ui)
    if details is None:
        details = _card_details(ids)
    terms, languages, places = details.terms, details.languages, details.places
    cards = []
    for pk in ids:
        if pk not in offers:
            continue
        ordered = sorted((labels[t] for t in terms.get(pk, ()) if t in labels), key=lambda item: item[0])
        card = Card(
            offers[pk],
            [label for _order, label in ordered],
            sorted(names.get(code, code) for code in languages.get(pk, ())),
            places.get(pk, []),
        )
        found = nearest_place(near, card.places) if near is not None else None
        if found is not None:
            card.nearest, card.distance_km = found
        cards.append(card)
    return cards
