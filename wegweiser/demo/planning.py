"""Invented indicator values for the demo district, so that every planning view has something to
show. Every indicator is marked as demo (``is_demo``, "(Demo)" in its name, the source says
"erfunden"). The one real figure they are scaled to: about 7,200 foreign nationals live in
Landkreis Nordhausen (Ausländerzentralregister, 2024). Everything else is invented: the split by
municipality (by population, towns a little above), by nationality group and over the years."""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import transaction

from wegweiser.districts.models import District
from wegweiser.planning.models import Indicator, IndicatorValue
from wegweiser.planning.models.indicators import NATIONALITY_GROUP
from wegweiser.planning.services import (
    indicator_create,
    nationality_groups_seed,
    population_indicators_sync,
)

YEARS = [2020, 2021, 2022, 2023, 2024]
# Foreign nationals in the district per year (the last one the real total, the others invented).
FOREIGN_TOTAL = {2020: 4300, 2021: 4650, 2022: 6500, 2023: 6950, 2024: 7200}
# Shares of nationality groups per year (invented; Ukraine grows from 2022).
GROUP_SHARES = {
    "ukraine": (0.04, 0.04, 0.30, 0.31, 0.31),
    "syrien": (0.24, 0.23, 0.16, 0.16, 0.16),
    "afghanistan": (0.12, 0.12, 0.09, 0.09, 0.10),
    "rumaenien": (0.10, 0.10, 0.07, 0.07, 0.07),
    "polen": (0.09, 0.09, 0.06, 0.06, 0.06),
    "bulgarien": (0.06, 0.06, 0.04, 0.04, 0.04),
    "tuerkei": (0.05, 0.05, 0.04, 0.04, 0.04),
    "irak": (0.05, 0.05, 0.04, 0.04, 0.03),
    "russland": (0.05, 0.05, 0.04, 0.04, 0.04),
    "vietnam": (0.04, 0.04, 0.03, 0.03, 0.03),
    "eritrea": (0.03, 0.03, 0.02, 0.02, 0.02),
    "sonstige": (0.13, 0.14, 0.11, 0.10, 0.10),
}
SOURCE = "Erfundene Demo-Werte (Wegweiser-Demo), keine amtliche Statistik"

INDICATORS: list[dict[str, Any]] = [
    {
        "code": "auslaender",
        "name": "Ausländische Staatsangehörige (Demo)",
        "unit": "Personen",
        "topic": "Migration",
        "description": (
            "Erfunden. Nach Staatsangehörigkeitsgruppe; Summe je Jahr wie im Landkreis (rund 7.200)."
        ),
    },
    {
        "code": "auslaender-18-64",
        "name": "Ausländische Staatsangehörige 18–64 Jahre (Demo)",
        "unit": "Personen",
        "topic": "Migration",
        "description": "Erfunden: etwa zwei Drittel der ausländischen Staatsangehörigen.",
    },
    {
        "code": "kinder-unter-6",
        "name": "Kinder unter 6 Jahren (Demo)",
        "unit": "Personen",
        "topic": "Bevölkerung",
        "description": "Erfunden: rund 4,5 % der Bevölkerung.",
    },
    {
        "code": "erwerbsfaehiges-alter",
        "name": "Personen im erwerbsfähigen Alter 15–64 (Demo)",
        "unit": "Personen",
        "topic": "Bevölkerung",
        "description": "Erfunden: rund 60 % der Bevölkerung.",
    },
    {
        "code": "leistungsbeziehende",
        "name": "Leistungsbeziehende SGB II (Demo)",
        "unit": "Personen",
        "topic": "Soziale Lage",
        "description": "Erfunden: rund 7 % der Bevölkerung, in den Städten mehr.",
    },
]


def _split(total: int, weights: dict[Any, float]) -> dict[Any, int]:
    """``total`` split in proportion to ``weights`` in whole numbers that add up to it exactly
    (largest remainder)."""
    whole = sum(weights.values())
    raw = {k: total * w / whole for k, w in weights.items()}
    result = {k: int(v) for k, v in raw.items()}
    rest = total - sum(result.values())
    for k in sorted(raw, key=lambda k: raw[k] - result[k], reverse=True)[:rest]:
        result[k] += 1
    return result


@transaction.atomic
def demo_indicators_load(*, district: District) -> int:
    """Population, the language table and the invented indicators for the demo district
    (idempotent: nothing happens if the demo indicators are there). Returns the values written."""
    population_indicators_sync(actor=None, district=district)
    nationality_groups_seed(actor=None, district=district)
    if Indicator.objects.filter(district=district, is_demo=True).exists():
        return 0
    rng = random.Random(16062)
    indicators = {
        spec["code"]: indicator_create(
            actor=None,
            district=district,
            data=spec | {"source": SOURCE, "licence": "CC0 (erfunden)", "is_demo": True},
        )
        for spec in INDICATORS
    }
    places: list[tuple[Any, int, str]] = [
        (pk, population, kind)
        for pk, population, kind in district.municipalities.values_list("pk", "population", "kind")
        if population is not None
    ]
    town = {pk: kind == "stadt" for pk, _p, kind in places}
    attraction = {
        pk: population * (1.6 if town[pk] else 1.0) * rng.uniform(0.8, 1.2) for pk, population, _k in places
    }
    values: list[IndicatorValue] = []

    def add(code: str, pk: Any, year: int, value: int, breakdown: str = "", part: str = "") -> None:
        values.append(
            IndicatorValue(
                indicator=indicators[code],
                municipality_id=pk,
                date=dt.date(year, 12, 31),
                breakdown=breakdown,
                breakdown_value=part,
                value=Decimal(value),
                note="Demo",
            )
        )

    for index, year in enumerate(YEARS):
        by_place = _split(FOREIGN_TOTAL[year], attraction)
        for pk, count in by_place.items():
            add("auslaender", pk, year, count)
            add("auslaender-18-64", pk, year, round(count * rng.uniform(0.62, 0.72)))
            shares = {group: shares[index] * rng.uniform(0.7, 1.3) for group, shares in GROUP_SHARES.items()}
            for group, part in _split(count, shares).items():
                if part:
                    add("auslaender", pk, year, part, NATIONALITY_GROUP, group)
        drift = 1 - 0.006 * (YEARS[-1] - year)  # the district shrinks a little every year
        for pk, population, _kind in places:
            base = population / drift if drift else population
            add("kinder-unter-6", pk, year, round(base * rng.uniform(0.040, 0.050)))
            add("erwerbsfaehiges-alter", pk, year, round(base * rng.uniform(0.57, 0.63)))
            rate = rng.uniform(0.08, 0.11) if town[pk] else rng.uniform(0.04, 0.07)
            add("leistungsbeziehende", pk, year, round(base * rate))
    IndicatorValue.objects.bulk_create(values, batch_size=2000)
    return len(values)
