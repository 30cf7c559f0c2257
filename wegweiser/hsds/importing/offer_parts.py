"""The parts of imported offers, grouped by the offer (or organisation) they belong to:
categories, languages, service areas, funding, costs, documents, places, schedules, contacts,
phones and organisation identifiers."""

import uuid
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wegweiser.catalog.models import (
    Contact,
    FundingProgramme,
    Location,
    OrganisationIdentifier,
    Phone,
    Schedule,
    TaxonomyTerm,
)
from wegweiser.catalog.models.schedules import byday_validator
from wegweiser.hsds.importing.rows import Row, is_uuid, text_value

if TYPE_CHECKING:
    from wegweiser.hsds.importing.importer import CatalogImporter

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


class OfferParts:
    """Collects the part rows of the offers ``services`` (ids in the file)."""

    def __init__(self, importer: "CatalogImporter", services: set[uuid.UUID]) -> None:
        self.i = importer
        self.rows = importer.rows
        self.services = services

    def collect(self) -> dict[tuple[Any, str], list[Any]]:
        """Group every part row by (offer id in the file, kind), resolving what it points at."""
        i = self.i
        parts: dict[tuple[Any, str], list[Any]] = defaultdict(list)
        known_terms = set(TaxonomyTerm.objects.values_list("pk", flat=True)) | set(i.terms.values())
        skipped_terms = {r.id for r in self.rows.get("taxonomy_term", []) if r.id not in i.terms}
        for row in self.rows.get("attribute", []):
            link = self.service(row, "link_id", quiet=True)
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
            elif (service := self.service(row, "service_id")) is not None:
                parts[(service, "languages")].append(code)
        for row in self.rows.get("service_area", []):
            service = self.service(row, "service_id")
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
            service = self.service(row, "service_id")
            if service is None:
                continue
            programme = row.values.get("funding_programme_id")
            if programme:
                programme = i.programmes.get(uuid.UUID(programme), None) if is_uuid(programme) else None
            programme = programme or programmes.get(str(row.get("source") or "").lower())
            if programme is None:
                self.i.row_warn(row, _("The funding names no known funding programme; skipped."), "source")
                continue
            parts[(service, "funding_programmes")].append(programme)
        for table, kind in (("cost_option", "cost"), ("required_document", "documents")):
            for row in self.rows.get(table, []):
                if (service := self.service(row, "service_id")) is not None:
                    parts[(service, kind)].append(row)
        places: dict[Any, Any] = {}
        place_refs = []
        for row in self.rows.get("service_at_location", []):
            service = self.service(row, "service_id")
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
                parts[(service, "places")].append((row.id, location, text_value(row.get("description"), 300)))
        for row in self.rows.get("schedule", []):
            if row.values.get("service_at_location_id"):
                place = (
                    uuid.UUID(row.values["service_at_location_id"])
                    if is_uuid(row.values["service_at_location_id"])
                    else None
                )
                service = places.get(place)
            else:
                place, service = None, self.service(row, "service_id", quiet=True)
            if service is None:
                self.i.row_warn(row, _("The schedule belongs to no offer in the file; skipped."))
                continue
            schedule = self.schedule(row, place)
            if schedule is not None:
                parts[(service, "schedules")].append(schedule)
        contacts: dict[Any, Any] = {}
        for row in self.rows.get("contact", []):
            service = self.service(row, "service_id", quiet=True)
            owner = ("offer", service) if service else ("org", self.org(row))
            if owner[1] is None:
                continue
            contacts[row.id] = owner
            parts[(owner[1], "contacts")].append(
                Contact(
                    id=row.id,
                    name=text_value(row.get("name") or row.get("department") or "Kontakt", 200),
                    title=text_value(row.get("title"), 200),
                    department=text_value(row.get("department"), 200),
                    email=text_value(row.get("email")),
                    **({"offer_id": service} if service else {"organisation_id": owner[1]}),
                )
            )
        for row in self.rows.get("phone", []):
            contact = (
                uuid.UUID(row.values["contact_id"]) if is_uuid(row.values.get("contact_id") or "") else None
            )
            if contact in contacts:
                owner = contacts[contact]
            elif (service := self.service(row, "service_id", quiet=True)) is not None:
                owner, contact = ("offer", service), None
            elif (org := self.org(row)) is not None:
                owner, contact = ("org", org), None
            else:
                continue
            kind = row.get("type", Phone.Kind.VOICE)
            extension = row.get("extension")
            phone = Phone(
                id=row.id,
                contact_id=contact,
                number=text_value(row.get("number"), 50).strip('"'),
                extension=str(int(extension)) if isinstance(extension, float) else text_value(extension, 20),
                kind=kind if kind in Phone.Kind.values else Phone.Kind.VOICE,
                description=text_value(row.get("description"), 200),
                **({"offer_id": owner[1]} if owner[0] == "offer" and contact is None else {}),
                **({"organisation_id": owner[1]} if owner[0] == "org" and contact is None else {}),
            )
            phone._languages = sorted(phone_languages.get(str(row.id), []))  # type: ignore[attr-defined]
            parts[(owner[1], "phones")].append(phone)
        for row in self.rows.get("organization_identifier", []):
            if (org := self.org(row)) is not None:
                parts[(org, "identifiers")].append(
                    OrganisationIdentifier(
                        id=row.id,
                        organisation_id=org,
                        identifier_scheme=text_value(row.get("identifier_scheme"), 100),
                        identifier_type=text_value(row.get("identifier_type"), 100),
                        identifier=text_value(row.get("identifier"), 100),
                    )
                )
        return parts

    def service(self, row: Row, column: str, quiet: bool = False) -> Any:
        if not row.values.get(column):
            return None
        if quiet and not is_uuid(row.values[column]):
            matches = self.i.names_in_file("service").get(row.values[column], [])
            return matches[0] if len(matches) == 1 else None
        target = self.i.ref(row, column, "service")
        return target if target in self.services else None

    def org(self, row: Row) -> Any:
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
            notes=text_value(row.get("notes"), 300),
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
