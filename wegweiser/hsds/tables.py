"""The HSDS tabular layout (one table per object, as in the specification's data package) with
the Wegweiser profile's columns and tables, and the flattening of nested HSDS objects into it.

Tables are ``{table name: [row, ...]}``; each row maps column names to JSON values."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from wegweiser.hsds.profile import PATCHES


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "string"  # string, number, integer, boolean, date, time, datetime
    required: bool = False
    profile: bool = False  # added by the Wegweiser profile
    format: str = ""  # of strings: uuid, email, uri
    unique: bool = False
    enum: tuple[str, ...] = ()
    pattern: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    path: str
    columns: tuple[Column, ...]
    profile: bool = False
    references: dict[str, str] = field(default_factory=dict)  # column -> table

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


# Allowed values of HSDS 3.0's own columns (its datapackage.json); the profile's come from
# its patches (``profile.PATCHES``).
HSDS_ENUMS: dict[str, tuple[str, ...]] = {
    "service.status": ("active", "inactive", "defunct", "temporarily closed"),
    "location.location_type": ("physical", "postal", "virtual"),
    "address.address_type": ("physical", "postal", "virtual"),
    "schedule.wkst": ("MO", "TU", "WE", "TH", "FR", "SA", "SU"),
    "schedule.freq": ("WEEKLY", "MONTHLY"),
}
_WORD = re.compile(r"^(?P<name>\w+)(?::(?P<type>\w+))?(?:@(?P<format>[\w-]+))?(?P<flags>[*!]*)$")


def _cols(table: str, spec: str, profile: bool = False) -> tuple[Column, ...]:
    """Columns from "name:type@format*!" words (``*`` required, ``!`` unique), as HSDS 3.0's
    ``datapackage.json`` describes them. A profile column takes its allowed values, pattern and
    string format from the profile's patch of the object."""
    columns = []
    for word in spec.split():
        match = _WORD.match(word)
        if match is None:
            raise ValueError(word)
        name, kind, flags = match["name"], match["type"] or "string", match["flags"]
        enum, pattern, fmt = HSDS_ENUMS.get(f"{table}.{name}", ()), "", match["format"] or ""
        if profile:
            patched = PATCHES.get(f"{table}.json", {}).get("properties", {}).get(name, {})
            enum, pattern = tuple(patched.get("enum", ())), patched.get("pattern", "")
            fmt = fmt or (patched.get("format", "") if kind == "string" else "")
        columns.append(Column(name, kind, "*" in flags, profile, fmt, "!" in flags, enum, pattern))
    return tuple(columns)


def _table(name: str, path: str, hsds: str, extra: str = "", refs: dict[str, str] | None = None) -> Table:
    return Table(name, path, _cols(name, hsds) + _cols(name, extra, profile=True), references=refs or {})


