"""Every query parameter is checked: bad input gets 400 with one JSON error shape that names the
parameter, never 500 (on PostgreSQL a NUL byte in ``search`` used to fail in the database)."""

from typing import Any

import pytest

from wegweiser.api.http import error_response
from wegweiser.api.tests.test_endpoints import API


@pytest.fixture
def catalog(make_offer: Any, settings: Any) -> None:
    """One published offer of the default district (enough for parameter checks, fast)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api-parameters"}
    }
    from django.core.cache import cache

    cache.clear()
    make_offer("Deutschkurs am Abend", fields=("sprache-bildung",), groups=("familien",))


BAD = [
    ("/services?search=%00", "search"),
    ("/services?search=Deutsch%00kurs", "search"),
    ("/organizations?search=%00", "search"),
    ("/taxonomies?search=%00", "search"),
    ("/taxonomy_terms?search=%00", "search"),
    ("/service_at_locations?search=%00", "search"),
    ("/services?search=" + "x" * 201, "search"),
    ("/services?municipality=%00", "municipality"),
    ("/services?field_of_action=%00", "field_of_action"),
    ("/services?%00=1", ""),
    ("/services?taxonomy_term_id=nope", "taxonomy_term_id"),
    ("/services?taxonomy_id=1234", "taxonomy_id"),
    ("/services?organization_id=%00", "organization_id"),
    ("/taxonomy_terms?parent_id=x", "parent_id"),
    ("/taxonomy_terms?taxonomy_id=x", "taxonomy_id"),
    ("/services?page=0", "page"),
    ("/services?page=-1", "page"),
    ("/services?page=1.5", "page"),
    ("/services?page=%C2%B2", "page"),  # superscript two: a digit to str.isdigit, not to int()
    ("/services?page=99999999999999999999", "page"),
    ("/services?per_page=1001", "per_page"),
    ("/services?per_page=abc", "per_page"),
    ("/services?format=xml", "format"),
    ("/services?lang=xx", "lang"),
    ("/services?minimal=maybe", "minimal"),
    ("/services?full=2", "full"),
    ("/services?free=ja", "free"),
    ("/organizations?full_service=x", "full_service"),
    ("/taxonomy_terms?top_only=x", "top_only"),
    ("/services?modified_after=yesterday", "modified_after"),
    ("/services?modified_after=2024-13-45", "modified_after"),
    ("/services?modified_after=2024-02-30T10:00:00", "modified_after"),
    ("/services?modified_after=0001-01-01T00:00:00%2B05:00", "modified_after"),
    ("/services?modified_after=9999-12-31T23:59:59-05:00", "modified_after"),
    ("/services?lat=91&lon=10&radius=100", "lat"),
    ("/services?lat=51&lon=181&radius=100", "lon"),
    ("/services?lat=51&lon=10&radius=0", "radius"),
    ("/services?lat=nan&lon=10&radius=100", "lat"),
    ("/services?lat=51&lon=inf&radius=100", "lon"),
    ("/services?lat=51&radius=100", "lon"),
    ("/services?lat=51&lon=10", "radius"),
    ("/services?radius=100", "lat"),
    ("/service_at_locations?proximity=1000", "proximity"),
    ("/service_at_locations?postcode=9973&proximity=1000", "postcode"),
    ("/service_at_locations?postcode=00000&proximity=1000", "postcode"),
    ("/service_at_locations?postcode=99734&proximity=-5", "proximity"),
    ("/services?municipality=1606", "municipality"),
    ("/services?delivery_language=klingon", "delivery_language"),
    ("/services?delivery_language=zz", "delivery_language"),
    ("/services?field_of_action=no-such-field", "field_of_action"),
    ("/services?target_group=00000000-0000-0000-0000-000000000000", "target_group"),
    ("/services?field_of_action=kinder", "field_of_action"),  # a target group, not a field of action
]


@pytest.mark.parametrize(("url", "parameter"), BAD)
def test_bad_parameter_gets_400_with_a_json_error_naming_it(
    client: Any, catalog: None, url: str, parameter: str
) -> None:
    response = client.get(API + url)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["error"] == "bad_request" and body["status"] == 400
    assert body["parameter"] == parameter
    assert body["message"] and body["message_de"]


@pytest.mark.parametrize(
    "url",
    [
        "/services?search=Deutschkurs&page=1&per_page=1000",
        "/services?modified_after=2024-01-31",
        "/services?modified_after=2024-01-31T10:00:00Z",
        "/services?modified_after=2024-01-31T10:00:00+01:00",  # "+" arrives as a space
        "/services?field_of_action=sprache-bildung&target_group=familien&free=false",
        "/services?delivery_language=AR",
        "/services?municipality=16062041&format=ndjson",
        "/services?lat=51.37&lon=10.87&radius=5000",
        "/service_at_locations?postcode=99734&proximity=3000",
        "/taxonomy_terms?top_only=true&lang=de",
    ],
)
def test_good_parameters_are_accepted(client: Any, catalog: None, url: str) -> None:
    assert client.get(API + url).status_code == 200


def test_detail_with_a_bad_id_is_not_found_as_json(client: Any, catalog: None) -> None:
    # (A NUL byte in the path is refused earlier, with 400: security/tests/test_malformed_input.py.)
    response = client.get(API + "/services/kein-gueltiger-schluessel")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert "parameter" not in response.json()


def test_error_shape_is_one_function_others_can_reuse() -> None:
    response = error_response(400, "Bad.", "Schlecht.", parameter="q")
    assert response.status_code == 400
    assert response.content == (
        b'{"error": "bad_request", "status": 400, "message": "Bad.", "message_de": "Schlecht.", "parameter": "q"}'
    )
