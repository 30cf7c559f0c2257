"""The API's ``search`` joins the search index in SQL (issue 12): a subquery, never a list of
ids, and a query count that does not grow with the hits or the page size."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wegweiser.api.tests.test_endpoints import API


@pytest.fixture
def fresh_cache(settings: Any) -> None:
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api-search"}
    }
    from django.core.cache import cache

    cache.clear()


def listing(client: Any, url: str) -> tuple[dict, list[str]]:
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json(), [q["sql"] for q in queries.captured_queries]


@pytest.mark.django_db
def test_service_search_is_a_subquery_with_a_constant_query_count(
    client: Any, fresh_cache: None, make_offer: Callable
) -> None:
    for n in range(3):
        make_offer(f"Beratung {n}")
    make_offer("Sprachcafé")
    body, few = listing(client, f"{API}/services?search=beratung&per_page=2")
    assert body["total_items"] == 3 and len(body["contents"]) == 2
    searching = [sql for sql in few if "search_searchdocument" in sql]
    assert searching and all(" IN (SELECT " in sql for sql in searching)
    for n in range(3, 20):
        make_offer(f"Beratung {n}")
    body, many = listing(client, f"{API}/services?search=beratung&per_page=50")
    assert body["total_items"] == 20 and len(body["contents"]) == 20
    assert len(many) == len(few)


@pytest.mark.django_db
def test_service_search_pages_keep_the_name_order_and_a_constant_query_count(
    client: Any, fresh_cache: None, make_offer: Callable
) -> None:
    for name in ["Beratung C", "Beratung A", "Beratung E", "Beratung B", "Beratung D"]:
        make_offer(name)
    make_offer("Sprachcafé")
    pages = []
    counts = []
    for page in (1, 2, 3):
        body, queries = listing(client, f"{API}/services?search=beratung&per_page=2&page={page}")
        assert body["total_items"] == 5
        pages.append([item["name"] for item in body["contents"]])
        counts.append(len(queries))
    assert pages == [["Beratung A", "Beratung B"], ["Beratung C", "Beratung D"], ["Beratung E"]]
    assert counts[0] == counts[1] == counts[2]
