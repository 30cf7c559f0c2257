"""The Wegweiser profile of HSDS 3.0: the fields an integration catalog needs beyond HSDS,
written as JSON Merge Patches (RFC 7386) on HSDS's schema files, as ``docs/hsds/profiles.md`` of
the specification prescribes. The API publishes these patches; the tabular export adds the same
fields as columns and two tables of its own (``translations``, ``funding_programmes``)."""

from typing import Any

PROFILE_VERSION = "1.0.0"


def _field(kind: str, description: str, **extra: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {"type": kind, "description": description}
    spec.update(extra)
    return spec


_TRANSLATIONS = _field(
    "array",
    "Exports only: every translation of this object's text fields, one item per language and field. "
    "API responses give the text in the requested language instead.",
    items={"$ref": "translation.json"},
)

# Added properties per HSDS schema file (JSON Merge Patch documents).
PATCHES: dict[str, dict[str, Any]] = {
    "service.json": {
        "properties": {
            "short_description": _field(
                "string", "At most 300 characters; used in lists and the printed catalog."
            ),
            "language": _field(
                "string", "Language requested for the text fields (ISO 639-1); German fills gaps."
            ),
            "free_of_charge": _field("boolean", "The offer costs nothing."),
            "interpretation_available": _field("boolean", "Interpreting can be arranged."),
            "registration_required": _field("boolean", "Participants must register first (absent: unknown)."),
            "childcare_available": _field("boolean", "Childcare is offered during the offer."),
            "valid_from": _field("string", "First day the offer runs.", format="date"),
            "valid_to": _field("string", "Last day the offer runs.", format="date"),
            "serves_whole_district": _field(
                "boolean", "Open to people from every municipality of the district."
            ),
            "is_mobile": _field("boolean", "Outreach: comes to people where they are."),
            "web_page": _field("string", "The offer's page in the public directory.", format="uri"),
            "translations": _TRANSLATIONS,
        }
    },
    "location.json": {
        "properties": {
            "municipality_key": _field(
                "string", "Official municipality key (AGS, 8 digits).", pattern=r"^\d{8}$"
            ),
            "accessibility_level": _field(
                "string", "Step-free access.", enum=["yes", "partly", "no", "unknown"]
            ),
            "translations": _TRANSLATIONS,
        }
    },
    "service_area.json": {
        "properties": {
            "municipality_key": _field(
                "string", "Official municipality key (AGS) of the area.", pattern=r"^\d{8}$"
            ),
        }
    },
    "funding.json": {
        "properties": {
            "funding_programme": {"$ref": "funding_programme.json"},
        }
    },
    "organization.json": {"properties": {"translations": _TRANSLATIONS}},
    "schedule.json": {"properties": {"translations": _TRANSLATIONS}},
    "taxonomy.json": {
        "properties": {
            "role": _field(
                "string",
                "What the vocabulary is used for in Wegweiser.",
                enum=["field_of_action", "target_group", "kind", "eligibility", "other"],
            )
        }
    },
    "taxonomy_term.json": {
        "properties": {
            "sort_order": _field("number", "Position of the term within its taxonomy."),
            "translations": _TRANSLATIONS,
        }
    },
    # New objects of the profile.
    "translation.json": {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Translation",
        "name": "translation",
        "description": "One text field of one object in one language.",
        "type": "object",
        "properties": {
            "id": _field("string", "Identifier of this translation.", format="uuid"),
            "resource_type": _field(
                "string",
                "Kind of the translated object.",
                enum=["service", "organization", "location", "schedule", "taxonomy_term"],
            ),
            "resource_id": _field("string", "Identifier of the translated object.", format="uuid"),
            "language": _field("string", "ISO 639-1 code (ISO 639-3 where there is none)."),
            "field": _field("string", "Name of the translated field."),
            "value": _field("string", "The text in that language."),
        },
        "required": ["id", "resource_type", "resource_id", "language", "field", "value"],
    },
    "funding_programme.json": {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Funding programme",
        "name": "funding_programme",
        "description": "A funding programme (Förderprogramm) that pays for services.",
        "type": "object",
        "properties": {
            "id": _field("string", "Identifier of the programme.", format="uuid"),
            "name": _field("string", "Full name."),
            "short_name": _field("string", "Short name or acronym."),
            "funder": _field(
                "string", "Level of the funder.", enum=["land", "bund", "eu", "kommune", "stiftung", "eigen"]
            ),
            "description": _field("string", "What the programme funds."),
            "url": _field("string", "Web page of the programme.", format="uri"),
            "period_start": _field("string", "Start of the funding period.", format="date"),
            "period_end": _field("string", "End of the funding period.", format="date"),
        },
        "required": ["id", "name", "funder"],
    },
}


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON Merge Patch."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result
