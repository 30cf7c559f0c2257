"""Applying raw HSDS tables to a district's catalog. Used only by ``services.catalog_import``,
which runs it inside one transaction and rolls back on errors and in dry runs.

Matching: by id, then by name (organisations, taxonomies, programmes), by organisation and name
(offers, locations) or by taxonomy and name (terms). An offer in the file replaces the offer's
parts (schedules, contacts, phones, places, categories, languages, areas, translations)."""

import difflib
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from wegweiser.catalog.models import (
    FundingProgramme,
    Location,
    LocationTranslation,
    Offer,
    OfferTranslation,
    Organisation,
    OrganisationTranslation,
    ScheduleTranslation,
    Taxonomy,
    TaxonomyTerm,
    TaxonomyTermTranslation,
)
from wegweiser.core.audit import diff_snapshots, model_snapshot
from wegweiser.core.models import AuditEntry, Language
from wegweiser.core.services import slug_base
from wegweiser.core.versioning import version_raise, versions_raise
from wegweiser.districts.models import District
from wegweiser.hsds.parsing import CellError, parse_cell, parse_uuid
from wegweiser.hsds.readers import RawRow, RawTables
from wegweiser.hsds.report import ImportReport
from wegweiser.hsds.tables import TABLE_BY_NAME

Progress = Callable[[str, int, int], None]

# Tables whose rows may leave ``id`` empty (staff filling in the Excel template).
ID_OPTIONAL = {"organization", "service", "location", "taxonomy", "taxonomy_term", "funding_programme"}
# Required columns that may still be empty: descriptions (staff fill them in later) and the
# street of places known only by postcode and town (mobile offers, "in Sondershausen").
MAY_BE_EMPTY = {"description", "address_1"}
# Reference columns that may name their target instead of giving its id.
BY_NAME = {"organization_id", "service_id", "location_id", "taxonomy_term_id", "link_id", "taxonomy_id"}
TRANSLATION_MODELS: dict[str, type[models.Model]] = {
    "service": OfferTranslation,
    "organization": OrganisationTranslation,
    "location": LocationTranslation,
    "schedule": ScheduleTranslation,
    "taxonomy_term": TaxonomyTermTranslation,
}


@dataclass
class Row:
    """A parsed row: typed values, where it came from, and its id (from the file or new)."""

    table: str
    raw: RawRow
    values: dict[str, Any]
    id: uuid.UUID
    ok: bool = True

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name)
        return default if value is None else value


M = TypeVar("M", bound=models.Model)


@dataclass
class Plan(Generic[M]):
    """What the file means for each entity: the instance to write and whether it is new."""

    instance: M
    row: Row
    new: bool
    before: dict[str, Any] = field(default_factory=dict)


def _slug(text: str, taken: set[str]) -> str:
    """Like ``core.services.unique_slug``, against slugs already known in memory (bulk import)."""
    base = slug_base(text)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _text(value: Any, limit: int | None = None) -> str:
    text = "" if value is None else str(value)
    return text[:limit] if limit else text


