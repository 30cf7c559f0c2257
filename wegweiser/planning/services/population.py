"""Population as indicator values: ``district_setup`` stores each municipality's population (total,
male, female) from the official municipality register; this turns them into values of the
indicator "Bevölkerung" (total, and broken down by sex), so that the planning pages read
population through the same mechanism as every other indicator."""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from wegweiser.access import permissions
from wegweiser.access.policy import require
from wegweiser.districts.models import District, Municipality
from wegweiser.planning.models import Indicator, IndicatorValue
from wegweiser.planning.models.indicators import SEX
from wegweiser.planning.services.indicators import indicator_create

POPULATION_CODE = "bevoelkerung"
POPULATION = {
    "code": POPULATION_CODE,
    "name": "Bevölkerung",
    "unit": "Personen",
    "topic": "Bevölkerung",
    "description": (
        "Einwohnerinnen und Einwohner (Bevölkerungsfortschreibung), insgesamt und nach Geschlecht."
    ),
    "source": "Statistische Ämter des Bundes und der Länder, Gemeindeverzeichnis (GV-ISys)",
    "licence": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    "genesis_code": "BEVSTD",
    "level": Indicator.Level.MUNICIPALITY,
    "aggregation": Indicator.Aggregation.SUM,
}


@transaction.atomic
def population_indicators_sync(*, actor: Any, district: District) -> int:
    """Create the population indicator if missing and set its values (total, "w", "m") for every
    municipality with a population and a reference date. Returns the number of values written
    (created or changed). Idempotent."""
    require(actor=actor, permission=permissions.INDICATOR_IMPORT, district=district)
    indicator = Indicator.objects.filter(district=district, code=POPULATION_CODE).first()
    if indicator is None:
        indicator = indicator_create(actor=actor, district=district, data=POPULATION)
    wanted: dict[tuple[Any, datetime.date, str, str], Decimal] = {}
    rows = Municipality.objects.filter(district=district, population__isnull=False).values_list(
        "pk", "population_date", "population", "population_male", "population_female"
    )
    fallback = datetime.date(datetime.date.today().year - 1, 12, 31)
    for pk, date, total, male, female in rows:
        if total is None:
            continue
        date = date or fallback
        wanted[(pk, date, "", "")] = Decimal(total)
        if male is not None:
            wanted[(pk, date, SEX, "m")] = Decimal(male)
        if female is not None:
            wanted[(pk, date, SEX, "w")] = Decimal(female)
    existing = {
        (m, d, b, p): (pk, v)
        for pk, m, d, b, p, v in IndicatorValue.objects.filter(indicator=indicator).values_list(
            "pk", "municipality_id", "date", "breakdown", "breakdown_value", "value"
        )
    }
    creates, updates = [], []
    for slot, value in wanted.items():
        old = existing.get(slot)
        if old is None:
            municipality, date, breakdown, part = slot
            creates.append(
                IndicatorValue(
                    indicator=indicator,
                    municipality_id=municipality,
                    date=date,
                    breakdown=breakdown,
                    breakdown_value=part,
                    value=value,
                )
            )
        elif old[1] != value:
            updates.append(IndicatorValue(pk=old[0], value=value))
    IndicatorValue.objects.bulk_create(creates, batch_size=2000)
    IndicatorValue.objects.bulk_update(updates, ["value"], batch_size=2000)
    return len(creates) + len(updates)