# HSDS 3.0's tables with its columns, formats, constraints and foreign keys (tests/test_open_data.py
# compares them with the specification's datapackage.json), and the profile's additions.
TABLES: tuple[Table, ...] = (
    _table(
        "organization",
        "organizations.csv",
        "id@uuid*! name* alternate_name description* email@email website@uri tax_status tax_id "
        "year_incorporated:number legal_status logo uri@uri parent_organization_id@uuid",
    ),
    _table(
        "organization_identifier",
        "organization_identifiers.csv",
        "id@uuid*! organization_id@uuid* identifier_scheme identifier_type* identifier*",
        refs={"organization_id": "organization"},
    ),
    _table("taxonomy", "taxonomies.csv", "id@uuid*! name* description* uri@uri version", "role"),
    _table(
        "taxonomy_term",
        "taxonomy_terms.csv",
        "id@uuid*! code! name* description* parent_id@uuid taxonomy language taxonomy_id@uuid term_uri@uri",
        "sort_order:integer",
        refs={"taxonomy_id": "taxonomy", "parent_id": "taxonomy_term"},
    ),
    _table(
        "funding_programme",
        "funding_programmes.csv",
        "",
        "id@uuid*! name* short_name funder* description url period_start:date period_end:date",
    ),
    _table(
        "location",
        "locations.csv",
        "id@uuid*! location_type* url@uri organization_id@uuid name alternate_name description "
        "transportation latitude:number longitude:number external_identifier external_identifier_type",
        "municipality_key accessibility_level",
        refs={"organization_id": "organization"},
    ),
    _table(
        "address",
        "addresses.csv",
        "id@uuid*! location_id@uuid attention address_1* address_2 city* region state_province* postal_code* "
        "country* address_type*",
        refs={"location_id": "location"},
    ),
    _table(
        "accessibility",
        "accessibility.csv",
        "id@uuid*! location_id@uuid description details url@uri",
        refs={"location_id": "location"},
    ),
    _table(
        "service",
        "services.csv",
        "id@uuid*! organization_id@uuid* program_id@uuid name* alternate_name description url@uri "
        "email@email status* interpretation_services application_process fees_description wait_time "
        "fees accreditations eligibility_description minimum_age:number maximum_age:number assured_date:date "
        "assurer_email@email licenses alert last_modified:datetime",
        "short_description free_of_charge:boolean interpretation_available:boolean "
        "registration_required:boolean childcare_available:boolean valid_from:date valid_to:date "
        "serves_whole_district:boolean is_mobile:boolean",
        refs={"organization_id": "organization", "program_id": "program"},
    ),
    _table(
        "service_at_location",
        "service_at_location.csv",
        "id@uuid*! service_id@uuid* location_id@uuid* description",
        refs={"service_id": "service", "location_id": "location"},
    ),
    _table(
        "contact",
        "contacts.csv",
        "id@uuid*! organization_id@uuid service_id@uuid service_at_location_id@uuid location_id@uuid name "
        "title department email@email",
        refs={
            "organization_id": "organization",
            "service_id": "service",
            "service_at_location_id": "service_at_location",
            "location_id": "location",
        },
    ),
    _table(
        "phone",
        "phones.csv",
        "id@uuid*! location_id@uuid service_id@uuid organization_id@uuid contact_id@uuid "
        "service_at_location_id@uuid number* extension:number type description",
        refs={
            "location_id": "location",
            "service_id": "service",
            "organization_id": "organization",
            "contact_id": "contact",
            "service_at_location_id": "service_at_location",
        },
    ),
    _table(
        "schedule",
        "schedules.csv",
        "id@uuid*! service_id@uuid location_id@uuid service_at_location_id@uuid valid_from:date "
        "valid_to:date dtstart:date timezone:number until:date count:number wkst freq interval:number "
        "byday byweekno bymonthday byyearday description opens_at:time closes_at:time schedule_link@uri "
        "attending_type notes",
        refs={
            "service_id": "service",
            "location_id": "location",
            "service_at_location_id": "service_at_location",
        },
    ),
    _table(
        "service_area",
        "service_areas.csv",
        "id@uuid*! service_id@uuid name description extent extent_type uri",
        "municipality_key",
        refs={"service_id": "service"},
    ),
    _table(
        "language",
        "languages.csv",
        "id@uuid*! service_id@uuid location_id@uuid phone_id@uuid name code note",
        refs={"service_id": "service", "location_id": "location", "phone_id": "phone"},
    ),
    _table(
        "funding",
        "funding.csv",
        "id@uuid*! organization_id@uuid service_id@uuid source",
        "funding_programme_id@uuid",
        refs={
            "organization_id": "organization",
            "service_id": "service",
            "funding_programme_id": "funding_programme",
        },
    ),
    _table(
        "cost_option",
        "cost_options.csv",
        "id@uuid*! service_id@uuid* valid_from:date valid_to:date option currency amount:number "
        "amount_description",
        refs={"service_id": "service"},
    ),
    _table(
        "required_document",
        "required_documents.csv",
        "id@uuid*! service_id@uuid document uri@uri",
        refs={"service_id": "service"},
    ),
    _table(
        "attribute",
        "attributes.csv",
        "id@uuid*! link_id@uuid* taxonomy_term_id@uuid* link_type link_entity* value",
        refs={"taxonomy_term_id": "taxonomy_term"},
    ),
    _table(
        "program",
        "programs.csv",
        "id@uuid*! organization_id@uuid*! name* alternate_name description*",
        refs={"organization_id": "organization"},
    ),
    _table(
        "metadata",
        "metadata.csv",
        "id@uuid*! resource_id@uuid* resource_type* last_action_date:date* last_action_type* field_name* "
        "previous_value* replacement_value* updated_by*",
    ),
    _table("meta_table_description", "meta_table_descriptions.csv", "id@uuid*! name language character_set"),
    _table(
        "translation",
        "translations.csv",
        "",
        "id@uuid*! resource_type* resource_id@uuid* language* field* value*",
    ),
)
TABLE_BY_NAME = {t.name: t for t in TABLES}
TABLE_BY_PATH = {t.path: t for t in TABLES}

