"""The offer part of an import: services with their parts, and organisations' own contacts,
phones and identifiers. An entity whose data and parts equal the file's stays untouched."""

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from wegweiser.catalog.models import Offer, Organisation
from wegweiser.catalog.services.offers import offers_publish
from wegweiser.core.audit import diff_snapshots, model_snapshot
from wegweiser.core.versioning import versions_raise
from wegweiser.hsds.importing.offer_parts import OfferParts
from wegweiser.hsds.importing.offer_writing import parts_current, parts_rewrite, parts_signature
from wegweiser.hsds.importing.rows import Plan, Row, slug_reserve, text_value
from wegweiser.hsds.importing.translations import translations_replace

if TYPE_CHECKING:
    from wegweiser.hsds.importing.importer import CatalogImporter


class OfferImport:
    def __init__(self, importer: "CatalogImporter") -> None:
        self.i = importer
        self.report = importer.report
        self.rows = importer.rows

    def run(self) -> set[uuid.UUID]:
        i = self.i
        service_rows = [r for r in self.rows.get("service", []) if r.ok]
        self.services = {r.id for r in service_rows}
        refs = {row.id: i.ref(row, "organization_id", "organization", required=True) for row in service_rows}
        imported = set(i.organisations.values())
        known = i.existing_ids(Organisation, [o for o in refs.values() if o], district=i.district)
        for row in service_rows:
            org = refs[row.id]
            row.values["_org"] = i.organisations.get(org, org) if org else None
            if org and row.values["_org"] not in imported and org not in known:
                self.i.row_error(
                    row,
                    _("The organisation %(id)s is neither in the file nor in this district's catalog.")
                    % {"id": org},
                    "organization_id",
                )
                row.ok = False
        self.parts = OfferParts(i, self.services).collect()
        # Loaded once, so that snapshots for the audit trail need no query per offer.
        self.org_objects = Organisation.objects.in_bulk(
            [r.values["_org"] for r in service_rows if r.values["_org"]]
        )
        existing = i.existing(Offer, [r.id for r in service_rows], related=["organisation", "district"])
        by_name: dict[tuple[Any, str], Offer] = {
            (o.organisation_id, o.name.lower()): o
            for o in Offer.objects.filter(district=i.district).only("id", "organisation_id", "name")
        }
        slugs = set(Offer.objects.filter(district=i.district).values_list("slug", flat=True))
        plans: list[Plan[Offer]] = []
        for n, row in enumerate(service_rows):
            if n % 500 == 0:
                i.progress("services", n, len(service_rows))
            data = self.offer_fields(row)
            found: Offer | None = existing.get(row.id) or by_name.get(
                (getattr(data["organisation"], "pk", None), data["name"].lower())
            )
            if i.foreign(row, found):
                continue
            if found is not None and found.pk != row.id:
                self.remap(row.id, found.pk)
            new = found is None
            before = {} if found is None else model_snapshot(found)
            if found is None:
                # A draft first; ``publish`` below publishes it if the import says so and it passes.
                offer = Offer(id=row.id, slug=slug_reserve(data["name"], slugs), **data)
            else:
                offer = found
                for key, value in data.items():
                    setattr(offer, key, value)
            if i.validate(offer, row, exclude=["slug"]):
                plans.append(Plan(offer, row, new, before))
        i.progress("services", len(service_rows), len(service_rows))
        if not self.report.ok:
            return set()
        return self.write(plans)

    def remap(self, file_id: uuid.UUID, catalog_id: uuid.UUID) -> None:
        """An offer matched by name: its parts in the file point at the catalog's id."""
        for key in list(self.parts):
            if key[0] == file_id:
                self.parts[(catalog_id, key[1])] = self.parts.pop(key)

    def offer_fields(self, row: Row) -> dict[str, Any]:
        i = self.i
        options = self.parts.get((row.id, "cost"), [])
        free = row.get("free_of_charge")
        amounts = [o.get("amount") for o in options if o.get("amount") is not None]
        if free is None:
            free = any(a == 0 for a in amounts)
        amount = next((a for a in amounts if a), None)
        interpretation = row.get("interpretation_available")
        if interpretation is None:
            interpretation = bool(row.get("interpretation_services"))
        documents = "\n\n".join(
            text_value(d.get("document"))
            for d in self.parts.get((row.id, "documents"), [])
            if d.get("document")
        )
        short = row.get("short_description") or text_value(row.get("description"))[:300]
        age = row.get("minimum_age"), row.get("maximum_age")
        return {
            "district": i.district,
            "organisation": self.org_objects.get(row.values["_org"]),
            "name": text_value(row.get("name")),
            "short_description": text_value(short),
            "description": text_value(row.get("description")),
            "alert": text_value(row.get("alert")),
            "status": row.get("status", Offer.Status.ACTIVE),
            "url": text_value(row.get("url")),
            "email": text_value(row.get("email")),
            "interpretation_available": bool(interpretation),
            "minimum_age": int(age[0]) if age[0] is not None else None,
            "maximum_age": int(age[1]) if age[1] is not None else None,
            "eligibility_description": text_value(row.get("eligibility_description")),
            "cost_free": bool(free),
            "cost_amount": None if free or amount is None else Decimal(str(amount)).quantize(Decimal("0.01")),
            "cost_description": text_value(
                row.get("fees_description")
                or next((o.get("amount_description") for o in options if o.get("amount_description")), ""),
                300,
            ),
            "registration_required": row.get("registration_required"),
            "registration_howto": text_value(row.get("application_process")),
            "documents_to_bring": documents,
            "childcare_available": bool(row.get("childcare_available")),
            "valid_from": row.get("valid_from"),
            "valid_to": row.get("valid_to"),
            "serves_whole_district": bool(row.get("serves_whole_district")),
            "is_mobile": bool(row.get("is_mobile")),
            "assured_date": row.get("assured_date"),
            "assurer_email": text_value(row.get("assurer_email")),
        }

    def write(self, plans: list[Plan[Offer]]) -> set[uuid.UUID]:
        i = self.i
        offer_kinds = (
            "terms",
            "languages",
            "municipalities",
            "funding_programmes",
            "places",
            "schedules",
            "contacts",
            "phones",
        )
        org_ids = [org for org in i.organisations.values()]
        offer_ids = [p.instance.pk for p in plans]
        current = parts_current(offer_ids, org_ids)
        changed_parts: set[Any] = set()
        for owner, kinds in [(o, offer_kinds) for o in offer_ids] + [
            (o, ("contacts", "phones", "identifiers")) for o in org_ids
        ]:
            for kind in kinds:
                before, after = current.get((owner, kind), []), self.parts.get((owner, kind), [])
                if parts_signature(kind, before) != parts_signature(kind, after):
                    changed_parts.add(owner)
        creates: list[Offer] = []
        updates: list[Offer] = []
        changed: set[uuid.UUID] = set()
        translated = set(i.touched_translations)
        for plan in plans:
            snapshot = model_snapshot(plan.instance)
            fields_changed = bool(diff_snapshots(Offer, plan.before, snapshot))
            if plan.new:
                creates.append(plan.instance)
            elif fields_changed:
                updates.append(plan.instance)
            if plan.new or fields_changed or plan.instance.pk in changed_parts:
                changed.add(plan.instance.pk)
                i.record(plan, snapshot)
            outcome = "created" if plan.new else ("updated" if plan.instance.pk in changed else "unchanged")
            i.report.count("service", outcome)
        Offer.objects.bulk_create(creates, batch_size=500)
        for offer in updates:
            offer.save()
        translations_replace(i, "service", {p.row.id: p.instance.pk for p in plans})
        changed |= (i.touched_translations - translated) & set(offer_ids)
        rewrite_offers = [
            o for o in offer_ids if o in changed_parts or o in {p.instance.pk for p in plans if p.new}
        ]
        rewrite_orgs = [o for o in org_ids if o in changed_parts]
        parts_rewrite(self.parts, rewrite_offers, rewrite_orgs)
        translations_replace(
            i,
            "schedule",
            {s.id: s.id for key, items in self.parts.items() if key[1] == "schedules" for s in items},
        )
        if i.publish:
            self.publish([p for p in plans if p.new])
        # Keep the source's modification time (HSDS last_modified) on offers the file changed;
        # bulk_update writes the value as given (auto_now applies only to save()).
        stamped = []
        for plan in plans:
            stamp = plan.row.get("last_modified")
            if stamp is not None and plan.instance.pk in changed:
                plan.instance.updated_at = stamp
                stamped.append(plan.instance)
        Offer.objects.bulk_update(stamped, ["updated_at"], batch_size=500)
        versions_raise(Offer, changed)  # forms opened before the import are stale now
        return changed

    def publish(self, plans: list[Plan[Offer]]) -> None:
        """Publish the new offers through ``offers_publish``: the checks and audit entries of
        ``offer_publish``, in bulk. An offer that fails them is imported as a draft, with a
        warning on its row that says why."""
        if not plans:
            return
        i = self.i
        i.audit_flush()  # the creations come before the publications in the audit trail
        problems = offers_publish(
            actor=i.actor,
            offers=[p.instance for p in plans],
            summary=_("Published on import from %(file)s") % {"file": i.source_name},
            index=False,  # the import indexes every offer it changed at the end
        )
        for plan in plans:
            if plan.instance.pk in problems:
                i.row_warn(
                    plan.row,
                    _("Imported as a draft, not published: %(problems)s")
                    % {"problems": " ".join(problems[plan.instance.pk])},
                )
        if problems:
            self.report.warn(
                _("%(count)s new offers are imported as drafts because they cannot be published yet.")
                % {"count": len(problems)}
            )
