"""Every endpoint answers as HSDS 3.0 and our OpenAPI document say, on SQLite and PostgreSQL."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wegweiser.catalog.models import Offer, OfferLocation, Organisation, Taxonomy, TaxonomyTerm
from wegweiser.catalog.services.offers import offer_archive
from wegweiser.hsds.tests.hsds_schemas import errors, page_schema

API = "/api/hsds/v3"


def _ids() -> dict[str, str]:
    offer = Offer.objects.filter(state=Offer.State.PUBLISHED).exclude(offer_locations=None).first()
    return {
        "service": str(offer.pk),
        "organization": str(offer.organisation_id),
        "service_at_location": str(OfferLocation.objects.filter(offer=offer).first().pk),
        "taxonomy": str(Taxonomy.objects.first().pk),
        "taxonomy_term": str(TaxonomyTerm.objects.first().pk),
    }


LISTS = [
    ("/services", "compiled/service_list.json"),
    ("/services?full=true", "compiled/service.json"),
    ("/services?minimal=true", "compiled/service_list.json"),
    ("/services?lang=ar&search=deutschkurs", "compiled/service_list.json"),
    ("/organizations", "compiled/organization_list.json"),
    ("/organizations?full=true&full_service=true", "compiled/organization.json"),
    ("/service_at_locations", "compiled/service_at_location_list.json"),
    ("/service_at_locations?full=true", "compiled/service_at_location.json"),
    ("/service_at_locations?postcode=99734&proximity=3000", "compiled/service_at_location_list.json"),
    ("/taxonomies", "taxonomy.json"),
    ("/taxonomy_terms?lang=uk", "taxonomy_term.json"),
]


@pytest.mark.parametrize(("url", "schema"), LISTS)
def test_list_responses_are_valid_hsds_pages(client: Any, demo: None, url: str, schema: str) -> None:
    response = client.get(API + url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert errors(body, page_schema(schema)) == []
    assert body["contents"], "the demo catalog should fill the first page"


@pytest.mark.parametrize(
    ("kind", "path", "schema"),
    [
        ("service", "/services/{}", "compiled/service.json"),
        ("organization", "/organizations/{}", "compiled/organization.json"),
        # The HSDS OpenAPI names compiled/service.json here by mistake (see SOURCE.md).
        ("service_at_location", "/service_at_locations/{}", "compiled/service_at_location.json"),
        ("taxonomy", "/taxonomies/{}", "taxonomy.json"),
        ("taxonomy_term", "/taxonomy_terms/{}", "taxonomy_term.json"),
    ],
)
def test_detail_responses_are_valid_hsds_objects(
    client: Any, demo: None, kind: str, path: str, schema: str
) -> None:
    response = client.get(API + path.format(_ids()[kind]) + "?lang=ar")
    assert response.status_code == 200
    assert errors(response.json(), schema) == []


def test_root_names_version_profile_and_openapi(client: Any, demo: None) -> None:
    body = client.get(API + "/").json()
    assert body["version"] == "3.0"
    assert client.get(body["profile"]).status_code == 200
    assert client.get(body["openapi_url"]).json()["openapi"] == "3.1.0"


def test_every_documented_endpoint_answers_as_documented(client: Any, demo: None) -> None:
    document = client.get(API + "/openapi.json").json()
    ids = _ids()
    kinds = {"/services/{id}": "service", "/organizations/{id}": "organization",
             "/service_at_locations/{id}": "service_at_location", "/taxonomies/{id}": "taxonomy",
             "/taxonomy_terms/{id}": "taxonomy_term"}  # fmt: skip
    for path, item in document["paths"].items():
        url = API + path.replace("{id}", ids.get(kinds.get(path, ""), ""))
        response = client.get(url)
        assert response.status_code == 200, url
        schema = item["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        # The document is self-contained: its references resolve within its components.
        assert errors(response.json(), {**schema, "components": document["components"]}) == [], url
        if "{id}" in path:
            assert (
                client.get(API + path.replace("{id}", "00000000-0000-0000-0000-000000000000")).status_code
                == 404
            )
        documented = {p["$ref"].rsplit("/", 1)[1] for p in item["get"].get("parameters", []) if "$ref" in p}
        for name in documented & {"page", "per_page"}:
            assert client.get(url + f"?{name}=0").status_code == 400, (url, name)


def test_docs_page_lists_every_endpoint(client: Any, demo: None) -> None:
    page = client.get(API + "/docs/").content.decode()
    for path in ("/services", "/organizations", "/service_at_locations", "/taxonomies", "/taxonomy_terms"):
        assert f"GET {path}" in page


def test_only_published_offers_are_served(client: Any, demo: None) -> None:
    offer = Offer.objects.filter(state=Offer.State.PUBLISHED).first()
    offer_archive(actor=None, offer=offer)
    assert client.get(f"{API}/services/{offer.pk}").status_code == 404
    listed = {s["id"] for s in client.get(API + "/services?per_page=1000").json()["contents"]}
    assert str(offer.pk) not in listed
    assert (
        len(listed)
        == Offer.objects.filter(state=Offer.State.PUBLISHED)
        .exclude(status__in=["inactive", "defunct"])
        .count()
    )


@pytest.mark.parametrize("full", ["false", "true"])
def test_list_query_count_does_not_grow_with_page_size(client: Any, demo: None, full: str) -> None:
    counts = []
    for per_page in (2, 40):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{API}/services?per_page={per_page}&full={full}&page=1")
        assert len(response.json()["contents"]) == per_page
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= (6 if full == "false" else 22)


@pytest.mark.parametrize(
    "url", ["/organizations?full=true", "/service_at_locations?full=true", "/taxonomy_terms"]
)
def test_other_lists_have_constant_query_counts(client: Any, demo: None, url: str) -> None:
    counts = []
    for per_page in (2, 12):
        with CaptureQueriesContext(connection) as queries:
            client.get(f"{API}{url}&per_page={per_page}" if "?" in url else f"{API}{url}?per_page={per_page}")
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_filters_combine_with_and(client: Any, demo: None) -> None:
    term = TaxonomyTerm.objects.get(taxonomy__role="field_of_action", slug="sprache-bildung")
    org = Organisation.objects.filter(offers__terms=term).first()
    body = client.get(
        f"{API}/services?taxonomy_term_id={term.pk}&organization_id={org.pk}&per_page=1000"
    ).json()
    expected = Offer.objects.filter(state="published", terms=term, organisation=org).exclude(
        status__in=["inactive", "defunct"]
    )
    assert {s["id"] for s in body["contents"]} == {str(pk) for pk in expected.values_list("pk", flat=True)}
    free = client.get(f"{API}/services?field_of_action=sprache-bildung&free=true&per_page=1000").json()
    assert all(s["free_of_charge"] for s in free["contents"])
    assert (
        free["total_items"]
        <= client.get(f"{API}/services?field_of_action=sprache-bildung").json()["total_items"]
    )


def test_language_parameter_and_header_choose_the_text_language(client: Any, demo: None) -> None:
    translated = Offer.objects.filter(state="published", translations__language_id="ar").first()
    arabic = client.get(f"{API}/services/{translated.pk}?lang=ar").json()
    assert arabic["name"] == translated.translations.get(language_id="ar").name or translated.name
    header = client.get(f"{API}/services/{translated.pk}", HTTP_ACCEPT_LANGUAGE="ar,de;q=0.5")
    assert header.json()["language"] == "ar" and header["Content-Language"] == "ar"
    assert client.get(f"{API}/services?lang=xx").json()["message_de"].startswith("Die Sprache xx")


def test_etag_and_last_modified_give_304_until_the_catalog_changes(client: Any, demo: None) -> None:
    first = client.get(API + "/services")
    assert first["ETag"] and first["Last-Modified"]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(API + "/services", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert len(queries) <= 2  # the district and its languages; no catalog query
    assert client.get(API + "/services", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    offer_archive(actor=None, offer=Offer.objects.filter(state="published").first())
    changed = client.get(API + "/services", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed.json()["total_items"] == first.json()["total_items"] - 1


def test_ndjson_streams_every_result_without_pages(client: Any, demo: None) -> None:
    response = client.get(API + "/services?format=ndjson")
    lines = b"".join(response.streaming_content).decode().strip().splitlines()
    assert len(lines) == client.get(API + "/services").json()["total_items"]
