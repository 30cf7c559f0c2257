"""The offer part of an import: services with their parts, and organisations' own contacts,
phones and identifiers. An entity whose data and parts equal the file's stays untouched."""

import uuid
from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.catalog.models import (
    Contact,
    FundingProgramme,
    Location,
    Offer,
    OfferLocation,
    Organisation,
    OrganisationIdentifier,
    Phone,
    Schedule,
    TaxonomyTerm,
)
from wegweiser.catalog.models.schedules import byday_validator
from wegweiser.core.audit import diff_snapshots, model_snapshot
from wegweiser.core.versioning import versions_raise
from wegweiser.hsds.importing import Plan, Row, _slug, _text

if TYPE_CHECKING:
    from wegweiser.hsds.importing import CatalogImporter

UNSUPPORTED_SCHEDULE = (
    "dtstart",
    "until",
    "count",
    "wkst",
    "byweekno",
    "bymonthday",
    "byyearday",
    "timezone",
)


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
        self.collect_parts()
        # Loaded once, so that snapshots for the audit trail need no query per offer.
        self.org_objects = Organisation.objects.in_bulk(
            [r.values["_org"] for r in service_rows if r.values["_org"]]
        )
        existing = i._existing(Offer, [r.id for r in service_rows], related=["organisation", "district"])
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
                offer = Offer(id=row.id, slug=_slug(data["name"], slugs), **data)
                if i.publish:
                    offer.state, offer.published_at = Offer.State.PUBLISHED, timezone.now()
            else:
                offer = found
                for key, value in data.items():
                    setattr(offer, key, value)
            if i._validate(offer, row, exclude=["slug"]):
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
            _text(d.get("document")) for d in self.parts.get((row.id, "documents"), []) if d.get("document")
        )
        short = row.get("short_description") or _text(row.get("description"))[:300]
        age = row.get("minimum_age"), row.get("maximum_age")
        return {
            "district": i.district,
            "organisation": self.org_objects.get(row.values["_org"]),
            "name": _text(row.get("name"), 250),
            "short_description": _text(short, 300),
            "description": _text(row.get("description")),
            "alert": _text(row.get("alert"), 300),
            "status": row.get("status", Offer.Status.ACTIVE),
            "url": _text(row.get("url")),
            "email": _text(row.get("email")),
            "interpretation_available": bool(interpretation),
            "minimum_age": int(age[0]) if age[0] is not None else None,
            "maximum_age": int(age[1]) if age[1] is not None else None,
            "eligibility_description": _text(row.get("eligibility_description")),
            "cost_free": bool(free),
            "cost_amount": None if free or amount is None else Decimal(str(amount)).quantize(Decimal("0.01")),
            "cost_description": _text(
                row.get("fees_description")
                or next((o.get("amount_description") for o in options if o.get("amount_description")), ""),
                300,
            ),
            "registration_required": row.get("registration_required"),
            "registration_howto": _text(row.get("application_process")),
            "documents_to_bring": documents,
            "childcare_available": bool(row.get("childcare_available")),
            "valid_from": row.get("valid_from"),
            "valid_to": row.get("valid_to"),
            "serves_whole_district": bool(row.get("serves_whole_district")),
            "is_mobile": bool(row.get("is_mobile")),
            "assured_date": row.get("assured_date"),
            "assurer_email": _text(row.get("assurer_email")),
        }

    # -- the parts of offers ---------------------------------------------------------------

    def collect_parts(self) -> None:
        """Group every part row by (offer id in the file, kind), resolving what it points at."""
        i = self.i
        parts: dict[tuple[Any, str], list[Any]] = defaultdict(list)
        known_terms = set(TaxonomyTerm.objects.values_list("pk", flat=True)) | set(i.terms.values())
        skipped_terms = {r.id for r in self.rows.get("taxonomy_term", []) if r.id not in i.terms}
        for row in self.rows.get("attribute", []):
            link = self._service(row, "link_id", quiet=True)
            if link is None:
                self.i.row_warn(
                    row,
                    _("The category is attached to something that is not an offer in the file; skipped."),
                    "link_id",
                )
                continue
            term = i.ref(row, "taxonomy_term_id", "taxonomy_term")
            if term in skipped_terms:
                continue
            term = i.terms.get(term, term)
            if term is not None and term not in known_terms:
                self.i.row_error(
                    row, _("Unknown category (taxonomy term) %(id)s.") % {"id": term}, "taxonomy_term_id"
                )
                row.ok = False
                continue
            if term is not None:
                parts[(link, "terms")].append(term)
        phone_languages: dict[Any, list[str]] = defaultdict(list)
        for row in self.rows.get("language", []):
            code = str(row.get("code") or "").lower()
            if code not in i.languages:
                self.i.row_warn(
                    row,
                    _("Unknown language code “%(code)s”; skipped.") % {"code": row.get("code") or ""},
                    "code",
                )
                continue
            if row.values.get("phone_id"):
                phone_languages[row.values["phone_id"]].append(code)
            elif (service := self._service(row, "service_id")) is not None:
                parts[(service, "languages")].append(code)
        for row in self.rows.get("service_area", []):
            service = self._service(row, "service_id")
            if service is None:
                continue
            key = row.get("municipality_key", "")
            municipality = i.municipalities.get(key) or i.municipality_names.get(
                str(row.get("name") or "").lower()
            )
            if municipality is None:
                self.i.row_warn(
                    row,
                    _("The service area is not a municipality of this district; skipped."),
                    "municipality_key" if key else "name",
                )
                continue
            parts[(service, "municipalities")].append(municipality.pk)
        programmes = {p.name.lower(): p.pk for p in FundingProgramme.objects.all()}
        for row in self.rows.get("funding", []):
            service = self._service(row, "service_id")
            if service is None:
                continue
            programme = row.values.get("funding_programme_id")
            if programme:
                programme = i.programmes.get(uuid.UUID(programme), None) if _is_uuid(programme) else None
            programme = programme or programmes.get(str(row.get("source") or "").lower())
            if programme is None:
                self.i.row_warn(row, _("The funding names no known funding programme; skipped."), "source")
                continue
            parts[(service, "funding_programmes")].append(programme)
        for table, kind in (("cost_option", "cost"), ("required_document", "documents")):
            for row in self.rows.get(table, []):
                if (service := self._service(row, "service_id")) is not None:
                    parts[(service, kind)].append(row)
        places: dict[Any, Any] = {}
        place_refs = []
        for row in self.rows.get("service_at_location", []):
            service = self._service(row, "service_id")
            location = i.ref(row, "location_id", "location", required=True)
            place_refs.append((row, service, i.locations.get(location, location) if location else None))
        imported_locations = set(i.locations.values())
        known_locations = i.existing_ids(
            Location, [loc for _r, _s, loc in place_refs if loc is not None], district=i.district
        )
        for row, service, location in place_refs:
            if location is None or (location not in imported_locations and location not in known_locations):
                if location is not None:
                    self.i.row_error(row, _("Unknown location %(id)s.") % {"id": location}, "location_id")
                continue
            if service is not None:
                places[row.id] = service
                parts[(service, "places")].append((row.id, location, _text(row.get("description"), 300)))
        for row in self.rows.get("schedule", []):
            if row.values.get("service_at_location_id"):
                place = (
                    uuid.UUID(row.values["service_at_location_id"])
                    if _is_uuid(row.values["service_at_location_id"])
                    else None
                )
                service = places.get(place)
            else:
                place, service = None, self._service(row, "service_id", quiet=True)
            if service is None:
                self.i.row_warn(row, _("The schedule belongs to no offer in the file; skipped."))
                continue
            schedule = self.schedule(row, place)
            if schedule is not None:
                parts[(service, "schedules")].append(schedule)
        contacts: dict[Any, Any] = {}
        for row in self.rows.get("contact", []):
            service = self._service(row, "service_id", quiet=True)
            owner = ("offer", service) if service else ("org", self._org(row))
            if owner[1] is None:
                continue
            contacts[row.id] = owner
            parts[(owner[1], "contacts")].append(
                Contact(
                    id=row.id,
                    name=_text(row.get("name") or row.get("department") or "Kontakt", 200),
                    title=_text(row.get("title"), 200),
                    department=_text(row.get("department"), 200),
                    email=_text(row.get("email")),
                    **({"offer_id": service} if service else {"organisation_id": owner[1]}),
                )
            )
        for row in self.rows.get("phone", []):
            contact = (
                uuid.UUID(row.values["contact_id"]) if _is_uuid(row.values.get("contact_id") or "") else None
            )
            if contact in contacts:
                owner = contacts[contact]
            elif (service := self._service(row, "service_id", quiet=True)) is not None:
                owner, contact = ("offer", service), None
            elif (org := self._org(row)) is not None:
                owner, contact = ("org", org), None
            else:
                continue
            kind = row.get("type", Phone.Kind.VOICE)
            extension = row.get("extension")
            phone = Phone(
                id=row.id,
                contact_id=contact,
                number=_text(row.get("number"), 50).strip('"'),
                extension=str(int(extension)) if isinstance(extension, float) else _text(extension, 20),
                kind=kind if kind in Phone.Kind.values else Phone.Kind.VOICE,
                description=_text(row.get("description"), 200),
                **({"offer_id": owner[1]} if owner[0] == "offer" and contact is None else {}),
                **({"organisation_id": owner[1]} if owner[0] == "org" and contact is None else {}),
            )
            phone._languages = sorted(phone_languages.get(str(row.id), []))  # type: ignore[attr-defined]
            parts[(owner[1], "phones")].append(phone)
        for row in self.rows.get("organization_identifier", []):
            if (org := self._org(row)) is not None:
                parts[(org, "identifiers")].append(
                    OrganisationIdentifier(
                        id=row.id,
                        organisation_id=org,
                        identifier_scheme=_text(row.get("identifier_scheme"), 100),
                        identifier_type=_text(row.get("identifier_type"), 100),
                        identifier=_text(row.get("identifier"), 100),
                    )
                )
        self.parts = parts

    def _service(self, row: Row, column: str, quiet: bool = False) -> Any:
        if not row.values.get(column):
            return None
        if quiet and not _is_uuid(row.values[column]):
            matches = self.i.names_in_file("service").get(row.values[column], [])
            return matches[0] if len(matches) == 1 else None
        target = self.i.ref(row, column, "service")
        return target if target in self.services else None

    def _org(self, row: Row) -> Any:
        if not row.values.get("organization_id"):
            return None
        org = self.i.ref(row, "organization_id", "organization")
        return self.i.organisations.get(org) if org else None

    def schedule(self, row: Row, place: Any) -> Schedule | None:
        freq = row.get("freq", Schedule.Freq.WEEKLY)
        if freq not in Schedule.Freq.values:
            self.i.row_warn(row, _("Only weekly and monthly schedules can be imported; skipped."), "freq")
            return None
        ignored = [name for name in UNSUPPORTED_SCHEDULE if row.get(name) not in (None, "")]
        if ignored:
            self.i.row_warn(
                row, _("Not supported and ignored: %(columns)s.") % {"columns": ", ".join(ignored)}
            )
        schedule = Schedule(
            id=row.id,
            offer_location_id=place,
            freq=freq,
            interval=int(row.get("interval", 1)),
            byday=str(row.get("byday") or "").replace(" ", ""),
            opens_at=row.get("opens_at"),
            closes_at=row.get("closes_at"),
            valid_from=row.get("valid_from"),
            valid_to=row.get("valid_to"),
            notes=_text(row.get("notes"), 300),
        )
        try:
            if schedule.byday:
                byday_validator(schedule.byday)
            schedule.clean()
        except ValidationError as exc:  # the model's own rules
            self.i.row_error(row, " ".join(exc.messages), "byday")
            row.ok = False
            return None
        return schedule

    # -- writing -----------------------------------------------------------------------------

    def signature(self, kind: str, objects: list[Any]) -> Any:
        if kind in ("terms", "languages", "municipalities", "funding_programmes"):
            return sorted(str(o) for o in objects)
        if kind == "places":
            return sorted((str(a), str(b), c) for a, b, c in objects)
        if kind == "phones":
            return sorted(
                (
                    str(p.id),
                    str(p.contact_id),
                    p.number,
                    p.extension,
                    p.kind,
                    p.description,
                    tuple(p._languages),
                )
                for p in objects
            )
        fields = {
            "schedules": (
                "id",
                "offer_location_id",
                "freq",
                "interval",
                "byday",
                "opens_at",
                "closes_at",
                "valid_from",
                "valid_to",
                "notes",
            ),
            "contacts": ("id", "name", "title", "department", "email"),
            "identifiers": ("id", "identifier_scheme", "identifier_type", "identifier"),
        }[kind]
        return sorted(tuple(str(getattr(o, f)) for f in fields) for o in objects)

    def current_parts(self, offer_ids: list[Any], org_ids: list[Any]) -> dict[tuple[Any, str], Any]:
        current: dict[tuple[Any, str], list[Any]] = defaultdict(list)
        through = {
            "terms": (Offer.terms.through, "taxonomyterm_id"),
            "languages": (Offer.languages.through, "language_id"),
            "municipalities": (Offer.municipalities.through, "municipality_id"),
            "funding_programmes": (Offer.funding_programmes.through, "fundingprogramme_id"),
        }
        for kind, (model, column) in through.items():
            for offer_id, value in model._default_manager.filter(offer_id__in=offer_ids).values_list(
                "offer_id", column
            ):
                current[(offer_id, kind)].append(value)
        for place in OfferLocation.objects.filter(offer_id__in=offer_ids):
            current[(place.offer_id, "places")].append((place.id, place.location_id, place.description))
        for schedule in Schedule.objects.filter(offer_id__in=offer_ids):
            current[(schedule.offer_id, "schedules")].append(schedule)
        for schedule in Schedule.objects.filter(offer_location__offer_id__in=offer_ids).select_related(
            "offer_location"
        ):
            if schedule.offer_location is not None:
                current[(schedule.offer_location.offer_id, "schedules")].append(schedule)
        owner_filter = {"offer": offer_ids, "org": org_ids}
        for contact in Contact.objects.filter(offer_id__in=offer_ids) | Contact.objects.filter(
            organisation_id__in=org_ids
        ):
            current[(contact.offer_id or contact.organisation_id, "contacts")].append(contact)
        contact_owner = {
            c.id: (c.offer_id or c.organisation_id)
            for key, cs in current.items()
            if key[1] == "contacts"
            for c in cs
        }
        phones = (
            Phone.objects.filter(offer_id__in=owner_filter["offer"])
            | Phone.objects.filter(organisation_id__in=owner_filter["org"])
            | Phone.objects.filter(contact_id__in=list(contact_owner))
        ).prefetch_related("languages")
        for phone in phones:
            phone._languages = sorted(lang.code for lang in phone.languages.all())  # type: ignore[attr-defined]
            owner = phone.offer_id or phone.organisation_id or contact_owner.get(phone.contact_id)
            current[(owner, "phones")].append(phone)
        for identifier in OrganisationIdentifier.objects.filter(organisation_id__in=org_ids):
            current[(identifier.organisation_id, "identifiers")].append(identifier)
        return current

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
        current = self.current_parts(offer_ids, org_ids)
        changed_parts: set[Any] = set()
        for owner, kinds in [(o, offer_kinds) for o in offer_ids] + [
            (o, ("contacts", "phones", "identifiers")) for o in org_ids
        ]:
            for kind in kinds:
                before, after = current.get((owner, kind), []), self.parts.get((owner, kind), [])
                if self.signature(kind, before) != self.signature(kind, after):
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
                i._record(plan, snapshot)
            outcome = "created" if plan.new else ("updated" if plan.instance.pk in changed else "unchanged")
            i.report.count("service", outcome)
        Offer.objects.bulk_create(creates, batch_size=500)
        for offer in updates:
            offer.save()
        i._translations("service", {p.row.id: p.instance.pk for p in plans})
        changed |= (i.touched_translations - translated) & set(offer_ids)
        rewrite_offers = [
            o for o in offer_ids if o in changed_parts or o in {p.instance.pk for p in plans if p.new}
        ]
        rewrite_orgs = [o for o in org_ids if o in changed_parts]
        self.rewrite_parts(rewrite_offers, rewrite_orgs)
        i._translations(
            "schedule",
            {s.id: s.id for key, items in self.parts.items() if key[1] == "schedules" for s in items},
        )
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

    def rewrite_parts(self, offer_ids: list[Any], org_ids: list[Any]) -> None:
        Schedule.objects.filter(offer_id__in=offer_ids).delete()
        Schedule.objects.filter(offer_location__offer_id__in=offer_ids).delete()
        OfferLocation.objects.filter(offer_id__in=offer_ids).delete()
        Phone.objects.filter(offer_id__in=offer_ids).delete()
        Contact.objects.filter(offer_id__in=offer_ids).delete()
        Phone.objects.filter(organisation_id__in=org_ids).delete()
        Contact.objects.filter(organisation_id__in=org_ids).delete()
        OrganisationIdentifier.objects.filter(organisation_id__in=org_ids).delete()
        through_rows: dict[str, list[Any]] = defaultdict(list)
        places, schedules, contacts, phones, identifiers = [], [], [], [], []
        for owner in offer_ids:
            for term in set(self.parts.get((owner, "terms"), [])):
                through_rows["terms"].append(Offer.terms.through(offer_id=owner, taxonomyterm_id=term))
            for code in set(self.parts.get((owner, "languages"), [])):
                through_rows["languages"].append(Offer.languages.through(offer_id=owner, language_id=code))
            for m in set(self.parts.get((owner, "municipalities"), [])):
                through_rows["municipalities"].append(
                    Offer.municipalities.through(offer_id=owner, municipality_id=m)
                )
            for p in set(self.parts.get((owner, "funding_programmes"), [])):
                through_rows["funding_programmes"].append(
                    Offer.funding_programmes.through(offer_id=owner, fundingprogramme_id=p)
                )
            places += [
                OfferLocation(id=pid, offer_id=owner, location_id=loc, description=desc)
                for pid, loc, desc in self.parts.get((owner, "places"), [])
            ]
            for schedule in self.parts.get((owner, "schedules"), []):
                if schedule.offer_location_id is None:
                    schedule.offer_id = owner
                schedules.append(schedule)
        for owner in offer_ids + org_ids:
            contacts += self.parts.get((owner, "contacts"), [])
            phones += self.parts.get((owner, "phones"), [])
        for owner in org_ids:
            identifiers += self.parts.get((owner, "identifiers"), [])
        for kind, model in (
            ("terms", Offer.terms.through),
            ("languages", Offer.languages.through),
            ("municipalities", Offer.municipalities.through),
            ("funding_programmes", Offer.funding_programmes.through),
        ):
            model.objects.filter(offer_id__in=offer_ids).delete()
            model.objects.bulk_create(through_rows[kind], batch_size=2000)
        OfferLocation.objects.bulk_create(places, batch_size=1000)
        Schedule.objects.bulk_create(schedules, batch_size=1000)
        Contact.objects.bulk_create(contacts, batch_size=1000)
        Phone.objects.bulk_create(phones, batch_size=1000)
        Phone.languages.through.objects.bulk_create(
            [Phone.languages.through(phone_id=p.id, language_id=c) for p in phones for c in p._languages],
            batch_size=1000,
        )
        OrganisationIdentifier.objects.bulk_create(identifiers, batch_size=1000)


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(str(text))
    except ValueError:
        return False
    return True
