"""The data of an edition: the selected public offers, localised into the edition's language and
reduced to plain JSON. The PDF is rendered from this snapshot alone, and a released edition keeps
it, so that the next edition can say what changed."""

import datetime as dt
import hashlib
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from wegweiser.catalog.models import (
    LocationTranslation,
    Offer,
    OfferLocation,
    OrganisationTranslation,
    Phone,
    Schedule,
    ScheduleTranslation,
    Taxonomy,
    TaxonomyTerm,
)
from wegweiser.catalog.schedule_text import schedule_describe
from wegweiser.catalog.selectors.cards import term_labels
from wegweiser.catalog.selectors.public import offer_public_queryset, translations_for, with_card_data
from wegweiser.catalog.translation import localise
from wegweiser.core.models import Language
from wegweiser.districts.models import District

SNAPSHOT_FORMAT = 1
# Fields that describe an offer's content; "what changed" compares a hash over these.
COMPARED = (
    "name",
    "provider",
    "short_description",
    "fields",
    "target_groups",
    "languages",
    "places",
    "times",
    "cost",
    "registration",
    "contact",
    "funding",
    "assured_date",
)


@dataclass
class Selection:
    """Which public offers an edition holds: empty lists mean all. Values within one list are
    alternatives; the lists combine with AND."""

    fields_of_action: list[uuid.UUID] = field(default_factory=list)
    target_groups: list[uuid.UUID] = field(default_factory=list)
    municipalities: list[uuid.UUID] = field(default_factory=list)
    funding_programmes: list[uuid.UUID] = field(default_factory=list)
    offer_ids: list[uuid.UUID] = field(default_factory=list)  # only these offers (e.g. benchmarks)

    def apply(self, queryset: QuerySet[Offer]) -> QuerySet[Offer]:
        chosen = Offer.objects.all()
        if self.offer_ids:
            chosen = chosen.filter(pk__in=self.offer_ids)
        if self.fields_of_action:
            chosen = chosen.filter(terms__in=self.fields_of_action)
        if self.target_groups:
            chosen = chosen.filter(pk__in=Offer.objects.filter(terms__in=self.target_groups).values("pk"))
        if self.funding_programmes:
            chosen = chosen.filter(
                pk__in=Offer.objects.filter(funding_programmes__in=self.funding_programmes).values("pk")
            )
        if self.municipalities:
            places = Q(serves_whole_district=True) | Q(municipalities__in=self.municipalities)
            places |= Q(offer_locations__location__municipality__in=self.municipalities)
            chosen = chosen.filter(pk__in=Offer.objects.filter(places).values("pk"))
        if chosen.query.where:
            return queryset.filter(pk__in=chosen.values("pk"))
        return queryset


def public_base_url(district: District) -> str:
    if district.hostname:
        return f"https://{district.hostname}"
    return settings.WEGWEISER_PUBLIC_URL.rstrip("/")


def offer_live_url(*, district: District, slug: str, language: str) -> str:
    """The offer's page in the public directory, in the edition's language where possible."""
    ui = language if language in dict(settings.LANGUAGES) else "en"
    query = f"?lang={language}" if language != ui else ""
    return f"{public_base_url(district)}/{ui}/angebote/{slug}/{query}"


def _language_label(lang: Language, edition_language: str) -> str:
    if edition_language == "de":
        return lang.name_de
    if edition_language == "en":
        return lang.name_en
    return lang.native_name or lang.name_en


def _money(amount: Decimal, language: str) -> str:
    with translation.override(language):
        return f"{formats.number_format(amount, 2, use_l10n=True)} €"


def _text(obj: Any, name: str, language: str) -> dict[str, str]:
    value = localise(obj, name, language)
    return {"text": value.text, "lang": value.language}


def _offers(district: District, language: str, selection: Selection) -> QuerySet[Offer]:
    schedules = Schedule.objects.order_by("created_at").prefetch_related(
        Prefetch("translations", queryset=translations_for(ScheduleTranslation, language))
    )
    places = OfferLocation.objects.select_related("location__municipality").prefetch_related(
        Prefetch("schedules", queryset=schedules),
        Prefetch("location__translations", queryset=translations_for(LocationTranslation, language)),
    )
    queryset = selection.apply(offer_public_queryset(district=district))
    return (
        with_card_data(queryset, language=language, places=places)
        .prefetch_related(
            Prefetch("schedules", queryset=schedules.filter(offer_location__isnull=True)),
            "contacts",
            "phones",
            "funding_programmes",
            Prefetch(
                "organisation__translations",
                queryset=translations_for(OrganisationTranslation, language),
            ),
        )
        .order_by("name", "pk")
    )


