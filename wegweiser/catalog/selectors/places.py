"""Places near people: where an offer takes place, the place a visitor searches near (``near=``),
and straight-line distances.

The place is found in the district's own data only — no geocoder, no request to anyone: an
official municipality key (AGS), a postcode (a municipality's main postcode, else the middle of
the district's offer locations with that postcode), a municipality's name, or an address of one
of the district's offer locations (street and house number; the street alone gives the middle of
its locations). Municipalities have coordinates from ``district_setup`` (the centroid of their
main postcode), locations the coordinates staff entered.

Distances are straight lines ("Luftlinie"), computed equirectangularly (longitudes scaled by the
cosine of the search point's latitude): exact to well under 1 % at the scale of a district, and
the same formula orders the results in SQL and writes the distance on the card.
"""

import math
import re
from dataclasses import dataclass

from django.db.models import F, FloatField, Min, OuterRef, QuerySet, Subquery
from django.db.models.functions import Cast

from wegweiser.catalog.models import Location, OfferLocation
from wegweiser.districts.models import District, Municipality
from wegweiser.search.normalise import strip_diacritics

KM_PER_DEGREE = 111.195  # 2πR/360 with R = 6371 km
MAX_NEAR_LENGTH = 120


@dataclass(frozen=True)
class NearPlace:
    """The point a visitor searches near, and how it was understood."""

    label: str
    latitude: float
    longitude: float
    kind: str  # "municipality", "postcode", "address"


@dataclass(frozen=True)
class OfferPlace:
    """Where an offer takes place, as a result card and the map show it."""

    name: str  # the location's name
    municipality: str  # the municipality's short name, else the town written in the address
    latitude: float | None
    longitude: float | None


def _fold(text: str) -> str:
    text = strip_diacritics(text.lower()).replace("ß", "ss")
    text = re.sub(r"stra(ss)?e\b|str\.?(?=\s|\d|$)", "str", text)
    return " ".join(re.findall(r"\w+", text))


def _point(municipality: Municipality) -> tuple[float, float] | None:
    if municipality.latitude is None or municipality.longitude is None:
        return None
    return float(municipality.latitude), float(municipality.longitude)


def _middle(rows: list[tuple[float, float]]) -> tuple[float, float]:
    return sum(r[0] for r in rows) / len(rows), sum(r[1] for r in rows) / len(rows)


def _located(district: District) -> QuerySet[Location]:
    return Location.objects.filter(district=district, latitude__isnull=False, longitude__isnull=False)


def _by_postcode(district: District, postcode: str, municipalities: list[Municipality]) -> NearPlace | None:
    for m in municipalities:
        point = _point(m)
        if m.postcode == postcode and point:
            return NearPlace(f"{postcode} {m.short_name}", *point, kind="postcode")
    rows = list(_located(district).filter(postal_code=postcode).values_list("latitude", "longitude", "city"))
    if not rows:
        return None
    lat, lon = _middle([(float(a or 0), float(b or 0)) for a, b, _city in rows])  # located: not None
    city = rows[0][2]
    return NearPlace(f"{postcode} {city}".strip(), lat, lon, kind="postcode")


def _by_name(text: str, municipalities: list[Municipality]) -> NearPlace | None:
    folded = _fold(text)
    exact = [
        m for m in municipalities if folded in {_fold(m.name), _fold(m.short_name), m.slug.replace("-", " ")}
    ]
    starting = (
        [m for m in municipalities if _fold(m.short_name).startswith(folded)] if len(folded) >= 3 else []
    )
    found = exact or (starting if len(starting) == 1 else [])
    if found and (point := _point(found[0])):
        return NearPlace(found[0].short_name, *point, kind="municipality")
    return None


