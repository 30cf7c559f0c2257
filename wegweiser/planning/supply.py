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
after is Python over the facts."""

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from wegweiser.catalog.models import Location, Offer, OfferLocation, TaxonomyTerm
from wegweiser.districts.models import District, Municipality

PLACE, AREA, DISTRICT, OUTREACH = "place", "area", "district", "outreach"
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


def _day(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value is not None else None


def offer_facts_for(*, district: District | Any) -> list[OfferFacts]:
    """The planning facts of every offer of ``district`` that is or was public (six queries)."""
    district_id: Any = getattr(district, "pk", district)
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
        places,
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
            places=places,
            hours_per_week=hours,
            waiting_list=waiting,
        )
    in_district = {"offer__district_id": district_id}
    for offer_id, term_id in Offer.terms.through.objects.filter(**in_district).values_list(
        "offer_id", "taxonomyterm_id"
    ):
        if offer_id in facts:
            facts[offer_id].terms.add(term_id)
    for offer_id, code in Offer.languages.through.objects.filter(**in_district).values_list(
        "offer_id", "language_id"
    ):
        if offer_id in facts:
            facts[offer_id].languages.add(code)
    for offer_id, municipality_id in Offer.municipalities.through.objects.filter(**in_district).values_list(
        "offer_id", "municipality_id"
    ):
        if offer_id in facts:
            facts[offer_id].area.add(municipality_id)
    centres = {p.id: p for p in places_for(district=district_id)}
    for offer_id, municipality_id, lat, lon in (
        OfferLocation.objects.filter(**in_district)
        .exclude(location__kind=Location.Kind.VIRTUAL)
        .values_list("offer_id", "location__municipality_id", "location__latitude", "location__longitude")
    ):
        offer = facts.get(offer_id)
        if offer is None:
            continue
        if municipality_id is not None:
            offer.located_in.add(municipality_id)
        if lat is not None and lon is not None:
            offer.points.append((float(lat), float(lon)))
        elif municipality_id in centres and centres[municipality_id].latitude is not None:
            # A location without coordinates stands at its municipality's centre.
            centre = centres[municipality_id]
            offer.points.append((centre.latitude, centre.longitude))  # type: ignore[arg-type]
    return list(facts.values())


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

    def day(self) -> dt.date:
        return self.on or timezone.localdate()

    def matches(self, offer: OfferFacts) -> bool:
        # Today: what the directory shows (published, running, not past its end).
        if self.on is None and (
            offer.state != Offer.State.PUBLISHED
            or offer.status in (Offer.Status.INACTIVE, Offer.Status.DEFUNCT)
        ):
            return False
        if not offer.active_on(self.day()):
            return False
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
    result = {place.id: MunicipalitySupply(place=place) for place in places}
    everywhere = MunicipalitySupply(place=Place(None, "", "", None, None, None))
    everywhere_reason: dict[Any, str] = {}
    for offer in matching:
        general = _everywhere_reason(offer)
        if general is not None and general in selection.reasons:
            everywhere.add(offer, general)
            everywhere_reason[offer.id] = general
        for municipality_id in offer.located_in | offer.area:
            supply = result.get(municipality_id)
            reason = offer.reason_in(municipality_id)
            if supply is None or reason is None:
                continue
            if offer.id in everywhere_reason:
                supply.add(offer, everywhere_reason[offer.id], -1)  # counted with its local reason instead
            if reason in selection.reasons:
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
    """{column key: {municipality id: supply}}: one ``supply_by_municipality`` per column (e.g.
    per field of action, each with the term ids that count for it), without distances."""
    selection = selection or SupplyFilter()
    result = {}
    for key, terms in columns:
        column = SupplyFilter(
            term_sets=(*selection.term_sets, terms),
            language=selection.language,
            reasons=selection.reasons,
            on=selection.on,
        )
        result[key] = supply_by_municipality(facts=facts, places=places, selection=column, distances=False)
    return result


def district_offer_count(*, facts: Sequence[OfferFacts], selection: SupplyFilter | None = None) -> int:
    """How many offers of the district match (each counted once, wherever it is available)."""
    selection = selection or SupplyFilter()
    return sum(1 for o in facts if selection.matches(o))


def offer_points(
    *, facts: Sequence[OfferFacts], selection: SupplyFilter | None = None
) -> list[tuple[float, float, str]]:
    """(lat, lon, offer name) of every location of the matching offers, for maps."""
    selection = selection or SupplyFilter()
    return [(lat, lon, o.name) for o in facts if selection.matches(o) for lat, lon in o.points]
