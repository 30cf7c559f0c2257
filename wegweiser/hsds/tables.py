"""The HSDS tabular layout (one table per object, as in the specification's data package) with
the Wegweiser profile's columns and tables, and the flattening of nested HSDS objects into it.

Tables are ``{table name: [row, ...]}``; each row maps column names to JSON values."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "string"  # string, number, integer, boolean, date, time, datetime
    required: bool = False
    profile: bool = False  # added by the Wegweiser profile


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


def _cols(spec: str, profile: bool = False) -> tuple[Column, ...]:
    """Columns from "name:type*" words (``*`` marks required)."""
    columns = []
    for word in spec.split():
        name, _sep, kind = word.partition(":")
        required = kind.endswith("*") or name.endswith("*")
        columns.append(Column(name.rstrip("*"), (kind or "string").rstrip("*"), required, profile))
    return tuple(columns)


def _table(name: str, path: str, hsds: str, extra: str = "", refs: dict[str, str] | None = None) -> Table:
    return Table(name, path, _cols(hsds) + _cols(extra, profile=True), references=refs or {})


TABLES: tuple[Table, ...] = (
    _table(
        "organization",
        "organizations.csv",
        "id* name* alternate_name description* email website tax_status tax_id year_incorporated:number "
        "legal_status logo uri parent_organization_id",
    ),
    _table(
        "organization_identifier",
        "organization_identifiers.csv",
        "id* organization_id* identifier_scheme identifier_type* identifier*",
        refs={"organization_id": "organization"},
    ),
    _table("taxonomy", "taxonomies.csv", "id* name* description* uri version", "role"),
    _table(
        "taxonomy_term",
        "taxonomy_terms.csv",
        "id* code name* description* parent_id taxonomy language taxonomy_id term_uri",
        "sort_order:integer",
        refs={"taxonomy_id": "taxonomy", "parent_id": "taxonomy_term"},
    ),
    _table(
        "funding_programme",
        "funding_programmes.csv",
        "",
        "id* name* short_name funder* description url period_start:date period_end:date",
    ),
    _table(
        "location",
        "locations.csv",
        "id* location_type* url organization_id name alternate_name description transportation "
        "latitude:number longitude:number external_identifier external_identifier_type",
        "municipality_key accessibility_level",
        refs={"organization_id": "organization"},
    ),
    _table(
        "address",
        "addresses.csv",
        "id* location_id attention address_1* address_2 city* region state_province* postal_code* "
        "country* address_type*",
        refs={"location_id": "location"},
    ),
    _table(
        "accessibility",
        "accessibility.csv",
        "id* location_id description details url",
        refs={"location_id": "location"},
    ),
    _table(
        "service",
        "services.csv",
        "id* organization_id* program_id name* alternate_name description url email status* "
        "interpretation_services application_process fees_description wait_time fees accreditations "
        "eligibility_description minimum_age:number maximum_age:number assured_date:date assurer_email "
        "licenses alert last_modified:datetime",
        "short_description free_of_charge:boolean interpretation_available:boolean "
        "registration_required:boolean childcare_available:boolean valid_from:date valid_to:date "
        "serves_whole_district:boolean is_mobile:boolean",
        refs={"organization_id": "organization"},
    ),
    _table(
        "service_at_location",
        "service_at_location.csv",
        "id* service_id* location_id* description",
        refs={"service_id": "service", "location_id": "location"},
    ),
    _table(
        "contact",
        "contacts.csv",
        "id* organization_id service_id service_at_location_id location_id name title department email",
        refs={"organization_id": "organization", "service_id": "service"},
    ),
    _table(
        "phone",
        "phones.csv",
        "id* location_id service_id organization_id contact_id service_at_location_id number* "
        "extension:number type description",
        refs={"service_id": "service", "organization_id": "organization", "contact_id": "contact"},
    ),
    _table(
        "schedule",
        "schedules.csv",
        "id* service_id location_id service_at_location_id valid_from:date valid_to:date dtstart:date "
        "timezone:number until:date count:number wkst freq interval:number byday byweekno bymonthday "
        "byyearday description opens_at:time closes_at:time schedule_link attending_type notes",
        refs={"service_id": "service", "service_at_location_id": "service_at_location"},
    ),
    _table(
        "service_area",
        "service_areas.csv",
        "id* service_id name description extent extent_type uri",
        "municipality_key",
        refs={"service_id": "service"},
    ),
    _table(
        "language",
        "languages.csv",
        "id* service_id location_id phone_id name code note",
        refs={"service_id": "service", "phone_id": "phone"},
    ),
    _table(
        "funding",
        "funding.csv",
        "id* organization_id service_id source",
        "funding_programme_id",
        refs={"service_id": "service", "funding_programme_id": "funding_programme"},
    ),
    _table(
        "cost_option",
        "cost_options.csv",
        "id* service_id* valid_from:date valid_to:date option currency amount:number amount_description",
        refs={"service_id": "service"},
    ),
    _table(
        "required_document",
        "required_documents.csv",
        "id* service_id document uri",
        refs={"service_id": "service"},
    ),
    _table(
        "attribute",
        "attributes.csv",
        "id* link_id* taxonomy_term_id* link_type link_entity* value",
        refs={"taxonomy_term_id": "taxonomy_term"},
    ),
    _table("program", "programs.csv", "id* organization_id* name* alternate_name description*"),
    _table(
        "metadata",
        "metadata.csv",
        "id* resource_id* resource_type* last_action_date:date* last_action_type* field_name* "
        "previous_value* replacement_value* updated_by*",
    ),
    _table("meta_table_description", "meta_table_descriptions.csv", "id* name language character_set"),
    _table(
        "translation",
        "translations.csv",
        "",
        "id* resource_type* resource_id* language* field* value*",
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
