"""JSON Schemas of the HSDS objects we serve, built from the tabular layout (``tables.py``: the
columns, formats and constraints of HSDS 3.0's data package) and the nesting of objects, with the
Wegweiser profile's patches applied. The API's OpenAPI document bundles them under
``components/schemas`` so that it needs nothing from another host.

The tests check our responses against both these schemas and the official HSDS schema files."""

from typing import Any

from wegweiser.hsds.profile import PATCHES, merge_patch
from wegweiser.hsds.tables import CHILDREN, TABLES, Column

# Nested keys that hold one object; every other nested key holds an array.
SINGLE = {
    "organization",
    "program",
    "location",
    "service",
    "taxonomy_detail",
    "taxonomy_term",
    "funding_programme",
}
_TYPES = {
    "string": {"type": "string"},
    "number": {"type": "number"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "time": {"type": "string", "pattern": r"^\d{2}:\d{2}:\d{2}"},
    "datetime": {"type": "string", "format": "date-time"},
}


def schema_ref(table: str, prefix: str = "#/components/schemas/") -> dict[str, Any]:
    return {"$ref": prefix + table}


def _property(column: Column) -> dict[str, Any]:
    spec: dict[str, Any] = dict(_TYPES[column.type])
    if column.format:
        spec["format"] = column.format
    if column.enum:
        spec["enum"] = list(column.enum)
    if column.pattern:
        spec["pattern"] = column.pattern
    return spec


def _required_in_json(column: Column) -> bool:
    """HSDS's JSON objects require a table's required columns except the links to a parent,
    which nesting replaces (``service.organization_id``, ``attribute.link_id``, …)."""
    if not column.required or column.name == "id":
        return column.required
    return not (column.name.endswith("_id") or column.name.startswith(("link_", "resource_")))


def _rewrite_refs(value: Any, prefix: str) -> Any:
    """The profile's patches refer to ``translation.json``; point them into ``components``."""
    if isinstance(value, dict):
        return {
            k: (
                prefix + v.removesuffix(".json")
                if k == "$ref" and isinstance(v, str)
                else _rewrite_refs(v, prefix)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_rewrite_refs(v, prefix) for v in value]
    return value


def object_schemas(prefix: str = "#/components/schemas/") -> dict[str, dict[str, Any]]:
    """``{table name: JSON Schema}`` of every HSDS object (and the profile's), referring to each
    other with ``prefix``."""
    schemas: dict[str, dict[str, Any]] = {}
    for table in TABLES:
        properties: dict[str, Any] = {c.name: _property(c) for c in table.columns}
        for key, child in CHILDREN.get(table.name, {}).items():
            ref = schema_ref(child, prefix)
            properties[key] = ref if key in SINGLE else {"type": "array", "items": ref}
        schema: dict[str, Any] = {
            "type": "object",
            "title": table.name,
            "properties": properties,
            "required": [c.name for c in table.columns if _required_in_json(c)],
        }
        patch = _rewrite_refs(PATCHES.get(f"{table.name}.json", {}), prefix)
        schemas[table.name] = merge_patch(schema, {k: v for k, v in patch.items() if k != "$schema"})
    return schemas
