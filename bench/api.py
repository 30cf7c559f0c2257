"""Time the HSDS API (``/api/hsds/v3/``): list with ``per_page=50`` with and without ``search``,
and the service detail. Every timed request starts from an empty response cache, so the numbers
are the cost of building the answer; cache hits are reported separately."""

import random
import time
from collections.abc import Callable

from django.core.cache import cache
from django.test import Client

from bench.stats import summarise
from wegweiser.catalog.models import Offer
from wegweiser.districts.models import District

API_QUERIES = [
    "Deutschkurs",
    "Beratung",
    "Integrationskurs",
    "Migrationsberatung",
    "Hausaufgabenhilfe",
    "Frauen",
    "Bewerbung",
    "Sprachkuts",
    "Beratung Frauen",
    "language course",
]


def _timed(call: Callable[[], object], into: list[float]) -> object:
    t0 = time.perf_counter()
    result = call()
    into.append((time.perf_counter() - t0) * 1000)
    return result


def measure_api(*, district_keys: list[str], rounds: int, seed: int = 11) -> dict:
    """Median/p95 per case over ``district_keys`` (each served on its own host name)."""
    rng = random.Random(seed)
    client = Client()
    timings: dict[str, list[float]] = {
        "services_per_page_50": [],
        "services_per_page_50_page_20": [],
        "services_search_per_page_50": [],
        "service_detail": [],
        "services_per_page_50_cache_hit": [],
    }

    def get(url: str, host: str, case: str, *, cold: bool = True) -> None:
        if cold:
            cache.clear()
        response = _timed(lambda: client.get(url, HTTP_HOST=host), timings[case])
        assert response.status_code == 200, (url, response.status_code)  # type: ignore[attr-defined]

    base = "/api/hsds/v3"
    for _ in range(rounds):
        for key in district_keys:
            host = f"d{key}.bench"
            district = District.objects.get(key=key)
            ids = list(
                Offer.objects.filter(district=district, state=Offer.State.PUBLISHED).values_list(
                    "pk", flat=True
                )[:2000]
            )
            for _repeat in range(3):
                get(f"{base}/services?per_page=50", host, "services_per_page_50")
                get(f"{base}/services?per_page=50", host, "services_per_page_50_cache_hit", cold=False)
                get(f"{base}/services?per_page=50&page=20", host, "services_per_page_50_page_20")
            for query in API_QUERIES:
                get(f"{base}/services?per_page=50&search={query}", host, "services_search_per_page_50")
            for pk in rng.sample(ids, min(10, len(ids))):
                get(f"{base}/services/{pk}", host, "service_detail")
    return summarise(timings)
