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


@pytest.mark.django_db
def test_service_search_pages_ranked_by_the_database_equal_every_hit_ranked_in_python(
    client: Any, fresh_cache: None, make_offer: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first pages come ranked and cut by the database (``TextQuery.first_hits``, by
    default on PostgreSQL only, here on both); every page, and one beyond the last, equals the
    page cut from every hit ranked in Python."""
    from wegweiser.search.backends import get_backend
    from wegweiser.search.selectors import TextQuery

    monkeypatch.setattr(type(get_backend()), "cuts_first_hits", True)

    for n in [5, 1, 9, 3, 7, 2, 8, 4, 6]:
        make_offer(f"Beratung Nummer {n}", short_description="Beratung und Begleitung.")
    for n in range(3):
        make_offer(f"Treffpunkt {n}", short_description="Mit Beratung am Montag.")

    def pages() -> list[tuple]:
        found = []
        for per_page, page in [(2, 1), (2, 2), (2, 6), (2, 7), (5, 2), (50, 1)]:
            body, _queries = listing(
                client, f"{API}/services?search=beratung&per_page={per_page}&page={page}"
            )
            found.append((body["total_items"], [item["id"] for item in body["contents"]]))
        return found

    by_database = pages()
    monkeypatch.setattr(TextQuery, "FIRST_HITS_UP_TO", 0)
    assert by_database == pages()
    assert by_database[0][0] == 12 and len(by_database[5][1]) == 12 and by_database[3][1] == []


@pytest.mark.django_db
def test_a_german_service_list_reads_no_translation_rows_and_keeps_the_ranked_order(
    client: Any, fresh_cache: None, make_offer: Callable, district: Any
) -> None:
    """German is the source language: a German list reads no translation row of the offers or
    their organisations (an English one does); the ranked page is put in order in Python, not
    with an ``ORDER BY CASE`` over its ids."""
    from wegweiser.core.models import Language

    district.languages.set(Language.objects.filter(code="en"))
    for name in ["Beratung C", "Beratung A", "Beratung B"]:
        make_offer(name)
    body, german = listing(client, f"{API}/services?search=beratung&per_page=50")
    assert [item["name"] for item in body["contents"]] == ["Beratung A", "Beratung B", "Beratung C"]
    assert not [sql for sql in german if "translation" in sql]
    assert not [sql for sql in german if "ORDER BY CASE" in sql]
    # Neither ``lang`` nor Accept-Language: German, without reading the district's languages.
    assert not [sql for sql in german if "districts_district_languages" in sql]
    body, english = listing(client, f"{API}/services?search=beratung&per_page=50&lang=en")
    assert [item["name"] for item in body["contents"]] == ["Beratung A", "Beratung B", "Beratung C"]
    assert [sql for sql in english if "catalog_offertranslation" in sql]