def _by_address(district: District, text: str) -> NearPlace | None:
    """An address of one of the district's located places: "Bahnhofstraße 5, Nordhausen" (the
    house number, the town and the postcode are optional)."""
    folded = _fold(text)
    street = re.match(r"[^\d,]+", folded)
    if street is None or len(street.group(0).strip()) < 4:
        return None
    street_key = street.group(0).strip()
    rest = folded[street.end() :]
    number = re.match(r"\s*(\d+\s*[a-z]?)\b", rest)
    candidates = []
    rows = _located(district).exclude(address_1="").select_related("municipality")
    for loc in rows.only("address_1", "postal_code", "city", "latitude", "longitude", "municipality__name"):
        address = _fold(loc.address_1)
        if not address.startswith(street_key):
            continue
        town = {_fold(loc.city), loc.postal_code}
        if loc.municipality:
            town.add(_fold(loc.municipality.short_name))
        named_town = re.search(r"[^\W\d]{3,}", rest)
        if named_town is None or any(t and t in rest for t in town):
            candidates.append((loc, address))
    if not candidates:
        return None
    wanted = number.group(1).replace(" ", "") if number else ""
    exact = [loc for loc, address in candidates if wanted and address.replace(" ", "").endswith(wanted)]
    chosen = exact or [loc for loc, _address in candidates]
    lat, lon = _middle([(float(loc.latitude), float(loc.longitude)) for loc in chosen])  # type: ignore[arg-type]
    first = chosen[0]
    street_label = first.address_1 if exact else re.sub(r"\s*\d.*$", "", first.address_1)
    return NearPlace(
        f"{street_label}, {first.postal_code} {first.city}".strip(", "), lat, lon, kind="address"
    )


def near_place_resolve(*, district: District, text: str) -> NearPlace | None:
    """The point ``text`` names in ``district`` (see the module's note), or None."""
    text = " ".join((text or "").split())[:MAX_NEAR_LENGTH]
    if not text:
        return None
    municipalities = list(district.municipalities.all())
    if re.fullmatch(r"\d{8}", text):
        found = [m for m in municipalities if m.ags == text]
        point = _point(found[0]) if found else None
        return NearPlace(found[0].short_name, *point, kind="municipality") if point else None
    if re.fullmatch(r"\d{5}", text):
        return _by_postcode(district, text, municipalities)
    by_name = _by_name(text, municipalities)
    if by_name is not None:
        return by_name
    by_address = _by_address(district, text)
    if by_address is not None:
        return by_address
    postcode = re.search(r"\b\d{5}\b", text)
    if postcode:
        return _by_postcode(district, postcode.group(0), municipalities)
    # "Nordhausen, Bahnhof": the municipality named somewhere in the text.
    for part in re.split(r"[,;]", text):
        named = _by_name(part, municipalities) if part.strip() else None
        if named is not None:
            return named
    return None


def distance_km(near: NearPlace, latitude: float, longitude: float) -> float:
    """Straight-line distance, the same formula as ``distance_order`` uses in SQL."""
    scale = math.cos(math.radians(near.latitude))
    dy = (latitude - near.latitude) * KM_PER_DEGREE
    dx = (longitude - near.longitude) * KM_PER_DEGREE * scale
    return math.sqrt(dx * dx + dy * dy)


def nearest_squared(near: NearPlace) -> Subquery:
    """The squared distance (km²) of an offer's nearest located place; NULL for offers without
    one. An expression on ``Offer`` to order by."""
    scale = math.cos(math.radians(near.latitude))
    dy = (Cast(F("location__latitude"), FloatField()) - near.latitude) * KM_PER_DEGREE
    dx = (Cast(F("location__longitude"), FloatField()) - near.longitude) * (KM_PER_DEGREE * scale)
    places = (
        OfferLocation.objects.filter(offer=OuterRef("pk"), location__latitude__isnull=False)
        .exclude(location__longitude__isnull=True)
        .order_by()
        .values("offer")
        .annotate(nearest=Min(dx * dx + dy * dy))
        .values("nearest")
    )
    return Subquery(places, output_field=FloatField())


def nearest_place(near: NearPlace, places: list[OfferPlace]) -> tuple[OfferPlace, float] | None:
    """The place of ``places`` nearest to ``near`` with its distance in km."""
    located = [
        (p, distance_km(near, p.latitude, p.longitude))
        for p in places
        if p.latitude is not None and p.longitude is not None
    ]
    return min(located, key=lambda item: item[1]) if located else None
