"""Applying raw HSDS tables to a district's catalog. Used only by ``services.catalog_import``,
which runs it inside one transaction and rolls back on errors and in dry runs.

Matching: by id, then by name (organisations, taxonomies, programmes), by organisation and name
(offers, locations) or by taxonomy and name (terms). An offer in the file replaces the offer's
parts (schedules, contacts, phones, places, categories, languages, areas, translations).

This module reads and checks the rows and holds what the steps share; the steps are in
``entities`` (organisations, taxonomies, terms, programmes, locations), ``translations`` and
``offers`` (with ``offer_parts`` and ``offer_writing``)."""

import difflib
import uuid
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from wegweiser.catalog.models import FundingProgramme, Location, Offer, Organisation, Taxonomy, TaxonomyTerm
from wegweiser.core.audit import diff_snapshots
from wegweiser.core.models import AuditEntry, Language
from wegweiser.districts.models import District
from wegweiser.hsds.importing.entities import EntityImport
from wegweiser.hsds.importing.offers import OfferImport
from wegweiser.hsds.importing.rows import BY_NAME, ID_OPTIONAL, MAY_BE_EMPTY, Plan, Progress, Row
from wegweiser.hsds.parsing import CellError, parse_cell, parse_uuid
from wegweiser.hsds.readers import RawTables
from wegweiser.hsds.report import ImportReport
from wegweiser.hsds.tables import TABLE_BY_NAME


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
        entities = EntityImport(self)
        self.organisations = entities.apply_simple(
            "organization", Organisation, entities.organisation_fields, match_name=True, scoped=True
        )
        self.taxonomies = entities.apply_simple(
            "taxonomy", Taxonomy, entities.taxonomy_fields, match_name=True
        )
        self.terms = entities.apply_terms()
        self.programmes = entities.apply_simple(
            "funding_programme", FundingProgramme, entities.programme_fields, match_name=True
        )
        self.locations = entities.apply_locations()
        changed = OfferImport(self).run()
        if self.report.ok:
            self.audit_flush()
        return changed

    def audit_flush(self) -> None:
        """Write the audit entries recorded so far, in bulk."""
        AuditEntry.objects.bulk_create(self.audit, batch_size=1000)
        self.audit = []

    def existing_ids(self, model: type[models.Model], ids: list[Any], **scope: Any) -> set[Any]:
        """Which of ``ids`` are in the catalog (one query per 2,000 ids)."""
        found: set[Any] = set()
        for start in range(0, len(ids), 2000):
            chunk = model._default_manager.filter(pk__in=ids[start : start + 2000], **scope)
            found |= set(chunk.values_list("pk", flat=True))
        return found

    def existing(
        self, model: type[models.Model], ids: list[uuid.UUID], related: list[str] | None = None
    ) -> dict[uuid.UUID, Any]:
        found: dict[uuid.UUID, Any] = {}
        queryset = (
            model._default_manager.select_related(*related) if related else model._default_manager.all()
        )
        for start in range(0, len(ids), 2000):
            found |= queryset.in_bulk(ids[start : start + 2000])
        return found

    def validate(self, instance: models.Model, row: Row, exclude: list[str] | None = None) -> bool:
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

    def record(self, plan: Plan[Any], after: dict[str, Any]) -> None:
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
