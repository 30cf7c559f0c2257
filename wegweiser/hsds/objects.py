"""The catalog as HSDS 3.0 objects (plain dicts ready for JSON), with the Wegweiser profile's
extra fields. The API serves these objects; the tabular export flattens them (``tables.py``).

Text fields are given in ``language`` with the German source as fallback. ``None`` and empty
values are left out, as HSDS types do not allow ``null``; required strings stay, empty if so.
The querysets passed in must be prefetched with ``selectors.service_prefetch`` and friends."""

import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext, gettext_noop, override

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
    Taxonomy,
    TaxonomyTerm,
)
from wegweiser.catalog.schedule_text import schedule_describe
from wegweiser.catalog.translation import localise
from wegweiser.core.links import slug_path
from wegweiser.hsds.ids import derived_id

# The federal state (Land) of a municipality key's first two digits, for HSDS addresses.
LAENDER = {
    "01": "Schleswig-Holstein",
    "02": "Hamburg",
    "03": "Niedersachsen",
    "04": "Bremen",
    "05": "Nordrhein-Westfalen",
    "06": "Hessen",
    "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg",
    "09": "Bayern",
    "10": "Saarland",
    "11": "Berlin",
    "12": "Brandenburg",
    "13": "Mecklenburg-Vorpommern",
    "14": "Sachsen",
    "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}


@dataclass(frozen=True)
class Options:
    """How objects are written: content language, whether to include every translation
    (exports) and the absolute base URL of the public directory (for ``web_page``)."""

    language: str = "de"
    translations: bool = False
    base_url: str = ""


def compact(data: dict[str, Any], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k in keep or (v is not None and v != "")}


def _num(value: Decimal | int | None) -> float | int | None:
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def _text(obj: Any, field: str, options: Options) -> str:
    return localise(obj, field, options.language).text


def _translations(obj: Any, resource_type: str, options: Options) -> dict[str, Any]:
    """Profile field ``translations``: every translated text of ``obj`` (exports only)."""
    if not options.translations:
        return {}
    rows = []
    for translation in sorted(obj.translations.all(), key=lambda t: t.language_id):
        for field in translation.translated_fields:
            value = getattr(translation, field)
            if value:
                rows.append(
                    {
                        "id": derived_id("translation", obj.pk, translation.language_id, field),
                        "resource_type": resource_type,
                        "resource_id": str(obj.pk),
                        "language": translation.language_id,
                        "field": field,
                        "value": value,
                    }
                )
    return {"translations": rows}


def taxonomy_object(taxonomy: Taxonomy) -> dict[str, Any]:
    return compact(
        {
            "id": str(taxonomy.pk),
            "name": taxonomy.name,
            "description": taxonomy.description,
            "uri": taxonomy.uri,
            "version": taxonomy.version,
            "role": taxonomy.role,  # profile
        },
        keep=("description",),
    )


def taxonomy_term_object(term: TaxonomyTerm, options: Options) -> dict[str, Any]:
    return compact(
        {
            "id": str(term.pk),
            "code": term.code,
            "name": _text(term, "name", options),
            "description": _text(term, "description", options),
            "parent_id": str(term.parent_id) if term.parent_id else None,
            "taxonomy": term.taxonomy.name,
            "language": options.language,
            "taxonomy_id": str(term.taxonomy_id),
            "sort_order": term.sort_order,  # profile
            **_translations(term, "taxonomy_term", options),
        },
        keep=("description",),
    )


def organization_object(org: Organisation, options: Options, *, full: bool = False) -> dict[str, Any]:
    data = compact(
        {
            "id": str(org.pk),
            "name": org.name,
            "alternate_name": org.alternate_name,
            "description": _text(org, "description", options),
            "email": org.email,
            "website": org.website,
            "year_incorporated": org.year_incorporated,
            "legal_status": org.legal_status,
        },
        keep=("description",),
    )
    if full:
        data |= {
            "funding": [],
            "contacts": [contact_object(c, options) for c in org.contacts.all()],
            "phones": [phone_object(p, options) for p in org.phones.all() if p.contact_id is None],
            "locations": [location_object(loc, options) for loc in org.locations.all()],
            "programs": [],
            "organization_identifiers": [identifier_object(i) for i in org.identifiers.all()],
            "attributes": [],
            **_translations(org, "organization", options),
        }
    return data


def identifier_object(identifier: OrganisationIdentifier) -> dict[str, Any]:
    return compact(
        {
            "id": str(identifier.pk),
            "organization_id": str(identifier.organisation_id),
            "identifier_scheme": identifier.identifier_scheme,
            "identifier_type": identifier.identifier_type,
            "identifier": identifier.identifier,
        },
        keep=("identifier_type", "identifier"),
    )


def language_object(code: str, name: str, **links: Any) -> dict[str, Any]:
    owner = next(str(v) for v in links.values() if v)
    return {
        "id": derived_id("language", owner, code),
        **{k: str(v) for k, v in links.items() if v},
        "name": name,
        "code": code,
    }


def phone_object(phone: Phone, options: Options) -> dict[str, Any]:
    extension = int(phone.extension) if phone.extension.isdigit() else None
    return compact(
        {
            "id": str(phone.pk),
            "service_id": str(phone.offer_id) if phone.offer_id else None,
            "organization_id": str(phone.organisation_id) if phone.organisation_id else None,
            "contact_id": str(phone.contact_id) if phone.contact_id else None,
            "number": phone.number,
            "extension": extension,
            "type": phone.kind,
            "description": phone.description,
            "languages": [
                language_object(lang.code, lang.name_de, phone_id=phone.pk) for lang in phone.languages.all()
            ],
        },
        keep=("languages",),
    )


def contact_object(contact: Contact, options: Options) -> dict[str, Any]:
    return compact(
        {
            "id": str(contact.pk),
            "organization_id": str(contact.organisation_id) if contact.organisation_id else None,
            "service_id": str(contact.offer_id) if contact.offer_id else None,
            "name": contact.name,
            "title": contact.title,
            "department": contact.department,
            "email": contact.email,
            "phones": [phone_object(p, options) for p in contact.phones.all()],
        },
        keep=("phones",),
    )


def schedule_object(schedule: Schedule, options: Options) -> dict[str, Any]:
    with override("de" if options.language == "de" else "en"):
        description = schedule_describe(schedule, language=options.language)
    return compact(
        {
            "id": str(schedule.pk),
            "service_id": str(schedule.offer_id) if schedule.offer_id else None,
            "service_at_location_id": str(schedule.offer_location_id) if schedule.offer_location_id else None,
            "valid_from": schedule.valid_from.isoformat() if schedule.valid_from else None,
            "valid_to": schedule.valid_to.isoformat() if schedule.valid_to else None,
            "freq": schedule.freq,
            "interval": schedule.interval,
            "byday": schedule.byday,
            "description": description,
            "opens_at": schedule.opens_at.isoformat("seconds") if schedule.opens_at else None,
            "closes_at": schedule.closes_at.isoformat("seconds") if schedule.closes_at else None,
            "notes": _text(schedule, "notes", options),
            **_translations(schedule, "schedule", options),
        }
    )


def location_object(location: Location, options: Options) -> dict[str, Any]:
    data = compact(
        {
            "id": str(location.pk),
            "location_type": location.kind,
            "url": location.url,
            "organization_id": str(location.organisation_id) if location.organisation_id else None,
            "name": location.name,
            "description": _text(location, "description", options),
            "transportation": _text(location, "transportation", options),
            "latitude": _num(location.latitude),
            "longitude": _num(location.longitude),
            "municipality_key": location.municipality.ags if location.municipality else None,  # profile
            "accessibility_level": location.accessibility,  # profile
        }
    )
    data["addresses"] = []
    if location.address_1 or location.postal_code or location.city:
        ags = location.municipality.ags if location.municipality else ""
        data["addresses"].append(
            {
                "id": derived_id("address", location.pk),
                "location_id": str(location.pk),
                "address_1": location.address_1,
                "city": location.city,
                "state_province": LAENDER.get(ags[:2], ""),
                "postal_code": location.postal_code,
                "country": "DE",
                "address_type": "postal" if location.kind == Location.Kind.POSTAL else "physical",
            }
        )
    accessibility = _text(location, "accessibility_description", options)
    data["accessibility"] = (
        [
            {
                "id": derived_id("accessibility", location.pk),
                "location_id": str(location.pk),
                "description": accessibility,
            }
        ]
        if accessibility
        else []
    )
    data |= _translations(location, "location", options)
    return data


def service_at_location_object(
    place: OfferLocation, options: Options, *, full: bool = False, with_service: bool = False
) -> dict[str, Any]:
    data = compact(
        {
            "id": str(place.pk),
            "service_id": str(place.offer_id),
            "location_id": str(place.location_id),
            "description": place.description,
        }
    )
    if full:
        data["schedules"] = [schedule_object(s, options) for s in place.schedules.all()]
        data["location"] = location_object(place.location, options)
    else:
        data["location"] = {
            k: v
            for k, v in location_object(place.location, options).items()
            if k not in ("addresses", "accessibility", "translations")
        }
    if with_service:
        data["service"] = service_object(place.offer, options, full=full)
    return data


def _cost_options(offer: Offer, options: Options) -> list[dict[str, Any]]:
    if not offer.cost_free and offer.cost_amount is None:
        return []
    option = _api_text(gettext_noop("free of charge"), options.language) if offer.cost_free else ""
    return [
        compact(
            {
                "id": derived_id("cost", offer.pk),
                "service_id": str(offer.pk),
                "option": option,
                "currency": "EUR",
                "amount": 0 if offer.cost_free else _num(offer.cost_amount),
                "amount_description": _text(offer, "cost_description", options),
            }
        )
    ]


def _funding(offer: Offer) -> list[dict[str, Any]]:
    return [
        {
            "id": derived_id("funding", offer.pk, programme.pk),
            "service_id": str(offer.pk),
            "source": programme.name,
            "funding_programme": funding_programme_object(programme),  # profile
        }
        for programme in offer.funding_programmes.all()
    ]


def funding_programme_object(programme: FundingProgramme) -> dict[str, Any]:
    return compact(
        {
            "id": str(programme.pk),
            "name": programme.name,
            "short_name": programme.short_name,
            "funder": programme.funder,
            "description": programme.description,
            "url": programme.url,
            "period_start": programme.period_start.isoformat() if programme.period_start else None,
            "period_end": programme.period_end.isoformat() if programme.period_end else None,
        }
    )


def _offer_path(offer: Offer, language: str) -> str:
    """The offer's page in the directory, in the interface language nearest to ``language``."""
    return slug_path(
        "directory:offer_detail", offer.slug, language=language if language in ("de", "en") else "de"
    )


@functools.cache
def _api_text(message: str, language: str) -> str:
    """An interface text of the API's objects in German or, for other languages, English (the
    catalogs are loaded once per process: an ``override`` per object cost 20 µs)."""
    with override("de" if language == "de" else "en"):
        return gettext(message)


def service_object(
    offer: Offer, options: Options, *, full: bool = False, minimal: bool = False
) -> dict[str, Any]:
    """An offer as HSDS service: one-to-one fields (list level) or fully nested (``full``)."""
    if minimal:
        return {
            "id": str(offer.pk),
            "name": offer.name,
            "status": offer.status,
            "last_modified": offer.updated_at.isoformat(),
        }
    interpretation = (
        _api_text(gettext_noop("Interpreting available on request"), options.language)
        if offer.interpretation_available
        else ""
    )
    data = compact(
        {
            "id": str(offer.pk),
            "organization_id": str(offer.organisation_id),
            "name": _text(offer, "name", options),
            "description": _text(offer, "description", options),
            "url": offer.url,
            "email": offer.email,
            "status": offer.status,
            "interpretation_services": interpretation,
            "application_process": _text(offer, "registration_howto", options),
            "fees_description": _text(offer, "cost_description", options),
            "eligibility_description": _text(offer, "eligibility_description", options),
            "minimum_age": offer.minimum_age,
            "maximum_age": offer.maximum_age,
            "assured_date": offer.assured_date.isoformat() if offer.assured_date else None,
            "assurer_email": offer.assurer_email,
            "alert": _text(offer, "alert", options),
            "last_modified": offer.updated_at.isoformat(),
            # Wegweiser profile
            "short_description": _text(offer, "short_description", options),
            "language": options.language,
            "free_of_charge": offer.cost_free,
            "interpretation_available": offer.interpretation_available,
            "registration_required": offer.registration_required,
            "childcare_available": offer.childcare_available,
            "valid_from": offer.valid_from.isoformat() if offer.valid_from else None,
            "valid_to": offer.valid_to.isoformat() if offer.valid_to else None,
            "serves_whole_district": offer.serves_whole_district,
            "is_mobile": offer.is_mobile,
            "web_page": options.base_url + _offer_path(offer, options.language) if options.base_url else None,
        }
    )
    data["organization"] = organization_object(offer.organisation, options)
    if not full:
        return data
    documents = _text(offer, "documents_to_bring", options)
    data |= {
        "phones": [phone_object(p, options) for p in offer.phones.all() if p.contact_id is None],
        "schedules": [schedule_object(s, options) for s in offer.schedules.all()],
        "service_areas": [
            {
                "id": derived_id("service_area", offer.pk, m.ags),
                "service_id": str(offer.pk),
                "name": m.name,
                "municipality_key": m.ags,  # profile
            }
            for m in offer.municipalities.all()
        ],
        "service_at_locations": [
            service_at_location_object(p, options, full=True) for p in offer.offer_locations.all()
        ],
        "languages": [
            language_object(lang.code, lang.name_de, service_id=offer.pk) for lang in offer.languages.all()
        ],
        "funding": _funding(offer),
        "cost_options": _cost_options(offer, options),
        "required_documents": [
            {"id": derived_id("documents", offer.pk), "service_id": str(offer.pk), "document": documents}
        ]
        if documents
        else [],
        "contacts": [contact_object(c, options) for c in offer.contacts.all()],
        "attributes": [
            {
                "id": derived_id("attribute", offer.pk, term.pk),
                "link_id": str(offer.pk),
                "taxonomy_term_id": str(term.pk),
                "link_type": term.taxonomy.role,
                "link_entity": "service",
                "taxonomy_term": taxonomy_term_object(term, Options(language=options.language)),
            }
            for term in offer.terms.all()
        ],
        **_translations(offer, "service", options),
    }
    return data
