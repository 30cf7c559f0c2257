"""The API's OpenAPI 3.1 document: HSDS 3.0's API with the Wegweiser profile's parameters.
Self-contained: the response schemas are bundled under ``components/schemas`` (built from the
tabular layout and the profile, ``hsds/schemas.py``), so offline validators and test tools need
no other host. Every status code and content type the views return is documented."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from wegweiser.api.http import ERROR_CODES, district_of
from wegweiser.districts.selectors import district_content_languages
from wegweiser.hsds.profile import PROFILE_VERSION
from wegweiser.hsds.schemas import object_schemas, schema_ref
from wegweiser.hsds.selectors import language_codes, term_slugs


def _param(name: str, description: str, kind: str = "string", **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": kind, **extra},
    }


PARAMETERS = {
    "search": _param(
        "search",
        "Full text search (stemmed, typo tolerant; in the content language and German).",
        maxLength=200,
    ),
    "page": _param("page", "Page number of paginated result (from 1).", "integer", minimum=1, maximum=10**9),
    "per_page": _param(
        "per_page", "Number of results per page (1–1000, default 50).", "integer", minimum=1, maximum=1000
    ),
    "format": _param(
        "format",
        "`json` (default) or `ndjson`: every result, one per line, without pagination.",
        enum=["json", "ndjson"],
    ),
    "taxonomy_term_id": _param("taxonomy_term_id", "Services with this taxonomy term.", format="uuid"),
    "taxonomy_id": _param("taxonomy_id", "Services with any term of this taxonomy.", format="uuid"),
    "organization_id": _param("organization_id", "Services of this organization.", format="uuid"),
    "modified_after": _param(
        "modified_after", "Services modified on or after this date-time (ISO 8601).", format="date-time"
    ),
    "minimal": _param("minimal", "Only id, name, status and last_modified of each service.", "boolean"),
    "full": _param("full", "Fully nested objects.", "boolean"),
    "full_service": _param("full_service", "Fully nested services inside organizations.", "boolean"),
    "postcode": _param(
        "postcode",
        "German postcode. Without `proximity`: services for the whole district, for a municipality with "
        "this postcode, or at a location with it. With `proximity`: locations within that distance of "
        "the postcode's centroid.",
        pattern=r"^[0-9]{5}$",
    ),
    "proximity": _param(
        "proximity",
        "Metres from the centroid of `postcode` (needs `postcode`).",
        "number",
        minimum=1,
        maximum=500_000,
    ),
    # Wegweiser profile
    "lang": _param(
        "lang",
        "Wegweiser profile: language of the text fields (one of the district's content languages); "
        "missing translations fall back to German. Default: Accept-Language, else German.",
    ),
    "lat": _param(
        "lat",
        "Wegweiser profile: latitude of a point (with `lon` and `radius`).",
        "number",
        minimum=-90,
        maximum=90,
    ),
    "lon": _param(
        "lon",
        "Wegweiser profile: longitude of a point (with `lat` and `radius`).",
        "number",
        minimum=-180,
        maximum=180,
    ),
    "radius": _param(
        "radius", "Wegweiser profile: metres around `lat`/`lon`.", "number", minimum=1, maximum=500_000
    ),
    "municipality": _param(
        "municipality",
        "Wegweiser profile: official municipality key (AGS, 8 digits) served.",
        pattern=r"^[0-9]{8}$",
    ),
    "delivery_language": _param(
        "delivery_language", "Wegweiser profile: language the offer is delivered in (ISO 639-1)."
    ),
    "field_of_action": _param("field_of_action", "Wegweiser profile: field of action (term slug or id)."),
    "target_group": _param("target_group", "Wegweiser profile: target group (term slug or id)."),
    "free": _param(
        "free", "Wegweiser profile: only offers free of charge (true) or with costs (false).", "boolean"
    ),
    "top_only": _param("top_only", "Only terms without a parent.", "boolean"),
    "parent_id": _param("parent_id", "Only children of this term.", format="uuid"),
}

SERVICE_FILTERS = [
    "search", "page", "per_page", "format", "taxonomy_term_id", "taxonomy_id", "organization_id",
    "modified_after", "lang", "lat", "lon", "radius", "municipality", "delivery_language",
    "field_of_action", "target_group", "free",
]  # fmt: skip


def _refs(names: list[str]) -> list[dict[str, str]]:
    return [{"$ref": f"#/components/parameters/{n}"} for n in names]


# Every view answers these besides 200 (see api/http.py: api_view).
_ERRORS = {
    "304": {"$ref": "#/components/responses/NotModified"},
    "400": {"$ref": "#/components/responses/BadRequest"},
    "404": {"$ref": "#/components/responses/NotFound"},
    "412": {"$ref": "#/components/responses/PreconditionFailed"},
}


def _page_of(table: str, description: str) -> dict[str, Any]:
    return {
        "200": {
            "description": description,
            "content": {
                "application/json": {
                    "schema": {
                        "allOf": [{"$ref": "#/components/schemas/Page"}],
                        "properties": {"contents": {"type": "array", "items": schema_ref(table)}},
                    }
                },
                "application/x-ndjson": {
                    "schema": {
                        **schema_ref(table),
                        "description": "With `format=ndjson`: every result, one JSON object per line.",
                    }
                },
            },
        },
        **_ERRORS,
    }


def _one(table: str, description: str) -> dict[str, Any]:
    return {
        "200": {"description": description, "content": {"application/json": {"schema": schema_ref(table)}}},
        **_ERRORS,
    }


def _list(operation: str, summary: str, table: str, description: str, params: list[str]) -> dict:
    return {
        "get": {
            "operationId": operation,
            "summary": summary,
            "parameters": _refs(params),
            "responses": _page_of(table, description),
        }
    }


def _item(kind: str, operation: str, table: str, description: str, params: list[str] | None = None) -> dict:
    return {
        "parameters": [
            {
                "in": "path",
                "name": "id",
                "required": True,
                "description": f"The {kind} id.",
                "schema": {"type": "string", "format": "uuid"},
            }
        ],
        "get": {
            "operationId": operation,
            "summary": f"One {kind} by id",
            "parameters": _refs(["lang"] if params is None else params),
            "responses": _one(table, description),
        },
    }


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def openapi_document(request: HttpRequest) -> dict[str, Any]:
    base = request.build_absolute_uri(reverse("api:root")).rstrip("/")
    district = district_of(request)
    languages = sorted(district_content_languages(district=district).values_list("code", flat=True))
    parameters = dict(PARAMETERS)
    parameters["lang"] = {**PARAMETERS["lang"], "schema": {"type": "string", "enum": languages}}
    parameters["delivery_language"] = {
        **PARAMETERS["delivery_language"],
        "schema": {"type": "string", "enum": language_codes()},
    }
    for name, role in (("field_of_action", "field_of_action"), ("target_group", "target_group")):
        parameters[name] = {
            **PARAMETERS[name],
            "schema": {
                "anyOf": [{"type": "string", "enum": term_slugs(role)}, {"type": "string", "format": "uuid"}]
            },
        }
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": f"Wegweiser – Angebotskatalog {district.name} (HSDS 3.0)",
            "version": PROFILE_VERSION,
            "summary": "Offers for people with a migration background, as Open Referral HSDS 3.0.",
            "description": (
                "Read-only API of the published catalog. Every response carries ETag and Last-Modified; send "
                "If-None-Match or If-Modified-Since to get 304 Not Modified. Text fields come in the language "
                "chosen with `lang` or Accept-Language, German filling gaps. Every parameter is checked: a bad "
                "value gets 400 with a JSON error naming the `parameter`, in English (`message`) and German "
                "(`message_de`)."
            ),
            "contact": {
                "name": district.office_name,
                "email": district.office_email or "nobody@example.invalid",
            },
            "license": {"name": "Data: CC BY 4.0; schema: HSDS 3.0, CC BY-SA 4.0", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": base}],
        "paths": {
            "/": {
                "get": {
                    "operationId": "getAPIMetaInformation",
                    "summary": "HSDS version, profile and this document",
                    "parameters": _refs(["lang"]),
                    "responses": {
                        "200": {
                            "description": "HSDS version, profile URI and the URL of this document.",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Meta"}}
                            },
                        },
                        **_ERRORS,
                    },
                }
            },
            "/services": _list(
                "getPaginatedListOfServices",
                "Published services, filtered and paginated",
                "service",
                "Published services (one-to-one fields and organization; fully nested with `full`).",
                [*SERVICE_FILTERS, "minimal", "full"],
            ),
            "/services/{id}": _item(
                "service", "getFullyNestedServiceById", "service", "A fully nested service."
            ),
            "/organizations": _list(
                "getPaginatedListOfOrganizations",
                "Organizations of the district",
                "organization",
                "Organizations of the district.",
                ["search", "full", "full_service", "page", "per_page", "format", "lang"],
            ),
            "/organizations/{id}": _item(
                "organization",
                "getOrganizationById",
                "organization",
                "A fully nested organization with its services.",
                ["full_service", "lang"],
            ),
            "/service_at_locations": _list(
                "getPaginatedListOfServiceAtLocation",
                "Services at their locations, filtered and paginated",
                "service_at_location",
                "Services at locations.",
                [*SERVICE_FILTERS, "full", "postcode", "proximity"],
            ),
            "/service_at_locations/{id}": _item(
                "service at location",
                "getServiceAtLocationWithNestedDataById",
                "service_at_location",
                "A fully nested service at location.",
            ),
            "/taxonomies": _list(
                "getPaginatedListOfTaxonomies",
                "Taxonomies (vocabularies)",
                "taxonomy",
                "Taxonomies.",
                ["search", "page", "per_page", "format", "lang"],
            ),
            "/taxonomies/{id}": _item("taxonomy", "getTaxonomyById", "taxonomy", "A taxonomy."),
            "/taxonomy_terms": _list(
                "getPaginatedListOfTaxonomyTerms",
                "Taxonomy terms",
                "taxonomy_term",
                "Taxonomy terms.",
                ["search", "page", "per_page", "format", "taxonomy_id", "top_only", "parent_id", "lang"],
            ),
            "/taxonomy_terms/{id}": _item(
                "taxonomy term", "getTaxonomyTermById", "taxonomy_term", "A taxonomy term."
            ),
        },
        "components": {
            "parameters": parameters,
            "schemas": {
                **object_schemas(),
                "Page": {
                    "type": "object",
                    "required": [
                        "total_items",
                        "total_pages",
                        "page_number",
                        "size",
                        "first_page",
                        "last_page",
                        "empty",
                    ],
                    "properties": {
                        "total_items": {"type": "integer", "description": "Number of matching entities."},
                        "total_pages": {"type": "integer", "description": "Count of pages."},
                        "page_number": {"type": "integer", "description": "Number of this page."},
                        "size": {"type": "integer", "description": "Number of entities on this page."},
                        "first_page": {"type": "boolean", "description": "This is the first page."},
                        "last_page": {"type": "boolean", "description": "This is the last page."},
                        "empty": {"type": "boolean", "description": "Nothing matched."},
                    },
                },
                "Meta": {
                    "type": "object",
                    "required": ["version", "profile", "openapi_url"],
                    "properties": {
                        "version": {"type": "string"},
                        "profile": {"type": "string", "format": "uri"},
                        "openapi_url": {"type": "string", "format": "uri"},
                    },
                },
                "Error": {
                    "type": "object",
                    "required": ["error", "status", "message", "message_de"],
                    "properties": {
                        "error": {
                            "type": "string",
                            "enum": sorted(set(ERROR_CODES.values())),
                            "description": "Kind of error.",
                        },
                        "status": {"type": "integer", "description": "The HTTP status code."},
                        "message": {"type": "string", "description": "What went wrong, in English."},
                        "message_de": {"type": "string", "description": "The same in German."},
                        "parameter": {
                            "type": "string",
                            "description": "The query parameter that was refused (400 only).",
                        },
                    },
                },
            },
            "responses": {
                "NotModified": {
                    "description": "Not Modified: the ETag or Last-Modified sent is still current."
                },
                "BadRequest": _error_response("A parameter is invalid; `parameter` names it."),
                "NotFound": _error_response("No published entry with this id, or no district served here."),
                "PreconditionFailed": _error_response("If-Match or If-Unmodified-Since did not hold."),
            },
        },
    }
