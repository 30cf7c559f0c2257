"""Validating against the official HSDS 3.0 schemas in ``../shared/hsds-3.0`` (read, not copied)."""

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012


def _shared() -> Path:
    """``../shared/hsds-3.0`` beside the project; ``WEGWEISER_HSDS_DIR`` or the workplace's
    copy when the project is cloned elsewhere (e.g. a CI clone in /tmp)."""
    candidates = [
        os.environ.get("WEGWEISER_HSDS_DIR", ""),
        Path(settings.BASE_DIR).parent / "shared" / "hsds-3.0",
    ]
    candidates.append(Path("/work/shared/hsds-3.0"))
    return next((Path(c) for c in candidates if c and Path(c, "schema").is_dir()), Path(candidates[1]))


SHARED = _shared()
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
