"""Supply measured from the catalog, per municipality: which offers are available where, on a date.

An offer is available in a municipality when (the strongest reason counts):

- ``place``: it takes place at a location in the municipality;
- ``area``: its service area names the municipality;
- ``district``: it serves the whole district;
- ``outreach``: it is mobile (comes to people) and names the municipality in its service area, or
  names no place and no area at all (then it reaches the whole district).

History: an offer counts on a date when it was active then — published (or archived later), its
start (``valid_from``, else the day it was created) on or before the date and its end on or after
it. The end is the earliest of ``valid_to``, the day it was archived (``archived_at``; for offers
archived before that field existed, their last change) and, for offers marked inactive or defunct,
their last change. Drafts never published do not count.

Distances are straight lines (great circle) from a municipality's centre point to the nearest
location of a matching offer: roads, public transport and opening hours are not considered, so
they understate the real way for places behind a river or without a bus.

Reading only: ``offer_facts_for`` runs six queries for a district, whatever its size; everything
after is Python over the facts. ``offer_facts_cached`` keeps the facts of a few districts while
their catalog is unchanged, so that a page reads them with one query."""

import datetime as dt
import math
import threading
import uuid
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Max
from django.utils import timezone

from wegweiser.catalog.models import Location, Offer, OfferLocation, TaxonomyTerm
from wegweiser.districts.models import District, Municipality

PLACE, AREA, DISTRICT, OUTREACH = "place", "area", "district", "outreach"
_PUBLISHED = Offer.State.PUBLISHED
_ENDED = frozenset([Offer.Status.INACTIVE, Offer.Status.DEFUNCT])
REASONS = (PLACE, AREA, DISTRICT, OUTREACH)
EARTH_RADIUS_KM = 6371.0088


@dataclass
class OfferFacts:
    """What the planning workspace needs to know about one offer."""

    id: Any
    name: str
    state: str
    status: str
    start: dt.date
    end: dt.date | None
    whole_district: bool = False
    mobile: bool = False
    places: int | None = None
    hours_per_week: Decimal | None = None
    waiting_list: bool | None = None
    area: set[Any] = field(default_factory=set)  # municipality ids of the service area
    located_in: set[Any] = field(default_factory=set)  # municipality ids of its locations
    points: list[tuple[float, float]] = field(default_factory=list)  # (lat, lon) of its locations
    terms: set[Any] = field(default_factory=set)
    languages: set[str] = field(default_factory=set)

    def active_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def reason_in(self, municipality_id: Any) -> str | None:
        """Why the offer is available in the municipality (the strongest reason), or None."""
        if municipality_id in self.located_in:
            return PLACE
        if municipality_id in self.area:
            return OUTREACH if self.mobile else AREA
        if self.whole_district:
            return DISTRICT
        if self.mobile and not self.area and not self.located_in:
            return OUTREACH
        return None


@dataclass(frozen=True)
class Place:
    """A municipality as the planning pages use it."""

    id: Any
    ags: str
    name: str
    population: int | None
    latitude: float | None
    longitude: float | None


@dataclass
class MunicipalitySupply:
    place: Place
    offers: int = 0
    by_reason: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REASONS, 0))
    places: int = 0
    places_known: int = 0  # offers whose places are filled
    hours_per_week: Decimal = Decimal(0)
    waiting_lists: int = 0
    language_counts: Counter[str] = field(default_factory=Counter)
    nearest_km: float | None = None

    @property
    def languages(self) -> set[str]:
        return {code for code, n in self.language_counts.items() if n > 0}

    def per_1000(self, population: float | Decimal | int | None) -> float | None:
        """Offers per 1,000 people of ``population`` (None without a population)."""
        if not population:
            return None
        return self.offers * 1000 / float(population)

    def add(self, offer: "OfferFacts", reason: str, sign: int = 1) -> None:
        self.offers += sign
        self.by_reason[reason] += sign
        if offer.places is not None:
            self.places += sign * offer.places
            self.places_known += sign
        if offer.hours_per_week is not None:
            self.hours_per_week += sign * offer.hours_per_week
        if offer.waiting_list:
            self.waiting_lists += sign
        for code in offer.languages:
            self.language_counts[code] += sign