class CatalogImporter:
    def __init__(
        self,
        *,
        actor: Any,
        district: District,
        raw: RawTables,
        report: ImportReport,
        publish: bool,
        progress: Progress | None = None,
        source_name: str = "",
    ) -> None:
        self.actor = actor
        self.district = district
        self.raw = raw
        self.report = report
        self.publish = publish
        self.progress = progress or (lambda step, done, total: None)
        self.source_name = source_name
        self.rows: dict[str, list[Row]] = defaultdict(list)
        self.by_id: dict[str, dict[uuid.UUID, Row]] = defaultdict(dict)
        self.audit: list[AuditEntry] = []
        self.languages = set(Language.objects.values_list("code", flat=True))
        municipalities = list(district.municipalities.all())
        self.municipalities = {m.ags: m for m in municipalities}
        self.municipality_names = {m.name.lower(): m for m in municipalities}
        self.municipality_names |= {m.short_name.lower(): m for m in municipalities}
        # Masters whose translations this import rewrote.
        self.touched_translations: set[Any] = set()
        self._name_index: dict[tuple[str, str], dict[str, list[uuid.UUID]]] = {}

    # -- reporting -------------------------------------------------------------------------

    def row_error(self, row: Row, message: str, column: str = "") -> None:
        self.report.error(message, file=row.raw.file, row=row.raw.line, column=column)

    def row_warn(self, row: Row, message: str, column: str = "") -> None:
        self.report.warn(message, file=row.raw.file, row=row.raw.line, column=column)

    def foreign(self, row: Row, instance: Any) -> bool:
        """Whether a matched ``instance`` belongs to another district (reported as an error)."""
        if instance is not None and instance.district_id != self.district.pk:
            self.row_error(row, _("This id belongs to another district's catalog."), "id")
            return True
        return False

    # -- reading ---------------------------------------------------------------------------

    def check_columns(self) -> None:
        for where, table_name, header in self.raw.headers:
            table = TABLE_BY_NAME[table_name]
            for column in table.columns:
                if column.required and column.name not in header:
                    self.report.error(
                        _("Column “%(column)s” is missing; it is required.") % {"column": column.name},
                        file=where,
                        column=column.name,
                    )
            for name in header:
                if table.column(name) is None:
                    close = difflib.get_close_matches(name, table.column_names, n=1)
                    hint = _(" Did you mean “%(name)s”?") % {"name": close[0]} if close else ""
                    self.report.warn(
                        _("Unknown column “%(column)s” is ignored.") % {"column": name} + hint,
                        file=where,
                        column=name,
                    )

    def parse(self) -> None:
        for table_name, raw_rows in self.raw.rows.items():
            table = TABLE_BY_NAME[table_name]
            for raw in raw_rows:
                values: dict[str, Any] = {}
                ok = True
                for column in table.columns:
                    text = raw.values.get(column.name, "")
                    if column.name == "id" or column.name.endswith("_id") or column.name == "link_id":
                        values[column.name] = text.strip() or None
                        continue
                    try:
                        values[column.name] = parse_cell(column.type, text)
                    except CellError as exc:
                        self.report.error(str(exc), file=raw.file, row=raw.line, column=column.name)
                        ok = False
                    empty = values.get(column.name) in (None, "")
                    if column.required and empty and ok and column.name not in MAY_BE_EMPTY:
                        self.report.error(
                            _("“%(column)s” must not be empty.") % {"column": column.name},
                            file=raw.file,
                            row=raw.line,
                            column=column.name,
                        )
                        ok = False
                row_id: uuid.UUID | None = None
                if values.get("id"):
                    try:
                        row_id = parse_uuid(values["id"])
                    except CellError as exc:
                        self.report.error(str(exc), file=raw.file, row=raw.line, column="id")
                        ok = False
                elif table_name not in ID_OPTIONAL:
                    self.report.error(_("“id” must not be empty."), file=raw.file, row=raw.line, column="id")
                    ok = False
                row = Row(table_name, raw, values, row_id or uuid.uuid4(), ok)
                if row_id and row_id in self.by_id[table_name]:
                    self.report.error(
                        _("The id %(id)s occurs more than once.") % {"id": row_id},
                        file=raw.file,
                        row=raw.line,
                        column="id",
                    )
                    continue
                self.rows[table_name].append(row)
                self.by_id[table_name][row.id] = row

    def ref(
        self, row: Row, column: str, table: str, *, required: bool = False, name_field: str = "name"
    ) -> Any:
        """The id (UUID) that ``column`` of ``row`` points at in ``table`` — from the file or the
        catalog — or None. Names are accepted where ``BY_NAME`` allows. Unresolvable references
        are errors when ``required``."""
        text = row.values.get(column)
        if not text:
            if required:
                self.row_error(row, _("“%(column)s” must not be empty.") % {"column": column}, column)
                row.ok = False
            return None
        try:
            return uuid.UUID(text)
        except ValueError:
            pass
        if column in BY_NAME:
            matches = self.names_in_file(table, name_field).get(text.strip(), [])
            if len(matches) == 1:
                return matches[0]
            found = self.lookup_name(table, text)
            if found is not None:
                return found
        self.row_error(
            row, _("“%(value)s” is neither an id nor the name of a known entry.") % {"value": text}, column
        )
        row.ok = False
        return None

    def names_in_file(self, table: str, name_field: str = "name") -> dict[str, list[uuid.UUID]]:
        """The ids of ``table``'s rows by name (built once per table)."""
        key = (table, name_field)
        if key not in self._name_index:
            index: dict[str, list[uuid.UUID]] = defaultdict(list)
            for r in self.rows[table]:
                index[str(r.values.get(name_field) or "").strip()].append(r.id)
            self._name_index[key] = index
        return self._name_index[key]

    def lookup_name(self, table: str, name: str) -> uuid.UUID | None:
        queryset: Any = {
            "organization": Organisation.objects.filter(district=self.district),
            "service": Offer.objects.filter(district=self.district),
            "location": Location.objects.filter(district=self.district),
            "taxonomy_term": TaxonomyTerm.objects.all(),
            "taxonomy": Taxonomy.objects.all(),
        }.get(table)
        if queryset is None:
            return None
        ids = list(queryset.filter(name__iexact=name.strip()).values_list("pk", flat=True)[:2])
        return ids[0] if len(ids) == 1 else None

    # -- planning and writing --------------------------------------------------------------

    def run(self) -> set[uuid.UUID]:
        """Check and apply everything; returns the ids of offers created or changed."""
        self.check_columns()
        self.parse()  # on errors, go on: the report should name every problem at once
        self.organisations = self.apply_simple(
            "organization", Organisation, self.organisation_fields, match_name=True, scoped=True
        )
        self.taxonomies = self.apply_simple("taxonomy", Taxonomy, self.taxonomy_fields, match_name=True)
        self.terms = self.apply_terms()
        self.programmes = self.apply_simple(
            "funding_programme", FundingProgramme, self.programme_fields, match_name=True
        )
        self.locations = self.apply_locations()
        changed = self.apply_offers()
        if self.report.ok:
            AuditEntry.objects.bulk_create(self.audit, batch_size=1000)
        return changed

    def existing_ids(self, model: type[models.Model], ids: list[Any], **scope: Any) -> set[Any]:
        """Which of ``ids`` are in the catalog (one query per 2,000 ids)."""
        found: set[Any] = set()
        for start in range(0, len(ids), 2000):
            chunk = model._default_manager.filter(pk__in=ids[start : start + 2000], **scope)
            found |= set(chunk.values_list("pk", flat=True))
        return found

    def _existing(
        self, model: type[models.Model], ids: list[uuid.UUID], related: list[str] | None = None
    ) -> dict[uuid.UUID, Any]:
        found: dict[uuid.UUID, Any] = {}
        queryset = (
            model._default_manager.select_related(*related) if related else model._default_manager.all()
        )
        for start in range(0, len(ids), 2000):
            found |= queryset.in_bulk(ids[start : start + 2000])
        return found

    def _validate(self, instance: models.Model, row: Row, exclude: list[str] | None = None) -> bool:
        """Field validation and the model's ``clean``. Foreign keys, uniqueness and constraints
        are not checked row by row (one query each): references were resolved in bulk, and the
        database enforces the rest when the batch is written."""
        relations = [f.name for f in instance._meta.concrete_fields if f.is_relation]
        try:
            instance.full_clean(
                exclude=[*(exclude or []), *relations], validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    self.row_error(row, message, name if name != "__all__" else "")
            row.ok = False
            return False
        return True

    def _record(self, plan: Plan[Any], after: dict[str, Any]) -> None:
        instance = plan.instance
        changes = diff_snapshots(type(instance), plan.before, after)
        self.audit.append(
            AuditEntry(
                actor=self.actor,
                action=AuditEntry.Action.CREATE if plan.new else AuditEntry.Action.UPDATE,
                object_type=instance._meta.label_lower,
                object_id=str(instance.pk),
                object_repr=str(instance)[:300],
                changes=changes,
                summary=(_("Imported from %(file)s") % {"file": self.source_name})[:300],
            )
        )

    def apply_simple(
        self,
        table: str,
        model: type[models.Model],
        fields: Callable[[Row], dict[str, Any]],
        *,
        match_name: bool = False,
        scoped: bool = False,
    ) -> dict[uuid.UUID, uuid.UUID]:
        """Create or update the entities of ``table``; returns file id → catalog id."""
        rows = [r for r in self.rows.get(table, []) if r.ok]
        existing = self._existing(model, [r.id for r in rows])
        scope = (
            model._default_manager.filter(district=self.district) if scoped else model._default_manager.all()
        )
        by_name: dict[str, models.Model] = (
            {str(getattr(o, "name", "")).lower(): o for o in scope} if match_name else {}
        )
        slugs = set(scope.values_list("slug", flat=True)) if hasattr(model, "slug") else set()
        if model is FundingProgramme:
            slugs = set(FundingProgramme.objects.values_list("slug", flat=True))
        mapping: dict[uuid.UUID, uuid.UUID] = {}
        creates: list[models.Model] = []
        updates: list[models.Model] = []
        for row in rows:
            data = fields(row)
            found = existing.get(row.id) or by_name.get(str(data.get("name", "")).lower())
            if scoped and self.foreign(row, found):
                continue
            new = found is None
            before: dict[str, Any] = {}
            if found is None:
                instance = model(id=row.id, **data)
                if hasattr(instance, "slug"):
                    instance.slug = _slug(data["name"], slugs)
            else:
                instance = found
                before = model_snapshot(instance)
                for key, value in data.items():
                    setattr(instance, key, value)
            if not self._validate(instance, row, exclude=["slug"]):
                continue
            after = model_snapshot(instance)
            mapping[row.id] = instance.pk
            plan = Plan(instance, row, new, before)
            if new:
                creates.append(instance)
                self._record(plan, after)
                self.report.count(table, "created")
            elif diff_snapshots(model, before, after):
                updates.append(instance)
                self._record(plan, after)
                self.report.count(table, "updated")
            else:
                self.report.count(table, "unchanged")
        model._default_manager.bulk_create(creates, batch_size=1000)
        for instance in updates:
            instance.save()
        versions_raise(model, [instance.pk for instance in updates])  # open forms are stale now
        return mapping

    def organisation_fields(self, row: Row) -> dict[str, Any]:
        year = row.get("year_incorporated")
        return {
            "district": self.district,
            "name": _text(row.get("name"), 250),
            "alternate_name": _text(row.get("alternate_name"), 250),
            "description": _text(row.get("description")),
            "email": _text(row.get("email")),
            "website": _text(row.get("website")),
            "legal_status": _text(row.get("legal_status"), 100),
            "year_incorporated": int(year) if year else None,
        }

    def taxonomy_fields(self, row: Row) -> dict[str, Any]:
        role = row.get("role", Taxonomy.Role.OTHER)
        if role not in Taxonomy.Role.values:
            role = Taxonomy.Role.OTHER
        return {
            "name": _text(row.get("name"), 150),
            "description": _text(row.get("description")),
            "uri": _text(row.get("uri")),
            "version": _text(row.get("version"), 30),
            "role": role,
        }

    def programme_fields(self, row: Row) -> dict[str, Any]:
        funder = row.get("funder")
        if funder not in FundingProgramme.Funder.values:
            self.row_warn(
                row, _("Unknown funder “%(value)s”; “own funds” is assumed.") % {"value": funder}, "funder"
            )
            funder = FundingProgramme.Funder.OWN
        return {
            "district": self.district,
            "name": _text(row.get("name"), 250),
            "short_name": _text(row.get("short_name"), 60),
            "funder": funder,
            "description": _text(row.get("description")),
            "url": _text(row.get("url")),
            "period_start": row.get("period_start"),
            "period_end": row.get("period_end"),
        }

    def apply_terms(self) -> dict[uuid.UUID, uuid.UUID]:
        known_taxonomies = set(Taxonomy.objects.values_list("pk", flat=True)) | set(self.taxonomies.values())
        usable = []
        for row in self.rows.get("taxonomy_term", []):
            taxonomy = self.ref(row, "taxonomy_id", "taxonomy") if row.values.get("taxonomy_id") else None
            taxonomy = self.taxonomies.get(taxonomy, taxonomy) if taxonomy else None
            if taxonomy is None and row.get("taxonomy"):
                taxonomy = self.lookup_name("taxonomy", row.get("taxonomy"))
            if taxonomy not in known_taxonomies:
                self.row_warn(
                    row,
                    _("The term's taxonomy is not in the file nor in the catalog; the term is not imported."),
                    "taxonomy_id",
                )
                row.ok = False
                continue
            row.values["_taxonomy"] = taxonomy
            usable.append(row)
        existing_slugs: dict[Any, set[str]] = defaultdict(set)
        for taxonomy_id, slug in TaxonomyTerm.objects.values_list("taxonomy_id", "slug"):
            existing_slugs[taxonomy_id].add(slug)
        existing = self._existing(TaxonomyTerm, [r.id for r in usable])
        by_name = {(t.taxonomy_id, t.name.lower()): t for t in TaxonomyTerm.objects.all()}
        mapping: dict[uuid.UUID, uuid.UUID] = {}
        for row in usable:
            data = {
                "taxonomy_id": row.values["_taxonomy"],
                "code": _text(row.get("code"), 60),
                "name": _text(row.get("name"), 150),
                "description": _text(row.get("description")),
                "sort_order": int(row.get("sort_order", 100)),
            }
            found = existing.get(row.id) or by_name.get((data["taxonomy_id"], data["name"].lower()))
            new = found is None
            before = {} if found is None else model_snapshot(found)
            if found is None:
                term = TaxonomyTerm(
                    id=row.id, slug=_slug(data["name"], existing_slugs[data["taxonomy_id"]]), **data
                )
            else:
                term = found
                for key, value in data.items():
                    setattr(term, key, value)
            if not self._validate(term, row, exclude=["slug", "parent"]):
                continue
            after = model_snapshot(term)
            mapping[row.id] = term.pk
            if new or diff_snapshots(TaxonomyTerm, before, after):
                term.save()
                if not new:
                    version_raise(term)  # open forms are stale now
                self._record(Plan(term, row, new, before), after)
                self.report.count("taxonomy_term", "created" if new else "updated")
            else:
                self.report.count("taxonomy_term", "unchanged")
        parents = {
            row.id: self.ref(row, "parent_id", "taxonomy_term")
            for row in usable
            if row.id in mapping and row.values.get("parent_id")
        }
        parents = {term: mapping.get(parent, parent) if parent else None for term, parent in parents.items()}
        known_parents = self.existing_ids(TaxonomyTerm, [p for p in parents.values() if p])
        for row in usable:
            if row.id not in parents:
                continue
            if parents[row.id] in known_parents:
                TaxonomyTerm.objects.filter(pk=mapping[row.id]).update(parent_id=parents[row.id])
            else:
                row.ok = True
                self.row_warn(
                    row, _("The parent term is unknown; the term is imported without it."), "parent_id"
                )
        self._translations("taxonomy_term", mapping)
        return mapping

    def apply_locations(self) -> dict[uuid.UUID, uuid.UUID]:
        addresses = {self.ref(r, "location_id", "location"): r for r in self.rows.get("address", []) if r.ok}
        accessibility = {
            self.ref(r, "location_id", "location"): r for r in self.rows.get("accessibility", [])
        }
        rows = [r for r in self.rows.get("location", []) if r.ok]
        existing = self._existing(Location, [r.id for r in rows])
        by_name = {
            (o.organisation_id, o.name.lower()): o for o in Location.objects.filter(district=self.district)
        }
        org_refs = {
            row.id: self.ref(row, "organization_id", "organization")
            if row.values.get("organization_id")
            else None
            for row in rows
        }
        known_orgs = self.existing_ids(Organisation, [o for o in org_refs.values() if o is not None])
        mapping: dict[uuid.UUID, uuid.UUID] = {}
        creates, updates = [], []
        for row in rows:
            org = org_refs[row.id]
            if org is not None and org not in self.organisations and org not in known_orgs:
                self.row_warn(
                    row,
                    _("The organisation is unknown; the location is imported without it."),
                    "organization_id",
                )
                org = None
            org = self.organisations.get(org, org) if org else None
            address = addresses.get(row.id)
            municipality = self.municipalities.get(row.get("municipality_key", ""))
            if row.get("municipality_key") and municipality is None:
                self.row_warn(
                    row,
                    _("Municipality key %(key)s is not in this district; left empty.")
                    % {"key": row.get("municipality_key")},
                    "municipality_key",
                )
            if municipality is None and address is not None:
                municipality = self.municipality_names.get(str(address.get("city", "")).lower())
            access = accessibility.get(row.id)
            level = row.get("accessibility_level", Location.Accessibility.UNKNOWN)
            kind = row.get("location_type", Location.Kind.PHYSICAL)
            data = {
                "district": self.district,
                "organisation_id": org,
                "kind": kind,
                "name": _text(row.get("name") or (address.get("address_1") if address else "") or "Ort", 250),
                "description": _text(row.get("description")),
                "address_1": _text(address.get("address_1"), 250) if address else "",
                "postal_code": _text(address.get("postal_code"), 10) if address else "",
                "city": _text(address.get("city"), 150) if address else "",
                "municipality": municipality,
                "latitude": _coordinate(row.get("latitude"), 90),
                "longitude": _coordinate(row.get("longitude"), 180),
                "url": _text(row.get("url")),
                "transportation": _text(row.get("transportation")),
                "accessibility": level,
                "accessibility_description": _text(access.get("description")) if access else "",
            }
            if (row.get("latitude") is not None and data["latitude"] is None) or (
                row.get("longitude") is not None and data["longitude"] is None
            ):
                self.row_warn(row, _("The coordinates are outside the valid range; left empty."), "latitude")
            found = existing.get(row.id) or by_name.get((org, data["name"].lower()))
            if self.foreign(row, found):
                continue
            new = found is None
            before = {} if found is None else model_snapshot(found)
            if found is None:
                instance = Location(id=row.id, **data)
            else:
                instance = found
                for key, value in data.items():
                    setattr(instance, key, value)
            if not self._validate(instance, row):
                continue
            after = model_snapshot(instance)
            mapping[row.id] = instance.pk
            if new:
                creates.append(instance)
            elif diff_snapshots(Location, before, after):
                updates.append(instance)
            else:
                self.report.count("location", "unchanged")
                continue
            self._record(Plan(instance, row, new, before), after)
            self.report.count("location", "created" if new else "updated")
        Location.objects.bulk_create(creates, batch_size=1000)
        for instance in updates:
            instance.save()
        versions_raise(Location, [instance.pk for instance in updates])  # open forms are stale now
        self._translations("location", mapping)
        return mapping

    def _translations(self, resource_type: str, mapping: dict[uuid.UUID, uuid.UUID]) -> None:
        """Replace the translations of the given entities by those in the file."""
        model = TRANSLATION_MODELS[resource_type]
        grouped: dict[tuple[uuid.UUID, str], dict[str, str]] = defaultdict(dict)
        translated_fields = model.translated_fields  # type: ignore[attr-defined]
        for row in self.rows.get("translation", []):
            if row.get("resource_type") != resource_type or not row.ok:
                continue
            try:
                resource = uuid.UUID(str(row.values.get("resource_id")))
            except ValueError:
                self.row_error(row, _("Not a valid id."), "resource_id")
                continue
            if resource not in mapping:
                continue
            language, name = row.get("language"), row.get("field")
            if language not in self.languages or language == "de":
                self.row_warn(
                    row,
                    _("Unknown language “%(code)s”; the translation is skipped.") % {"code": language},
                    "language",
                )
                continue
            if name not in translated_fields:
                self.row_warn(
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
        self.touched_translations |= touched

    def apply_offers(self) -> set[uuid.UUID]:
        from wegweiser.hsds.importing_offers import OfferImport

        return OfferImport(self).run()


def _coordinate(value: float | None, limit: int) -> Decimal | None:
    if value is None or not -limit <= value <= limit:
        return None
    return Decimal(str(round(value, 6)))
