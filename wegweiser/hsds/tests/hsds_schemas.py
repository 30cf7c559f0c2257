"""Validating against the official HSDS 3.0 schemas in ``../shared/hsds-3.0`` (read, not copied)."""

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SHARED = Path(settings.BASE_DIR).parent / "shared" / "hsds-3.0"
HSDS = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


def _retrieve(uri: str) -> Resource:
    if not uri.startswith(HSDS):
        raise LookupError(uri)
    path = SHARED / "schema" / uri.removeprefix(HSDS)
    return Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT202012)


@cache
def registry() -> Registry:
    return Registry(retrieve=_retrieve)  # type: ignore[call-arg]


def errors(instance: Any, schema: dict[str, Any] | str) -> list[str]:
    """Messages of every violation of ``schema`` (a schema or an HSDS file name such as
    ``compiled/service.json``)."""
    if isinstance(schema, str):
        schema = {"$ref": HSDS + schema}
    validator = Draft202012Validator(
        schema, registry=registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


PAGE_FIELDS = ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty"]


def page_schema(item: str) -> dict[str, Any]:
    """HSDS's Page with every field required, and ``contents`` items of the given schema."""
    openapi = json.loads((SHARED / "schema" / "openapi.json").read_text())
    page = dict(openapi["components"]["schemas"]["Page"])
    page["required"] = [*PAGE_FIELDS, "contents"]
    page["properties"] = page["properties"] | {"contents": {"type": "array", "items": {"$ref": HSDS + item}}}
    return page