def offer_facts_for(*, district: District | Any, places: Sequence[Place] | None = None) -> list[OfferFacts]:
    """The planning facts of every offer of ``district`` that is or was public (six queries; five
    when the district's ``places`` are given)."""
    district_id: Any = getattr(district, "pk", district)
    known_places = places
    zone = timezone.get_current_timezone()

    def _day(value: dt.datetime | None) -> dt.date | None:  # timezone.localdate, zone looked up once
        return value.astimezone(zone).date() if value is not None else None

    offers = Offer.objects.filter(
        district_id=district_id, state__in=[Offer.State.PUBLISHED, Offer.State.ARCHIVED]
    ).values_list(
        "id",
        "name",
        "state",
        "status",
        "valid_from",
        "valid_to",
        "created_at",
        "updated_at",
        "archived_at",
        "serves_whole_district",
        "is_mobile",
        "places",
        "hours_per_week",
        "waiting_list",
    )
    facts: dict[Any, OfferFacts] = {}
    for (
        pk,
        name,
        state,
        status,
        valid_from,
        valid_to,
        created,
        updated,
        archived,
        whole,
        mobile,
        seats,
        hours,
        waiting,
    ) in offers:
        ends = [d for d in (valid_to,) if d is not None]
        if state == Offer.State.ARCHIVED:
            ends.append(_day(archived or updated))  # type: ignore[arg-type]
        if status in (Offer.Status.INACTIVE, Offer.Status.DEFUNCT):
            ends.append(_day(updated))  # type: ignore[arg-type]
        facts[pk] = OfferFacts(
            id=pk,
            name=name,
            state=state,
            status=status,
            start=valid_from or _day(created),  # type: ignore[arg-type]
            end=min(ends) if ends else None,
            whole_district=whole,
            mobile=mobile,
            places=seats,
            hours_per_week=hours,
            waiting_list=waiting,
        )
    in_district = {"offer__district_id": district_id}
    # The link tables are read without Django's per-value converters: an offer's id in the form
    # the database returns it finds its facts, other ids are turned into UUIDs once each.
    by_raw = {_raw_id(pk): offer for pk, offer in facts.items()}
    uuids = _UuidMemo()
    for offer_id, term_id in _raw_rows(
        Offer.terms.through.objects.filter(**in_district).values_list("offer_id", "taxonomyterm_id")
    ):
        offer = by_raw.get(offer_id)
        if offer is not None:
            offer.terms.add(uuids(term_id))
    for offer_id, code in _raw_rows(
        Offer.languages.through.objects.filter(**in_district).values_list("offer_id", "language_id")
    ):
        offer = by_raw.get(offer_id)
        if offer is not None:
            offer.languages.add(code)
    for offer_id, municipality_id in _raw_rows(
        Offer.municipalities.through.objects.filter(**in_district).values_list("offer_id", "municipality_id")
    ):
        offer = by_raw.get(offer_id)
        if offer is not None:
            offer.area.add(uuids(municipality_id))
    if known_places is None:
        known_places = places_for(district=district_id)
    centres = {p.id: p for p in known_places}
    for offer_id, raw_municipality, lat, lon in _raw_rows(
        OfferLocation.objects.filter(**in_district)
        .exclude(location__kind=Location.Kind.VIRTUAL)
        .values_list("offer_id", "location__municipality_id", "location__latitude", "location__longitude")
    ):
        offer = by_raw.get(offer_id)
        if offer is None:
            continue
        municipality_id = uuids(raw_municipality)
        if municipality_id is not None:
            offer.located_in.add(municipality_id)
        if lat is not None and lon is not None:
            offer.points.append((float(lat), float(lon)))
        elif municipality_id in centres and centres[municipality_id].latitude is not None:
            # A location without coordinates stands at its municipality's centre.
            centre = centres[municipality_id]
            offer.points.append((centre.latitude, centre.longitude))  # type: ignore[arg-type]
    return list(facts.values())


