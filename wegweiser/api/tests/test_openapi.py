"""The OpenAPI document is self-contained, passes openapi-spec-validator and documents every
status code and content type the views answer."""

from typing import Any

from openapi_spec_validator import validate

from wegweiser.api.tests.test_endpoints import API
from wegweiser.districts.models import District
from wegweiser.districts.selectors import district_content_languages


def _refs(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [v for k, v in value.items() if k == "$ref"] + [r for v in value.values() for r in _refs(v)]
    if isinstance(value, list):
        return [r for v in value for r in _refs(v)]
    return []


def test_document_is_self_contained_and_passes_openapi_spec_validator(client: Any, demo: None) -> None:
    document = client.get(API + "/openapi.json").json()
    validate(document)
    refs = _refs(document)
    assert refs and all(ref.startswith("#/components/") for ref in refs)
    for ref in refs:  # every reference resolves inside the document
        node: Any = document
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]


def test_document_names_every_status_code_content_type_and_language(client: Any, demo: None) -> None:
    document = client.get(API + "/openapi.json").json()
    operations = [item["get"] for item in document["paths"].values()]
    assert len(operations) == 11
    for operation in operations:
        assert operation["summary"]
        assert {"200", "304", "400", "404"} <= set(operation["responses"]), operation["operationId"]
    lists = [document["paths"][p]["get"] for p in document["paths"] if p != "/" and "{id}" not in p]
    for operation in lists:
        assert set(operation["responses"]["200"]["content"]) == {"application/json", "application/x-ndjson"}
    district = District.objects.get(key="16062")
    languages = set(district_content_languages(district=district).values_list("code", flat=True))
    lang = document["components"]["parameters"]["lang"]["schema"]
    assert set(lang["enum"]) == languages and len(languages) > 3
    error = document["components"]["schemas"]["Error"]
    assert {"error", "status", "message", "message_de", "parameter"} <= set(error["properties"])