def _offer_data(
    offer: Offer,
    *,
    district: District,
    language: str,
    labels: dict,
    roles: dict[uuid.UUID, tuple[str, str, int]],
    language_labels: dict[str, str],
    phone_kinds: dict[str, str],
) -> dict[str, Any]:
    fields, groups = [], []
    for term in sorted(offer.terms.all(), key=lambda t: (t.sort_order, t.name)):
        role, slug, order = roles[term.pk]
        label = labels[term.pk][1]
        item = {"id": str(term.pk), "slug": slug, "order": order, "name": label.text, "lang": label.language}
        if role == Taxonomy.Role.FIELD_OF_ACTION:
            fields.append(item)
        elif role == Taxonomy.Role.TARGET_GROUP:
            groups.append(item)
    places = []
    for place in offer.offer_locations.all():
        location = place.location
        municipality = location.municipality
        places.append(
            {
                "name": location.name,
                "address": location.one_line_address,
                "url": location.url,
                "municipality": (
                    {"id": str(municipality.pk), "name": municipality.short_name} if municipality else None
                ),
                "times": [
                    schedule_text(s, language)
                    for s in place.schedules.all()  # type: ignore[attr-defined]
                ],
            }
        )
    cost = []
    if offer.cost_free:
        cost.append(_("free of charge"))
    elif offer.cost_amount is not None:
        cost.append(_money(offer.cost_amount, language))
    cost_details = _text(offer, "cost_description", language)
    registration = ""
    if offer.registration_required is True:
        registration = _("Registration required.")
    elif offer.registration_required is False:
        registration = _("No registration needed.")
    phones = [
        {"number": p.number + (f"-{p.extension}" if p.extension else ""), "kind": phone_kinds[p.kind]}
        for p in offer.phones.all()
    ]
    contact_people = [
        {"name": c.name, "role": c.title, "email": c.email, "phones": []} for c in offer.contacts.all()
    ]
    return {
        "id": str(offer.pk),
        "slug": offer.slug,
        "url": offer_live_url(district=district, slug=offer.slug, language=language),
        "name": _text(offer, "name", language),
        "provider": {"id": str(offer.organisation_id), "name": offer.organisation.name},
        "short_description": _text(offer, "short_description", language),
        "alert": _text(offer, "alert", language),
        "fields": fields,
        "target_groups": groups,
        "languages": sorted(language_labels.get(lang.code, lang.code) for lang in offer.languages.all()),
        "interpretation": offer.interpretation_available,
        "whole_district": offer.serves_whole_district,
        "mobile": offer.is_mobile,
        "service_area": sorted(
            ({"id": str(m.pk), "name": m.short_name} for m in offer.municipalities.all()),
            key=lambda m: m["name"],
        ),
        "places": places,
        "times": [schedule_text(s, language) for s in offer.schedules.all()],  # type: ignore[attr-defined]
        "cost": {"summary": cost, "details": cost_details},
        "registration": {"summary": registration, "howto": _text(offer, "registration_howto", language)},
        "contact": {
            "phones": phones,
            "email": offer.email,
            "url": offer.url,
            "people": contact_people,
        },
        "funding": sorted(str(p) for p in offer.funding_programmes.all()),
        "assured_date": offer.assured_date.isoformat() if offer.assured_date else None,
    }


def schedule_text(schedule: Schedule, language: str) -> dict[str, str]:
    notes = localise(schedule, "notes", language).text
    described = schedule_describe(schedule, language=language)
    return {"text": described, "notes": notes}


def offer_fingerprint(offer: dict[str, Any]) -> str:
    """A hash of what a reader sees of an offer (not its URL or ids of other objects)."""
    content = {key: offer.get(key) for key in COMPARED}
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]


def edition_snapshot_collect(
    *, district: District, language: str, selection: Selection, now: dt.datetime | None = None
) -> dict[str, Any]:
    """The selected public offers of ``district`` as printed in ``language``, as plain JSON."""
    now = now or timezone.now()
    with translation.override(language):
        labels = term_labels(language=language, ui=language if language in ("de", "en") else "en")
        roles = {
            pk: (role, slug, order)
            for pk, role, slug, order in TaxonomyTerm.objects.values_list(
                "pk", "taxonomy__role", "slug", "sort_order"
            )
        }
        language_labels = {lang.code: _language_label(lang, language) for lang in Language.objects.all()}
        phone_kinds = {value: str(label) for value, label in Phone.Kind.choices}
        offers = []
        for offer in _offers(district, language, selection):
            data = _offer_data(
                offer,
                district=district,
                language=language,
                labels=labels,
                roles=roles,
                language_labels=language_labels,
                phone_kinds=phone_kinds,
            )
            data["fingerprint"] = offer_fingerprint(data)
            offers.append(data)
        municipalities = [
            {"id": str(m.pk), "name": m.short_name} for m in district.municipalities.order_by("name")
        ]
    return {
        "format": SNAPSHOT_FORMAT,
        "taken_at": now.isoformat(),
        "language": language,
        "district": {
            "name": district.name,
            "office": district.office_name,
            "address": district.office_address,
            "email": district.office_email,
            "phone": district.office_phone,
            "website": district.office_website or public_base_url(district),
            "is_demo": district.is_demo,
        },
        "municipalities": municipalities,
        "offers": offers,
    }


def snapshot_changes(*, previous: dict[str, Any] | None, current: dict[str, Any]) -> dict[str, Any]:
    """New, changed and gone offers of ``current`` against the ``previous`` edition's snapshot."""
    if not previous:
        return {"new": [], "changed": [], "gone": []}
    before = {o["id"]: o for o in previous.get("offers", [])}
    after = {o["id"]: o for o in current["offers"]}
    entry = defaultdict(list)
    for pk, offer in after.items():
        if pk not in before:
            entry["new"].append(_named(offer))
        elif before[pk].get("fingerprint") != offer["fingerprint"]:
            entry["changed"].append(_named(offer))
    for pk, offer in before.items():
        if pk not in after:
            entry["gone"].append(_named(offer))
    return {
        "new": sorted(entry["new"], key=lambda o: o["name"].casefold()),
        "changed": sorted(entry["changed"], key=lambda o: o["name"].casefold()),
        "gone": sorted(entry["gone"], key=lambda o: o["name"].casefold()),
    }


def _named(offer: dict[str, Any]) -> dict[str, str]:
    return {"id": offer["id"], "name": offer["name"]["text"], "lang": offer["name"]["lang"]}
