"""Malformed input (NUL bytes, bytes that are not UTF-8, bad parameter values) gets 400 or is
ignored, never a server error; on PostgreSQL NUL bytes used to answer 500."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from wegweiser.districts.models import District

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(district: District, make_offer: Callable) -> Any:
    return make_offer("Sprachcafé für Frauen")


@pytest.mark.parametrize(
    "url",
    [
        "/de/angebote/?q=%00",
        "/de/angebote/?q=Sprach%00caf%C3%A9",
        "/de/angebote/?field=%00",
        "/de/angebote/?lang=%00",
        "/de/angebote/?%00=1",
        "/de/?q=%ff",
        "/de/angebote/?q=%ED%A0%80",  # an encoded surrogate
        "/de/angebote/sprachcafe%00/",
        "/de/traeger/x%00y/",
    ],
)
def test_nul_bytes_and_broken_utf8_in_directory_urls_get_a_german_400_page(
    client: Client, offer: Any, url: str
) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Ungültige Anfrage" in page and '<html lang="de">' in page


@pytest.mark.parametrize(
    "url",
    [
        "/api/hsds/v3/services?search=%00",
        "/api/hsds/v3/services?search=%ff",
        "/api/hsds/v3/organizations?%00",
        "/api/hsds/v3/services/%00",
        "/api/hsds/v3/taxonomy_terms?taxonomy_id=%00",
    ],
)
def test_nul_bytes_in_api_requests_get_the_apis_json_error(client: Client, offer: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "bad_request" and body["status"] == 400
    assert "NUL" in body["message"] and "Zeichen" in body["message_de"]


def test_admin_changelist_search_with_a_nul_byte_is_400(client: Client, editor: Any, offer: Any) -> None:
    client.force_login(editor)
    assert client.get("/admin/catalog/offer/?q=%00").status_code == 400
    assert client.get("/admin/catalog/organisation/?q=a%00b").status_code == 400
    assert client.get("/admin/catalog/offer/?q=Sprach").status_code == 200


def test_form_posts_with_nul_bytes_are_400(client: Client, editor: Any) -> None:
    response = client.post("/admin/login/", {"username": "editor\x00", "password": "pw"})
    assert response.status_code == 400
    response = client.post(
        "/admin/login/", b"username=a%00&password=b", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    response = client.post("/admin/login/", b"username=%ff", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


def test_a_nul_byte_in_a_cookie_is_400(client: Client, offer: Any) -> None:
    client.cookies["sessionid"] = "abcdefgh\x00"
    assert client.get("/de/").status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "q=Sprachcaf%C3%A9",
        "q=%D8%B9%D8%B1%D8%A8%D9%8A",  # Arabic
        "q=" + "x" * 500,
        "page=abc",
        "page=-1",
        "page=0",
        "page=100000000000000000000000000000",
        "page=99999",
        "field=gibt-es-nicht",
        "field=" + "x" * 300,
        "municipality=3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "municipality=not-a-uuid",
        "target_group=%27%3B--",
        "lang=xx",
        "lang=ar&q=Kurs",
        "free=maybe&childcare=2&barrier_free=%C3%A4",
        "q=%2B%2D%22%28%29%2A",
    ],
)
def test_bad_or_unknown_directory_parameters_are_ignored_not_500(
    client: Client, offer: Any, query: str
) -> None:
    response = client.get(f"/de/angebote/?{query}")
    assert response.status_code == 200


def test_valid_text_still_finds_the_offer(client: Client, offer: Any) -> None:
    response = client.get("/de/angebote/?q=Sprachcaf%C3%A9&page=abc")
    assert response.status_code == 200
    assert "Sprachcafé für Frauen" in response.content.decode()
