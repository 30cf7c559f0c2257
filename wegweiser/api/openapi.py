"""The API's OpenAPI 3.1 document: HSDS 3.0's API with the Wegweiser profile's parameters.
Response schemas point at the official HSDS schema files, as HSDS's own openapi.json does."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from wegweiser.api.http import district_of
from wegweiser.hsds.profile import PROFILE_VERSION

HSDS = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


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
        "search", "Full text search (stemmed, typo tolerant; in the content language and German)."
    ),
    "page": _param("page", "Page number of paginated result (from 1).", "integer", minimum=1),
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
    ),
    "proximity": _param("proximity", "Metres from the centroid of `postcode`.", "number"),
    # Wegweiser profile
    "lang": _param(
        "lang",
        "Wegweiser profile: language of the text fields (one of the district's content languages); "
        "missing translations fall back to German. Default: Accept-Language, else German.",
    ),
    "lat": _param("lat", "Wegweiser profile: latitude of a point (with `lon` and `radius`).", "number"),
    "lon": _param("lon", "Wegweiser profile: longitude of a point (with `lat` and `radius`).", "number"),
    "radius": _param("radius", "Wegweiser profile: metres around `lat`/`lon`.", "number"),
    "municipality": _param(
        "municipality",
        "Wegweiser profile: official municipality key (AGS, 8 digits) served.",
        pattern=r"^\d{8}$",
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


def _page_of(schema: str, description: str) -> dict[str, Any]:
    return {
        "200": {
            "description": description,
            "content": {
                "application/json": {
                    "schema": {
                        "allOf": [{"$ref": "#/components/schemas/Page"}],
                        "properties": {"contents": {"type": "array", "items": {"$ref": HSDS + schema}}},
                    }
                }
            },
        },
        "400": {"$ref": "#/components/responses/BadRequest"},
    }


def _one(schema: str, description: str) -> dict[str, Any]:
    return {
        "200": {
            "description": description,
            "content": {"application/json": {"schema": {"$ref": HSDS + schema}}},
        },
        "404": {"$ref": "#/components/responses/NotFound"},
    }


def _item(kind: str, operation: str, schema: str, description: str, params: list[str] | None = None) -> dict:
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
            "parameters": _refs(params or ["lang"]),
            "responses": _one(schema, description),
        },
    }


def openapi_document(request: HttpRequest) -> dict[str, Any]:
    base = request.build_absolute_uri(reverse("api:root")).rstrip("/")
    district = district_of(request)
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
                "chosen with `lang` or Accept-Language, German filling gaps. Errors are JSON objects with "
                "`message` (English) and `message_de` (German)."
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
                    "responses": {
                        "200": {
                            "description": "HSDS version, profile URI and the URL of this document.",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Meta"}}
                            },
                        }
                    },
                }
            },
            "/services": {
                "get": {
                    "operationId": "getPaginatedListOfServices",
                    "parameters": _refs([*SERVICE_FILTERS, "minimal", "full"]),
                    "responses": _page_of(
                        "compiled/service_list.json",
                        "Published services (one-to-one fields and organization; fully nested with `full`).",
                    ),
                }
            },
            "/services/{id}": _item(
                "service", "getFullyNestedServiceById", "compiled/service.json", "A fully nested service."
            ),
            "/organizations": {
                "get": {
                    "operationId": "getPaginatedListOfOrganizations",
                    "parameters": _refs(
                        ["search", "full", "full_service", "page", "per_page", "format", "lang"]
                    ),
                    "responses": _page_of(
                        "compiled/organization_list.json", "Organizations of the district."
                    ),
                }
            },
            "/organizations/{id}": _item(
                "organization",
                "getOrganizationById",
                "compiled/organization.json",
                "A fully nested organization with its services.",
                ["full_service", "lang"],
            ),
            "/service_at_locations": {
                "get": {
                    "operationId": "getPaginatedListOfServiceAtLocation",
                    "parameters": _refs([*SERVICE_FILTERS, "full", "postcode", "proximity"]),
                    "responses": _page_of("compiled/service_at_location_list.json", "Services at locations."),
                }
            },
            "/service_at_locations/{id}": _item(
                "service_at_location",
                "getServiceAtLocationWithNestedDataById",
                "compiled/service_at_location.json",
                "A fully nested service at location.",
            ),
            "/taxonomies": {
                "get": {
                    "operationId": "getPaginatedListOfTaxonomies",
                    "parameters": _refs(["search", "page", "per_page", "format"]),
                    "responses": _page_of("taxonomy.json", "Taxonomies."),
                }
            },
            "/taxonomies/{id}": _item("taxonomy", "getTaxonomyById", "taxonomy.json", "A taxonomy.", []),
            "/taxonomy_terms": {
                "get": {
                    "operationId": "getPaginatedListOfTaxonomyTerms",
                    "parameters": _refs(
                        [
                            "search",
                            "page",
                            "per_page",
                            "format",
                            "taxonomy_id",
                            "top_only",
                            "parent_id",
                            "lang",
                        ]
                    ),
                    "responses": _page_of("taxonomy_term.json", "Taxonomy terms."),
                }
            },
            "/taxonomy_terms/{id}": _item(
                "taxonomy term", "getTaxonomyTermById", "taxonomy_term.json", "A taxonomy term."
            ),
        },
        "components": {
            "parameters": PARAMETERS,
            "schemas": {
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
                    "required": ["error", "message", "message_de"],
                    "properties": {
                        "error": {"type": "integer"},
                        "message": {"type": "string"},
                        "message_de": {"type": "string"},
                    },
                },
            },
            "responses": {
                "BadRequest": {
                    "description": "A parameter is invalid.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
                "NotFound": {
                    "description": "No published entry with this id.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
            },
        },
    }
