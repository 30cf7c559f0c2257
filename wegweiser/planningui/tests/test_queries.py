"""The overview and the matrix take the same number of queries however many offers a district
has (supply is counted over the offers' facts, read in a fixed number of queries), and fewer
while the district's catalog is unchanged (the facts are kept per district, see
``planning.supply.offer_facts_cached``)."""

import datetime as dt
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wegweiser.catalog.models import TaxonomyTerm
from wegweiser.districts.models import District, Municipality
from wegweiser.districts.services import district_catalog_changed
from wegweiser.planning import supply
from wegweiser.planning.models import Indicator, IndicatorValue
from wegweiser.planning.supply import offer_facts_cache_clear, offer_facts_cached, places_for

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("planningui:overview")
MATRIX = reverse("planningui:matrix")
FACT_QUERIES = 5  # offers, terms, languages, service areas, locations


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    offer_facts_cache_clear()
    yield
    offer_facts_cache_clear()


def _add_offers(make_offer: Any, start: int, count: int) -> None:
    towns = list(Municipality.objects.order_by("ags"))
    for n in range(start, start + count):
        make_offer(
            f"Angebot {n}",
            fields=("sprache-bildung",) if n % 2 else ("beratung",),
            serves_whole_district=n % 3 == 0,
            municipalities=[towns[n % len(towns)]],
            places=n,
        )


def _queries(client: Client, url: str, params: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def _cases(district: District) -> list[tuple[str, dict[str, str]]]:
    indicator = Indicator.objects.create(district=district, code="kinder-u6", name="Kinder unter 6")
    for m in Municipality.objects.filter(district=district):
        IndicatorValue.objects.create(
            indicator=indicator, municipality=m, date=dt.date(2025, 12, 31), value=50
        )
    field = TaxonomyTerm.objects.get(taxonomy__role="field_of_action", slug="sprache-bildung")
    need = {"indicator": str(indicator.pk), "field": str(field.pk), "since": "2025-01-01"}
    return [(OVERVIEW, {}), (OVERVIEW, need), (MATRIX, {}), (MATRIX, {"field": str(field.pk)})]


def test_overview_and_matrix_take_the_same_queries_for_ten_times_the_offers(
    make_offer: Any, district: District, planner: Any
) -> None:
    client = Client()
    client.force_login(planner)
    cases = _cases(district)
    counted: dict[int, list[tuple[int, int]]] = {}
    for size, more in ((3, 3), (30, 27)):
        _add_offers(make_offer, size, more)
        counted[size] = []
        for url, params in cases:
            offer_facts_cache_clear()
            first = _queries(client, url, params)
            again = _queries(client, url, params)
            counted[size].append((first, again))
    assert counted[3] == counted[30]
    for (first, again), (url, params) in zip(counted[30], cases, strict=True):
        assert first - again == FACT_QUERIES, (url, params)
        assert first <= 25, (url, params)


def test_cached_facts_are_read_again_after_a_catalog_change(make_offer: Any, district: District) -> None:
    places = places_for(district=district)
    _add_offers(make_offer, 0, 2)
    with CaptureQueriesContext(connection) as first:
        facts = offer_facts_cached(district=district, places=places)
    assert len(first) == 1 + FACT_QUERIES and len(facts) == 2
    with CaptureQueriesContext(connection) as again:
        assert offer_facts_cached(district=district, places=places) is facts
    assert len(again) == 1
    _add_offers(make_offer, 2, 1)  # a new offer
    assert len(offer_facts_cached(district=district, places=places)) == 3
    facts = offer_facts_cached(district=district, places=places)
    district_catalog_changed(district_ids=[district.pk])  # any change through the catalog services
    assert offer_facts_cached(district=district, places=places) is not facts
    facts = offer_facts_cached(district=district, places=places)
    Municipality.objects.filter(ags="16062041").update(latitude=51.6, longitude=10.8)  # a moved centre
    assert offer_facts_cached(district=district, places=places_for(district=district)) is not facts


def test_the_cache_keeps_a_bounded_number_of_districts(district: District) -> None:
    places = places_for(district=district)
    offer_facts_cached(district=district, places=places)
    for _n in range(supply.FACTS_CACHE_DISTRICTS + 3):
        offer_facts_cached(district=uuid.uuid4(), places=[])  # districts without offers
    assert len(supply._facts_cache) == supply.FACTS_CACHE_DISTRICTS
    assert district.pk not in supply._facts_cache  # the least recently used left first