def _raw_rows(queryset: Any) -> list[tuple[Any, ...]]:
    """The rows of a ``values_list`` as the database driver returns them (no converters)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _raw_id(pk: Any) -> Any:
    """A UUID in the form the database returns it (hex text where it has no UUID type)."""
    return pk if connection.features.has_native_uuid_field else pk.hex


class _UuidMemo:
    """Ids as the database returns them turned into UUIDs, each distinct one once."""

    def __init__(self) -> None:
        self.seen: dict[Any, Any] = {None: None}

    def __call__(self, raw: Any) -> Any:
        found = self.seen.get(raw)
        if found is None and raw is not None:
            found = self.seen[raw] = raw if isinstance(raw, uuid.UUID) else uuid.UUID(str(raw))
        return found


# Offer facts of the districts planned in last, kept in this process (see ``offer_facts_cached``).
FACTS_CACHE_DISTRICTS = 8
_facts_cache: "OrderedDict[Any, tuple[tuple[Any, ...], list[OfferFacts]]]" = OrderedDict()
_facts_lock = threading.Lock()


def offer_facts_cached(*, district: District | Any, places: Sequence[Place]) -> list[OfferFacts]:
    """``offer_facts_for``, kept per district while its catalog is unchanged: one query when
    nothing changed, instead of reading every offer, term, language, area and location again.

    The facts are valid as long as the key is: the district's ``catalog_version`` (raised by every
    catalog service and import), the number of its offers and their latest change (edits, also
    those that bypass the services), and the municipalities' centres (a location without
    coordinates stands at its municipality's centre). Dates are not part of the key: the facts
    hold each offer's active period, the filters apply the date. Bounded: the
    ``FACTS_CACHE_DISTRICTS`` districts used last, per process. The list is shared between
    requests: callers read it and never change it."""
    district_id: Any = getattr(district, "pk", district)
    state = (
        District.objects.filter(pk=district_id)
        .annotate(offer_count=Count("offers"), offers_changed=Max("offers__updated_at"))
        .values_list("catalog_version", "offer_count", "offers_changed")
        .first()
    )
    key = (state, tuple((p.id, p.latitude, p.longitude) for p in places))
    with _facts_lock:
        cached = _facts_cache.get(district_id)
        if cached is not None and cached[0] == key:
            _facts_cache.move_to_end(district_id)
            return cached[1]
    facts = offer_facts_for(district=district_id, places=places)
    with _facts_lock:
        _facts_cache[district_id] = (key, facts)
        _facts_cache.move_to_end(district_id)
        while len(_facts_cache) > FACTS_CACHE_DISTRICTS:
            _facts_cache.popitem(last=False)
    return facts


def offer_facts_cache_clear() -> None:
    """Forget every district's cached facts (tests, benchmarks)."""
    with _facts_lock:
        _facts_cache.clear()


def places_for(*, district: District | Any) -> list[Place]:
    """The municipalities of ``district`` in name order (one query)."""
    district_id: Any = getattr(district, "pk", district)
    return [
        Place(
            id=pk,
            ags=ags,
            name=name,
            population=population,
            latitude=float(lat) if lat is not None else None,
            longitude=float(lon) if lon is not None else None,
        )
        for pk, ags, name, population, lat, lon in Municipality.objects.filter(district_id=district_id)
        .order_by("name")
        .values_list("id", "ags", "name", "population", "latitude", "longitude")
    ]


