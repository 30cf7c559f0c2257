"""Need against supply per municipality: a need indicator (e.g. foreign nationals aged 18–64),
the supply of a field of action or target group (``planning.supply``), ratios per 1,000, and the
languages needed (nationality groups mapped to languages) against the languages delivered.

A municipality has a gap when its offers per 1,000 of the need population fall below the
benchmark: the target the planner sets, else the district median over the municipalities with
a need."""

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q

from wegweiser.planning.models import Indicator, IndicatorValue, NationalityGroup
from wegweiser.planning.supply import MunicipalitySupply, Place

NATIONALITY_GROUP = "nationality_group"
# A nationality group needs its languages in a municipality from this many people on.
LANGUAGE_NEED_MINIMUM = Decimal(10)


def latest_values(
    *, indicator: Indicator | Any, on: dt.date | None = None, breakdown: str = "", part: str = ""
) -> tuple[dict[Any, Decimal], dt.date | None]:
    """{municipality id: value} of the latest date on or before ``on`` per municipality (the
    total unless ``breakdown``/``part`` name one part), and the latest date used (one query)."""
    rows = IndicatorValue.objects.filter(
        indicator=indicator, municipality__isnull=False, breakdown=breakdown, breakdown_value=part
    )
    if on is not None:
        rows = rows.filter(date__lte=on)
    values: dict[Any, Decimal] = {}
    latest: dt.date | None = None
    for municipality_id, date, value in rows.order_by("date").values_list("municipality_id", "date", "value"):
        values[municipality_id] = value
        latest = date if latest is None or date > latest else latest
    return values, latest


def population_values(places: Sequence[Place]) -> dict[Any, Decimal]:
    """The municipalities' total population (from ``district_setup``) as need values."""
    return {p.id: Decimal(p.population) for p in places if p.population is not None}


def nationality_languages(*, district: Any) -> dict[str, list[str]]:
    """{nationality group code: language codes} as staff keep them (``NationalityGroup``)."""
    mapping: dict[str, list[str]] = defaultdict(list)
    through = NationalityGroup.languages.through
    rows = through.objects.filter(nationalitygroup__district=district).values_list(
        "nationalitygroup__code", "language_id"
    )
    for code, language in rows:
        mapping[code].append(language)
    return dict(mapping)


def nationality_indicators(*, district: Any) -> list[Indicator]:
    """Indicators of ``district`` that have values broken down by nationality group."""
    return list(
        Indicator.objects.filter(district=district)
        .filter(Q(values__breakdown=NATIONALITY_GROUP))
        .distinct()
        .order_by("name")
    )


def languages_needed(
    *,
    indicator: Indicator | Any,
    mapping: Mapping[str, Sequence[str]],
    on: dt.date | None = None,
    minimum: Decimal = LANGUAGE_NEED_MINIMUM,
) -> dict[Any, dict[str, Decimal]]:
    """{municipality id: {language code: people}}: the people of the nationality groups (latest
    values on or before ``on``) whose languages they need, for groups of at least ``minimum``."""
    rows = IndicatorValue.objects.filter(
        indicator=indicator, municipality__isnull=False, breakdown=NATIONALITY_GROUP
    )
    if on is not None:
        rows = rows.filter(date__lte=on)
    latest: dict[tuple[Any, str], Decimal] = {}
    for municipality_id, part, value in rows.order_by("date").values_list(
        "municipality_id", "breakdown_value", "value"
    ):
        latest[(municipality_id, part)] = value
    result: dict[Any, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for (municipality_id, part), value in latest.items():
        if value < minimum:
            continue
        for language in mapping.get(part, ()):
            result[municipality_id][language] += value
    return {m: dict(langs) for m, langs in result.items()}


@dataclass
class NeedRow:
    place: Place
    supply: MunicipalitySupply
    need: Decimal | None
    per_1000: float | None
    places_per_1000: float | None
    languages_needed: list[str] = field(default_factory=list)
    languages_missing: list[str] = field(default_factory=list)
    gap: bool = False
    change: int | None = None  # offers now minus offers on the comparison date

    @property
    def offers(self) -> int:
        return self.supply.offers

    @property
    def nearest_km(self) -> float | None:
        return self.supply.nearest_km


@dataclass
class Comparison:
    rows: list[NeedRow]
    benchmark: float | None
    benchmark_is_target: bool

    @property
    def gaps(self) -> list[NeedRow]:
        return [r for r in self.rows if r.gap]


def median_per_1000(rows: Sequence[NeedRow]) -> float | None:
    ratios = [r.per_1000 for r in rows if r.per_1000 is not None]
    return statistics.median(ratios) if ratios else None


def supply_against_need(
    *,
    supply: Mapping[Any, MunicipalitySupply],
    need: Mapping[Any, Decimal],
    needed_languages: Mapping[Any, Mapping[str, Decimal]] | None = None,
    target: float | None = None,
    earlier: Mapping[Any, MunicipalitySupply] | None = None,
) -> Comparison:
    """One row per municipality (in the order of ``supply``): offers, places, offers and places
    per 1,000 of the need, languages needed but not delivered, change since ``earlier``, and
    whether it falls below ``target`` (offers per 1,000) or else the district median."""
    rows = []
    for municipality_id, municipality_supply in supply.items():
        value = need.get(municipality_id)
        per_1000 = municipality_supply.per_1000(value) if value else None
        places_per_1000 = (
            municipality_supply.places * 1000 / float(value)
            if value and municipality_supply.places_known
            else None
        )
        needed = needed_languages.get(municipality_id, {}) if needed_languages else {}
        ordered = sorted(needed, key=lambda code: (-needed[code], code))
        delivered = municipality_supply.languages
        rows.append(
            NeedRow(
                place=municipality_supply.place,
                supply=municipality_supply,
                need=value,
                per_1000=per_1000,
                places_per_1000=places_per_1000,
                languages_needed=ordered,
                languages_missing=[code for code in ordered if code not in delivered],
                change=(
                    municipality_supply.offers - earlier[municipality_id].offers
                    if earlier is not None and municipality_id in earlier
                    else None
                ),
            )
        )
    benchmark = target if target is not None else median_per_1000(rows)
    if benchmark is not None:
        for row in rows:
            row.gap = row.per_1000 is not None and row.per_1000 < benchmark
    return Comparison(rows=rows, benchmark=benchmark, benchmark_is_target=target is not None)
