"""Comparing and writing the parts of imported offers and organisations in bulk."""

from collections import defaultdict
from typing import Any

from wegweiser.catalog.models import Contact, Offer, OfferLocation, OrganisationIdentifier, Phone, Schedule


def parts_signature(kind: str, objects: list[Any]) -> Any:
    """What a list of parts means, comparable between the catalog and the file."""
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


def parts_current(offer_ids: list[Any], org_ids: list[Any]) -> dict[tuple[Any, str], Any]:
    """The catalog's parts of these offers and organisations, keyed like the file's."""
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


def parts_rewrite(parts: dict[tuple[Any, str], list[Any]], offer_ids: list[Any], org_ids: list[Any]) -> None:
    """Replace the parts of these offers and organisations by the file's ``parts``."""
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
        for term in set(parts.get((owner, "terms"), [])):
            through_rows["terms"].append(Offer.terms.through(offer_id=owner, taxonomyterm_id=term))
        for code in set(parts.get((owner, "languages"), [])):
            through_rows["languages"].append(Offer.languages.through(offer_id=owner, language_id=code))
        for m in set(parts.get((owner, "municipalities"), [])):
            through_rows["municipalities"].append(
                Offer.municipalities.through(offer_id=owner, municipality_id=m)
            )
        for p in set(parts.get((owner, "funding_programmes"), [])):
            through_rows["funding_programmes"].append(
                Offer.funding_programmes.through(offer_id=owner, fundingprogramme_id=p)
            )
        places += [
            OfferLocation(id=pid, offer_id=owner, location_id=loc, description=desc)
            for pid, loc, desc in parts.get((owner, "places"), [])
        ]
        for schedule in parts.get((owner, "schedules"), []):
            if schedule.offer_location_id is None:
                schedule.offer_id = owner
            schedules.append(schedule)
    for owner in offer_ids + org_ids:
        contacts += parts.get((owner, "contacts"), [])
        phones += parts.get((owner, "phones"), [])
    for owner in org_ids:
        identifiers += parts.get((owner, "identifiers"), [])
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