@dataclass(frozen=True)
class SupplyFilter:
    """Which offers to count: terms (each given set must be matched by at least one of its
    terms, e.g. a field of action and a target group), a language of delivery, the reasons of
    availability, and the date (None: today)."""

    term_sets: tuple[frozenset[Any], ...] = ()
    language: str = ""
    reasons: frozenset[str] = frozenset(REASONS)
    on: dt.date | None = None
    # The date counted (``on``, else today), fixed when the filter is made: ``matches`` runs
    # for every offer and must not ask for the time zone each time.
    today: dt.date = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "today", self.on or timezone.localdate())

    def day(self) -> dt.date:
        return self.today

    def on_day(self, on: dt.date | None) -> "SupplyFilter":
        """The same filter on another date (None: today)."""
        return SupplyFilter(term_sets=self.term_sets, language=self.language, reasons=self.reasons, on=on)

    def matches(self, offer: OfferFacts) -> bool:
        # Today: what the directory shows (published, running, not past its end).
        if self.on is None and (offer.state != _PUBLISHED or offer.status in _ENDED):
            return False
        if not offer.active_on(self.today):
            return False
        return self.matches_content(offer)

    def matches_content(self, offer: OfferFacts) -> bool:
        """The terms and language, whatever the date."""
        if self.language and self.language not in offer.languages:
            return False
        return all(offer.terms & terms for terms in self.term_sets)


def term_closures(terms: Iterable[TaxonomyTerm | Any]) -> list[frozenset[Any]]:
    """For each term (or id): the ids of the term and all its descendants (one query)."""
    ids = [getattr(t, "pk", t) for t in terms]
    if not ids:
        return []
    children: dict[Any, list[Any]] = defaultdict(list)
    for pk, parent in TaxonomyTerm.objects.filter(parent__isnull=False).values_list("id", "parent_id"):
        children[parent].append(pk)
    result = []
    for term_id in ids:
        found, todo = {term_id}, [term_id]
        while todo:
            for child in children[todo.pop()]:
                if child not in found:
                    found.add(child)
                    todo.append(child)
        result.append(frozenset(found))
    return result


def supply_filter(
    *,
    terms: Iterable[TaxonomyTerm | Any | None] = (),
    language: str = "",
    reasons: Iterable[str] | None = None,
    on: dt.date | None = None,
) -> SupplyFilter:
    """A filter from chosen terms (each term also matches its children), a language, reasons
    and a date."""
    return SupplyFilter(
        term_sets=tuple(term_closures([t for t in terms if t is not None])),
        language=language,
        reasons=frozenset(reasons) if reasons else frozenset(REASONS),
        on=on,
    )


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def nearest_km(place: Place, points: Sequence[tuple[float, float]]) -> float | None:
    """Straight-line distance from the municipality's centre to the nearest of ``points``."""
    if place.latitude is None or place.longitude is None or not points:
        return None
    return min(distance_km(place.latitude, place.longitude, lat, lon) for lat, lon in points)


def _everywhere_reason(offer: OfferFacts) -> str | None:
    if offer.whole_district:
        return DISTRICT
    if offer.mobile and not offer.area and not offer.located_in:
        return OUTREACH
    return None


def supply_by_municipality(
    *,
    facts: Sequence[OfferFacts],
    places: Sequence[Place],
    selection: SupplyFilter | None = None,
    distances: bool = True,
) -> dict[Any, MunicipalitySupply]:
    """Per municipality id: the matching offers available there, their places, hours, waiting
    lists, languages and the distance to the nearest matching location.

    Offer-driven, so that the cost grows with offers plus their places, not offers times
    municipalities: offers available everywhere are summed once and corrected where a
    municipality has a stronger (local) reason for them."""
    selection = selection or SupplyFilter()
    matching = [o for o in facts if selection.matches(o)]
    return _supply(matching, places, selection.reasons, distances)


