"""The entities an offer refers to: organisations, taxonomies, terms, funding programmes and
locations (with their addresses, accessibility and translations)."""

import uuid
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext as _

from wegweiser.catalog.models import FundingProgramme, Location, Organisation, Taxonomy, TaxonomyTerm
from wegweiser.core.audit import diff_snapshots, model_snapshot
from wegweiser.core.versioning import version_raise, versions_raise
from wegweiser.hsds.importing.rows import Plan, Row, coordinate, slug_reserve, text_value
from wegweiser.hsds.importing.translations import translations_replace

if TYPE_CHECKING:
    from wegweiser.hsds.importing.importer import CatalogImporter


class EntityImport:
    def __init__(self, importer: "CatalogImporter") -> None:
        self.i = importer

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
        rows = [r for r in self.i.rows.get(table, []) if r.ok]
        existing = self.i.existing(model, [r.id for r in rows])
        scope = (
            model._default_manager.filter(district=self.i.district)
            if scoped
            else model._default_manager.all()
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
            if scoped and self.i.foreign(row, found):
                continue
            new = found is None
            before: dict[str, Any] = {}
            if found is None:
                instance = model(id=row.id, **data)
                if hasattr(instance, "slug"):
                    instance.slug = slug_reserve(data["name"], slugs)
            else:
                instance = found
                before = model_snapshot(instance)
                for key, value in data.items():
                    setattr(instance, key, value)
            if not self.i.validate(instance, row, exclude=["slug"]):
                continue
            after = model_snapshot(instance)
            mapping[row.id] = instance.pk
            plan = Plan(instance, row, new, before)
            if new:
                creates.append(instance)
                self.i.record(plan, after)
                self.i.report.count(table, "created")
            elif diff_snapshots(model, before, after):
                updates.append(instance)
                self.i.record(plan, after)
                self.i.report.count(table, "updated")
            else:
                self.i.report.count(table, "unchanged")
        model._default_manager.bulk_create(creates, batch_size=1000)
        for instance in updates:
            instance.save()
        versions_raise(model, [instance.pk for instance in updates])  # open forms are stale now
        return mapping

    def organisation_fields(self, row: Row) -> dict[str, Any]:
        year = row.get("year_incorporated")
        return {
            "district": self.i.district,
            "name": text_value(row.get("name")),
            "alternate_name": text_value(row.get("alternate_name")),
            "description": text_value(row.get("description")),
            "email": text_value(row.get("email")),
            "website": text_value(row.get("website")),
            "legal_status": text_value(row.get("legal_status")),
            "year_incorporated": int(year) if year else None,
        }

    def taxonomy_fields(self, row: Row) -> dict[str, Any]:
        role = row.get("role", Taxonomy.Role.OTHER)
        if role not in Taxonomy.Role.values:
            role = Taxonomy.Role.OTHER
        return {
            "name": text_value(row.get("name")),
            "description": text_value(row.get("description")),
            "uri": text_value(row.get("uri")),
            "version": text_value(row.get("version")),
            "role": role,
        }

    def programme_fields(self, row: Row) -> dict[str, Any]:
        funder = row.get("funder")
        if funder not in FundingProgramme.Funder.values:
            self.i.row_warn(
                row, _("Unknown funder “%(value)s”; “own funds” is assumed.") % {"value": funder}, "funder"
            )
            funder = FundingProgramme.Funder.OWN
        return {
            "district": self.i.district,
            "name": text_value(row.get("name")),
            "short_name": text_value(row.get("short_name")),
            "funder": funder,
            "description": text_value(row.get("description")),
            "url": text_value(row.get("url")),
            "period_start": row.get("period_start"),
            "period_end": row.get("period_end"),
        }

    def apply_terms(self) -> dict[uuid.UUID, uuid.UUID]:
        known_taxonomies = set(Taxonomy.objects.values_list("pk", flat=True)) | set(
            self.i.taxonomies.values()
        )
        usable = []
        for row in self.i.rows.get("taxonomy_term", []):
            taxonomy = self.i.ref(row, "taxonomy_id", "taxonomy") if row.values.get("taxonomy_id") else None
            taxonomy = self.i.taxonomies.get(taxonomy, taxonomy) if taxonomy else None
            if taxonomy is None and row.get("taxonomy"):
                taxonomy = self.i.lookup_name("taxonomy", row.get("taxonomy"))
            if taxonomy not in known_taxonomies:
                self.i.row_warn(
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
        existing = self.i.existing(TaxonomyTerm, [r.id for r in usable])
        by_name = {(t.taxonomy_id, t.name.lower()): t for t in TaxonomyTerm.objects.all()}
        mapping: dict[uuid.UUID, uuid.UUID] = {}
        for row in usable:
            data = {
                "taxonomy_id": row.values["_taxonomy"],
                "code": text_value(row.get("code")),
                "name": text_value(row.get("name")),
                "description": text_value(row.get("description")),
                "sort_order": int(row.get("sort_order", 100)),
            }
            found = existing.get(row.id) or by_name.get((data["taxonomy_id"], data["name"].lower()))
            new = found is None
            before = {} if found is None else model_snapshot(found)
            if found is None:
                term = TaxonomyTerm(
                    id=row.id, slug=slug_reserve(data["name"], existing_slugs[data["taxonomy_id"]]), **data
                )
            else:
                term = found
                for key, value in data.items():
                    setattr(term, key, value)
            if not self.i.validate(term, row, exclude=["slug", "parent"]):
                continue
            after = model_snapshot(term)
            mapping[row.id] = term.pk
            if new or diff_snapshots(TaxonomyTerm, before, after):
                term.save()
                if not new:
                    version_raise(term)  # open forms are stale now
                self.i.record(Plan(term, row, new, before), after)
                self.i.report.count("taxonomy_term", "created" if new else "updated")
            else:
                self.i.report.count("taxonomy_term", "unchanged")
        parents = {
            row.id: self.i.ref(row, "parent_id", "taxonomy_term")
            for row in usable
            if row.id in mapping and row.values.get("parent_id")
        }
        parents = {term: mapping.get(parent, parent) if parent else None for term, parent in parents.items()}
        known_parents = self.i.existing_ids(TaxonomyTerm, [p for p in parents.values() if p])
        for row in usable:
            if row.id not in parents:
                continue
            if parents[row.id] in known_parents:
                TaxonomyTerm.objects.filter(pk=mapping[row.id]).update(parent_id=parents[row.id])
            else:
                row.ok = True
                self.i.row_warn(
                    row, _("The parent term is unknown; the term is imported without it."), "parent_id"
                )
        translations_replace(self.i, "taxonomy_term", mapping)
        return mapping

    def apply_locations(self) -> dict[uuid.UUID, uuid.UUID]:
        addresses = {
            self.i.ref(r, "location_id", "location"): r for r in self.i.rows.get("address", []) if r.ok
        }
        accessibility = {
            self.i.ref(r, "location_id", "location"): r for r in self.i.rows.get("accessibility", [])
        }
        rows = [r for r in self.i.rows.get("location", []) if r.ok]
        existing = self.i.existing(Location, [r.id for r in rows])
        by_name = {
            (o.organisation_id, o.name.lower()): o for o in Location.objects.filter(district=self.i.district)
        }
        org_refs = {
            row.id: self.i.ref(row, "organization_id", "organization")
            if row.values.get("organization_id")
            else None
            for row in rows
        }
        known_orgs = self.i.existing_ids(Organisation, [o for o in org_refs.values() if o is not None])
        mapping: dict[uuid.UUID, uuid.UUID] = {}
        creates, updates = [], []
        for row in rows:
            org = org_refs[row.id]
            if org is not None and org not in self.i.organisations and org not in known_orgs:
                self.i.row_warn(
                    row,
                    _("The organisation is unknown; the location is imported without it."),
                    "organization_id",
                )
                org = None
            org = self.i.organisations.get(org, org) if org else None
            address = addresses.get(row.id)
            municipality = self.i.municipalities.get(row.get("municipality_key", ""))
            if row.get("municipality_key") and municipality is None:
                self.i.row_warn(
                    row,
                    _("Municipality key %(key)s is not in this district; left empty.")
                    % {"key": row.get("municipality_key")},
                    "municipality_key",
                )
            if municipality is None and address is not None:
                municipality = self.i.municipality_names.get(str(address.get("city", "")).lower())
            access = accessibility.get(row.id)
            level = row.get("accessibility_level", Location.Accessibility.UNKNOWN)
            kind = row.get("location_type", Location.Kind.PHYSICAL)
            data = {
                "district": self.i.district,
                "organisation_id": org,
                "kind": kind,
                "name": text_value(row.get("name") or (address.get("address_1") if address else "") or "Ort"),
                "description": text_value(row.get("description")),
                "address_1": text_value(address.get("address_1"), 250) if address else "",
                "postal_code": text_value(address.get("postal_code"), 10) if address else "",
                "city": text_value(address.get("city"), 150) if address else "",
                "municipality": municipality,
                "latitude": coordinate(row.get("latitude"), 90),
                "longitude": coordinate(row.get("longitude"), 180),
                "url": text_value(row.get("url")),
                "transportation": text_value(row.get("transportation")),
                "accessibility": level,
                "accessibility_description": text_value(access.get("description")) if access else "",
            }
            if (row.get("latitude") is not None and data["latitude"] is None) or (
                row.get("longitude") is not None and data["longitude"] is None
            ):
                self.i.row_warn(
                    row, _("The coordinates are outside the valid range; left empty."), "latitude"
                )
            found = existing.get(row.id) or by_name.get((org, data["name"].lower()))
            if self.i.foreign(row, found):
                continue
            new = found is None
            before = {} if found is None else model_snapshot(found)
            if found is None:
                instance = Location(id=row.id, **data)
            else:
                instance = found
                for key, value in data.items():
                    setattr(instance, key, value)
            if not self.i.validate(instance, row):
                continue
            after = model_snapshot(instance)
            mapping[row.id] = instance.pk
            if new:
                creates.append(instance)
            elif diff_snapshots(Location, before, after):
                updates.append(instance)
            else:
                self.i.report.count("location", "unchanged")
                continue
            self.i.record(Plan(instance, row, new, before), after)
            self.i.report.count("location", "created" if new else "updated")
        Location.objects.bulk_create(creates, batch_size=1000)
        for instance in updates:
            instance.save()
        versions_raise(Location, [instance.pk for instance in updates])  # open forms are stale now
        translations_replace(self.i, "location", mapping)
        return mapping
