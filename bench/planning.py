"""The planning workspace on the nation catalog: boundaries and centres for every municipality
(from the product's data files), locations placed near their municipality's centre, 10
indicators per district with values for every municipality over 5 years, and a planner of the
largest district who opens the district overview (plain, against a need indicator and a field of
action with a change date) and the matrix."""

import datetime as dt
import random
import statistics
import time
import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from bench.stats import summarise
from wegweiser.access.models import Membership
from wegweiser.access.roles import PLANNER
from wegweiser.catalog.models import Location, TaxonomyTerm
from wegweiser.districts.models import District, Municipality
from wegweiser.districts.municipality_data import _state_file
from wegweiser.planning.models import Indicator, IndicatorValue

INDICATORS = 10
YEARS = 5


@transaction.atomic
def planning_data_load(*, seed: int = 14) -> dict:
    """Boundaries, centres, located offers and indicator values; returns counts and seconds."""
    rng = random.Random(seed)
    started = time.perf_counter()
    municipalities = list(Municipality.objects.select_related("district"))
    by_ags = {m.ags: m for m in municipalities}
    for state in sorted({m.ags[:2] for m in municipalities}):
        for row in (_state_file(state) or {}).get("municipalities", []):
            m = by_ags.get(row["ags"])
            if m is not None:
                lon, lat = row.get("point") or (None, None)
                m.latitude = Decimal(str(lat)).quantize(Decimal("0.000001")) if lat is not None else None
                m.longitude = Decimal(str(lon)).quantize(Decimal("0.000001")) if lon is not None else None
                m.boundary = row["boundary"]
    Municipality.objects.bulk_update(municipalities, ["latitude", "longitude", "boundary"], batch_size=500)
    locations = list(Location.objects.exclude(municipality=None).select_related("municipality"))
    for location in locations:
        m = location.municipality
        if m is not None and m.latitude is not None and m.longitude is not None:
            location.latitude = m.latitude + Decimal(rng.randint(-50, 50)) / 10000
            location.longitude = m.longitude + Decimal(rng.randint(-50, 50)) / 10000
    Location.objects.bulk_update(locations, ["latitude", "longitude"], batch_size=2000)
    geo_seconds = time.perf_counter() - started

    started = time.perf_counter()
    indicators = []
    for district in District.objects.all():
        indicators += [
            Indicator(id=uuid.uuid4(), district=district, code=f"indikator-{n}", name=f"Indikator {n}")
            for n in range(INDICATORS)
        ]
    Indicator.objects.bulk_create(indicators, batch_size=2000)
    by_district: dict = {}
    for indicator in indicators:
        by_district.setdefault(indicator.district_id, []).append(indicator)
    values = []
    count = 0
    for m in municipalities:
        for indicator in by_district[m.district_id]:
            for year in range(2021, 2021 + YEARS):
                values.append(
                    IndicatorValue(
                        id=uuid.uuid4(),
                        indicator=indicator,
                        municipality=m,
                        date=dt.date(year, 12, 31),
                        value=Decimal(rng.randint(0, max(m.population or 0, 1) // 5 + 1)),
                    )
                )
        if len(values) >= 20_000:
            IndicatorValue.objects.bulk_create(values, batch_size=5000)
            count += len(values)
            values = []
    IndicatorValue.objects.bulk_create(values, batch_size=5000)
    count += len(values)
    return {
        "municipalities": len(municipalities),
        "indicators": len(indicators),
        "indicator_values": count,
        "geo_seconds": round(geo_seconds, 1),
        "values_seconds": round(time.perf_counter() - started, 1),
    }


def measure_planning(*, district_key: str, rounds: int) -> dict:
    """Time the pages in the largest district by offers (``district_key``) and in the district
    with the most municipalities: wall time and the CPU time of this process (on SQLite that
    includes the database's work; PostgreSQL's server works in its own processes). The pages
    keep a district's offer facts while its catalog is unchanged
    (``planning.supply.offer_facts_cached``); the *first request after a catalog change* cases
    forget them before every request, so they read every offer again."""
    from django.db.models import Count

    from wegweiser.planning.supply import offer_facts_cache_clear

    most = (
        District.objects.annotate(n=Count("municipalities"))
        .order_by("-n", "key")
        .values_list("key", flat=True)[0]
    )
    user = get_user_model().objects.create_user("bench-planner", password="pw", is_staff=True)
    field = TaxonomyTerm.objects.get(taxonomy__role="field_of_action", slug="sprache-bildung")
    timings: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    described = {}
    client = Client()
    client.force_login(user)
    for label, key in (("largest", district_key), ("most_municipalities", most)):
        district = District.objects.get(key=key)
        Membership.objects.create(user=user, district=district, role=PLANNER)
        described[label] = {
            "key": key,
            "offers": district.offers.count(),
            "municipalities": Municipality.objects.filter(district=district).count(),
        }
        indicator = Indicator.objects.filter(district=district).order_by("code").first()
        cases = {
            f"{label}: overview": ("/planung/", {"kreis": key}, False),
            f"{label}: overview, need, field, since": (
                "/planung/",
                {"kreis": key, "indicator": str(indicator.pk), "field": str(field.pk), "since": "2025-01-01"},  # type: ignore[union-attr]
                False,
            ),
            f"{label}: matrix": ("/planung/matrix/", {"kreis": key}, False),
            f"{label}: overview, first request after a catalog change": ("/planung/", {"kreis": key}, True),
            f"{label}: matrix, first request after a catalog change": (
                "/planung/matrix/",
                {"kreis": key},
                True,
            ),
        }
        for name, (url, params, _fresh) in cases.items():  # warm-up (templates, translations)
            assert client.get(url, params).status_code == 200, name
            timings[name] = []
            cpu[name] = []
        for _ in range(rounds):
            for name, (url, params, fresh) in cases.items():
                if fresh:
                    offer_facts_cache_clear()
                c0 = time.process_time()
                t0 = time.perf_counter()
                response = client.get(url, params)
                timings[name].append((time.perf_counter() - t0) * 1000)
                cpu[name].append((time.process_time() - c0) * 1000)
                assert response.status_code == 200
    results = summarise(timings)
    for name, values in cpu.items():
        results[name]["cpu_median_ms"] = round(statistics.median(values), 2)
    return {"districts": described, "results": results}
