"""Translations of imported entities: the file's translations replace the entity's."""

import uuid
from collections import defaultdict
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext as _

from wegweiser.catalog.models import (
    LocationTranslation,
    OfferTranslation,
    OrganisationTranslation,
    ScheduleTranslation,
    TaxonomyTermTranslation,
)

if TYPE_CHECKING:
    from wegweiser.hsds.importing.importer import CatalogImporter

TRANSLATION_MODELS: dict[str, type[models.Model]] = {
    "service": OfferTranslation,
    "organization": OrganisationTranslation,
    "location": LocationTranslation,
    "schedule": ScheduleTranslation,
    "taxonomy_term": TaxonomyTermTranslation,
}


def translations_replace(
    importer: "CatalogImporter", resource_type: str, mapping: dict[uuid.UUID, uuid.UUID]
) -> None:
    """Replace the translations of the given entities by those in the file."""
    model = TRANSLATION_MODELS[resource_type]
    grouped: dict[tuple[uuid.UUID, str], dict[str, str]] = defaultdict(dict)
    translated_fields = model.translated_fields  # type: ignore[attr-defined]
    for row in importer.rows.get("translation", []):
        if row.get("resource_type") != resource_type or not row.ok:
            continue
        try:
            resource = uuid.UUID(str(row.values.get("resource_id")))
        except ValueError:
            importer.row_error(row, _("Not a valid id."), "resource_id")
            continue
        if resource not in mapping:
            continue
        language, name = row.get("language"), row.get("field")
        if language not in importer.languages or language == "de":
            importer.row_warn(
                row,
                _("Unknown language “%(code)s”; the translation is skipped.") % {"code": language},
                "language",
            )
            continue
        if name not in translated_fields:
            importer.row_warn(
                row, _("Field “%(field)s” cannot be translated; skipped.") % {"field": name}, "field"
            )
            continue
        grouped[(mapping[resource], language)][name] = row.get("value")
    masters = set(mapping.values())
    if not masters:
        return
    current = {
        (t.master_id, t.language_id): {f: getattr(t, f) for f in translated_fields if getattr(t, f)}  # type: ignore[attr-defined]
        for t in model._default_manager.filter(master_id__in=masters)
    }
    wanted = dict(grouped)
    touched = {master for master, language in current.keys() | wanted.keys()
               if current.get((master, language)) != wanted.get((master, language))}  # fmt: skip
    if not touched:
        return
    model._default_manager.filter(master_id__in=touched).delete()
    model._default_manager.bulk_create(
        [
            model(master_id=master, language_id=language, **values)  # type: ignore[misc]
            for (master, language), values in wanted.items()
            if master in touched
        ],
        batch_size=1000,
    )
    importer.touched_translations |= touched