# Nested arrays and objects of HSDS objects and the table their items go to.
CHILDREN: dict[str, dict[str, str]] = {
    "service": {
        "phones": "phone",
        "schedules": "schedule",
        "service_areas": "service_area",
        "service_at_locations": "service_at_location",
        "languages": "language",
        "funding": "funding",
        "cost_options": "cost_option",
        "required_documents": "required_document",
        "contacts": "contact",
        "attributes": "attribute",
        "translations": "translation",
        "organization": "organization",
        "program": "program",
    },
    "organization": {
        "contacts": "contact",
        "phones": "phone",
        "locations": "location",
        "organization_identifiers": "organization_identifier",
        "funding": "funding",
        "programs": "program",
        "services": "service",
        "translations": "translation",
    },
    "service_at_location": {
        "schedules": "schedule",
        "location": "location",
        "contacts": "contact",
        "phones": "phone",
        "service": "service",
    },
    "location": {
        "addresses": "address",
        "accessibility": "accessibility",
        "languages": "language",
        "phones": "phone",
        "schedules": "schedule",
        "contacts": "contact",
        "translations": "translation",
    },
    "phone": {"languages": "language"},
    "contact": {"phones": "phone"},
    "funding": {"funding_programme": "funding_programme"},
    "attribute": {"taxonomy_term": "taxonomy_term"},
    "taxonomy_term": {"taxonomy_detail": "taxonomy", "translations": "translation"},
    "schedule": {"translations": "translation"},
}
# The column by which a child points at its parent, per parent table.
PARENT_LINK = {
    "service": "service_id",
    "organization": "organization_id",
    "location": "location_id",
    "service_at_location": "service_at_location_id",
    "phone": "phone_id",
    "contact": "contact_id",
}


def empty_tables() -> dict[str, list[dict[str, Any]]]:
    return {t.name: [] for t in TABLES}


def flatten(objects: Iterable[dict[str, Any]], table: str, tables: dict[str, list[dict[str, Any]]]) -> None:
    """Add ``objects`` (HSDS objects of ``table``) and everything nested in them to ``tables``,
    filling a child's link to its parent where the child leaves it out. Rows are kept once per id."""
    seen = {name: {row.get("id") for row in rows} for name, rows in tables.items()}
    _flatten(objects, table, tables, seen, parent=None)


def _flatten(
    objects: Iterable[dict[str, Any]],
    table: str,
    tables: dict[str, list[dict[str, Any]]],
    seen: dict[str, set],
    parent: tuple[str, Any] | None,
) -> None:
    children = CHILDREN.get(table, {})
    for obj in objects:
        if not isinstance(obj, dict):
            continue
        row = {k: v for k, v in obj.items() if k not in children and not isinstance(v, (list, dict))}
        if parent:
            parent_table, parent_id = parent
            if table == "attribute":
                row.setdefault("link_id", parent_id)
                row.setdefault("link_entity", parent_table)
            elif parent_table in PARENT_LINK and table != parent_table:
                link = PARENT_LINK[parent_table]
                if TABLE_BY_NAME[table].column(link):
                    row.setdefault(link, parent_id)
        if table == "funding" and isinstance(obj.get("funding_programme"), dict):
            row.setdefault("funding_programme_id", obj["funding_programme"].get("id"))
        if table == "taxonomy_term" and isinstance(obj.get("taxonomy_detail"), dict):
            row.setdefault("taxonomy_id", obj["taxonomy_detail"].get("id"))
        if row.get("id") not in seen[table] or row.get("id") is None:
            seen[table].add(row.get("id"))
            tables[table].append(row)
        for key, child_table in children.items():
            value = obj.get(key)
            if isinstance(value, dict):
                value = [value]
            if isinstance(value, list):
                # A nested service's organisation is its parent, not its child.
                _flatten(value, child_table, tables, seen, parent=(table, obj.get("id")))