def _supply(
    matching: Sequence[OfferFacts], places: Sequence[Place], reasons: frozenset[str], distances: bool
) -> dict[Any, MunicipalitySupply]:
    """``supply_by_municipality`` of offers already filtered."""
    result = {place.id: MunicipalitySupply(place=place) for place in places}
    everywhere = MunicipalitySupply(place=Place(None, "", "", None, None, None))
    everywhere_reason: dict[Any, str] = {}
    for offer in matching:
        general = _everywhere_reason(offer)
        if general is not None and general in reasons:
            everywhere.add(offer, general)
            everywhere_reason[offer.id] = general
        for municipality_id in offer.located_in | offer.area:
            supply = result.get(municipality_id)
            reason = offer.reason_in(municipality_id)
            if supply is None or reason is None:
                continue
            if offer.id in everywhere_reason:
                supply.add(offer, everywhere_reason[offer.id], -1)  # counted with its local reason instead
            if reason in reasons:
                supply.add(offer, reason)
    points = sorted({p for o in matching for p in o.points}) if distances else []
    for supply in result.values():
        supply.offers += everywhere.offers
        for reason, n in everywhere.by_reason.items():
            supply.by_reason[reason] += n
        supply.places += everywhere.places
        supply.places_known += everywhere.places_known
        supply.hours_per_week += everywhere.hours_per_week
        supply.waiting_lists += everywhere.waiting_lists
        supply.language_counts.update(everywhere.language_counts)
        if distances:
            supply.nearest_km = nearest_km(supply.place, points)
    return result


def offers_available_in(
    *, facts: Sequence[OfferFacts], place: Place, selection: SupplyFilter | None = None
) -> list[tuple[OfferFacts, str]]:
    """The matching offers available in one municipality with the reason, by name."""
    selection = selection or SupplyFilter()
    found = []
    for offer in facts:
        if selection.matches(offer):
            reason = offer.reason_in(place.id)
            if reason is not None and reason in selection.reasons:
                found.append((offer, reason))
    return sorted(found, key=lambda pair: pair[0].name.lower())


def supply_matrix(
    *,
    facts: Sequence[OfferFacts],
    places: Sequence[Place],
    columns: Sequence[tuple[Any, frozenset[Any]]],
    selection: SupplyFilter | None = None,
) -> dict[Any, dict[Any, MunicipalitySupply]]:
    """{column key: {municipality id: supply}}: what ``supply_by_municipality`` gives per column
    (e.g. per field of action, each with the term ids that count for it), without distances. One
    pass over the offers sorts them into their columns; each column then counts only its own."""
    selection = selection or SupplyFilter()
    by_column: dict[Any, list[OfferFacts]] = {key: [] for key, _terms in columns}
    for offer in facts:
        if not selection.matches(offer):
            continue
        for key, terms in columns:
            if not offer.terms.isdisjoint(terms):
                by_column[key].append(offer)
    return {
        key: _supply(by_column[key], places, selection.reasons, distances=False) for key, _terms in columns
    }


def district_offer_count(*, facts: Sequence[OfferFacts], selection: SupplyFilter | None = None) -> int:
    """How many offers of the district match (each counted once, wherever it is available)."""
    selection = selection or SupplyFilter()
    return sum(1 for o in facts if selection.matches(o))


def district_offer_counts(
    *, facts: Sequence[OfferFacts], selection: SupplyFilter, days: Sequence[dt.date | None]
) -> list[int]:
    """``district_offer_count`` on each of ``days`` (None: today) in one pass over the offers."""
    filters = [selection.on_day(day) for day in days]
    counts = [0] * len(filters)
    for offer in facts:
        if not selection.matches_content(offer):
            continue
        for n, day_filter in enumerate(filters):
            if day_filter.matches(offer):
                counts[n] += 1
    return counts


def offer_points(
    *, facts: Sequence[OfferFacts], selection: SupplyFilter | None = None
) -> list[tuple[float, float, str]]:
    """(lat, lon, offer name) of every location of the matching offers, for maps."""
    selection = selection or SupplyFilter()
    return [(lat, lon, o.name) for o in facts if selection.matches(o) for lat, lon in o.points]
