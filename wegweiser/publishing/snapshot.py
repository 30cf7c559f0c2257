"""The data of an edition: the selected public offers, localised into the edition's language and
reduced to plain JSON. The PDF is rendered from this snapshot alone, and a released edition keeps
it, so that the next edition can say what changed."""

import datetime as dt
import hashlib
import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from wegweiser.catalog.models import (
    Contact,
    Offer,
    OfferLocation,
    OfferTranslation,
    Phone,
    Schedule,
    ScheduleTranslation,
    Taxonomy,
    TaxonomyTerm,
)
from wegweiser.catalog.schedule_text import schedule_describe
from wegweiser.catalog.selectors.cards import term_labels
from wegweiser.catalog.selectors.public import offer_public_queryset
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
    ui = language if language in dict(settings.LANGUAGES) else "de" if is_german(language) else "en"
    query = f"?lang={language}" if language != ui else ""
    return f"{public_base_url(district)}/{ui}/angebote/{slug}/{query}"


def is_german(language: str) -> bool:
    """German or one of its forms (Leichte Sprache, "de-ls")."""
    return language == "de" or language.startswith("de-")


def _language_label(lang: Language, edition_language: str) -> str:
    if is_german(edition_language):
        return lang.name_de
    if edition_language == "en":
        return lang.name_en
    return lang.native_name or lang.name_en


def _money(amount: Decimal, language: str) -> str:
    with translation.override(language):
        return f"{formats.number_format(amount, 2, use_l10n=True)} €"


OFFER_TEXTS = ("name", "short_description", "alert", "cost_description", "registration_howto")


def _localised(source: str | None, translated: str | None, language: str) -> dict[str, str]:
    """A text in ``language`` if its translation row has it, else the German source (the rule of
    ``catalog.translation.localise``, on rows)."""
    if language != "de" and translated:
        return {"text": translated, "lang": language}
    return {"text": source or "", "lang": "de"}


def _grouped(rows: Iterable[Mapping[str, Any]], key: str) -> dict[Any, list[Mapping[str, Any]]]:
    groups: dict[Any, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return groups


def _pairs(chosen: QuerySet[Offer, Any], *fields: str) -> dict[uuid.UUID, list[tuple]]:
    """Values of a many-to-many relation per offer (offers without any have no entry)."""
    groups: dict[uuid.UUID, list[tuple]] = defaultdict(list)
    for pk, *values in Offer.objects.filter(pk__in=chosen).values_list("pk", *fields):
        if values[0] is not None:
            groups[pk].append(tuple(values))
    return groups


def _schedule_text(row: Mapping[str, Any], notes: str, language: str) -> dict[str, str]:
    schedule = Schedule(
        freq=row["freq"],
        interval=row["interval"],
        byday=row["byday"],
        opens_at=row["opens_at"],
        closes_at=row["closes_at"],
    )
    # Schedules are described in the six languages the catalog knows; Leichte Sprache in German.
    words = "de" if is_german(language) else language
    return {"text": schedule_describe(schedule, language=words), "notes": notes}


def _offer_rows(
    district: District,
    language: str,
    selection: Selection,
    *,
    labels: dict,
    terms: dict[uuid.UUID, "_Term"],
    language_labels: dict[str, str],
    phone_kinds: dict[str, str],
) -> list[dict[str, Any]]:
    """The snapshot's offers, from rows (``values()``) rather than model instances: one query per
    kind of related data, joined here by offer id. Building hundreds of model instances with
    prefetched relations cost most of a catalog's snapshot."""
    offers = selection.apply(offer_public_queryset(district=district))
    chosen = offers.values("pk")
    rows = list(
        offers.order_by("name", "pk").values(
            "id",
            "slug",
            *OFFER_TEXTS,
            "organisation_id",
            "organisation__name",
            "interpretation_available",
            "serves_whole_district",
            "is_mobile",
            "cost_free",
            "cost_amount",
            "registration_required",
            "email",
            "url",
            "assured_date",
        )
    )
    translated: dict[uuid.UUID, dict[str, Any]] = {}
    if language != "de":
        translated = {
            row["master_id"]: row
            for row in OfferTranslation.objects.filter(master__in=chosen, language_id=language).values(
                "master_id", *OFFER_TEXTS
            )
        }
    offer_terms = _pairs(chosen, "terms")
    offer_languages = _pairs(chosen, "languages")
    service_areas = _pairs(chosen, "municipalities", "municipalities__name")
    funding = _pairs(chosen, "funding_programmes__short_name", "funding_programmes__name")
    places = _grouped(
        OfferLocation.objects.filter(offer__in=chosen)
        .order_by("created_at", "pk")
        .values(
            "id",
            "offer_id",
            "location__name",
            "location__address_1",
            "location__postal_code",
            "location__city",
            "location__url",
            "location__municipality_id",
            "location__municipality__name",
        ),
        "offer_id",
    )
    in_catalog = Q(offer__in=chosen, offer_location__isnull=True) | Q(offer_location__offer__in=chosen)
    schedules = list(
        Schedule.objects.filter(in_catalog)
        .order_by("created_at", "pk")
        .values(
            "id",
            "offer_id",
            "offer_location_id",
            "freq",
            "interval",
            "byday",
            "opens_at",
            "closes_at",
            "notes",
        )
    )
    schedule_notes: dict[uuid.UUID, str] = {}
    if language != "de":
        schedule_notes = dict(
            ScheduleTranslation.objects.filter(
                Q(master__offer__in=chosen, master__offer_location__isnull=True)
                | Q(master__offer_location__offer__in=chosen),
                language_id=language,
            ).values_list("master_id", "notes")
        )
    place_times: dict[uuid.UUID, list[dict[str, str]]] = defaultdict(list)
    offer_times: dict[uuid.UUID, list[dict[str, str]]] = defaultdict(list)
    for row in schedules:
        notes = _localised(row["notes"], schedule_notes.get(row["id"]), language)["text"]
        text = _schedule_text(row, notes, language)
        if row["offer_location_id"]:
            place_times[row["offer_location_id"]].append(text)
        else:
            offer_times[row["offer_id"]].append(text)
    contacts = _grouped(
        Contact.objects.filter(offer__in=chosen)
        .order_by("name", "pk")
        .values("offer_id", "name", "title", "email"),
        "offer_id",
    )
    phones = _grouped(
        Phone.objects.filter(offer__in=chosen)
        .order_by("created_at", "pk")
        .values("offer_id", "number", "extension", "kind"),
        "offer_id",
    )
    offers_data = []
    for row in rows:
        pk = row["id"]
        offer_term_ids = [term for (term,) in offer_terms.get(pk, [])]
        offers_data.append(
            _offer_data(
                row,
                translated.get(pk, {}),
                district=district,
                language=language,
                terms=sorted((terms[t] for t in offer_term_ids), key=lambda t: (t.order, t.name)),
                labels=labels,
                languages=sorted(language_labels.get(code, code) for (code,) in offer_languages.get(pk, [])),
                service_area=sorted(
                    ({"id": str(m), "name": _short_name(name)} for m, name in service_areas.get(pk, [])),
                    key=lambda m: m["name"],
                ),
                funding=sorted(short or name for short, name in funding.get(pk, [])),
                places=[_place(place, place_times.get(place["id"], [])) for place in places.get(pk, [])],
                times=offer_times.get(pk, []),
                contacts=contacts.get(pk, []),
                phones=phones.get(pk, []),
                phone_kinds=phone_kinds,
            )
        )
    return offers_data


@dataclass(frozen=True)
class _Term:
    pk: uuid.UUID
    role: str
    slug: str
    order: int
    name: str  # the German name: terms are sorted by (order, name) as in the directory


def _short_name(name: str) -> str:
    """ "Nordhausen" for "Nordhausen, Stadt" (``Municipality.short_name``)."""
    return name.split(",")[0]


def _place(row: Mapping[str, Any], times: list[dict[str, str]]) -> dict[str, Any]:
    address = ", ".join(
        p
        for p in [
            row["location__address_1"],
            f"{row['location__postal_code']} {row['location__city']}".strip(),
        ]
        if p
    )  # ``Location.one_line_address``
    municipality = row["location__municipality_id"]
    return {
        "name": row["location__name"],
        "address": address,
        "url": row["location__url"],
        "municipality": (
            {"id": str(municipality), "name": _short_name(row["location__municipality__name"])}
            if municipality
            else None
        ),
        "times": times,
    }


def _offer_data(
    row: Mapping[str, Any],
    translation: Mapping[str, Any],
    *,
    district: District,
    language: str,
    terms: list[_Term],
    labels: dict,
    languages: list[str],
    service_area: list[dict[str, str]],
    funding: list[str],
    places: list[dict[str, Any]],
    times: list[dict[str, str]],
    contacts: list[Mapping[str, Any]],
    phones: list[Mapping[str, Any]],
    phone_kinds: dict[str, str],
) -> dict[str, Any]:
    def text(name: str) -> dict[str, str]:
        return _localised(row[name], translation.get(name), language)

    fields, groups = [], []
    for term in terms:
        label = labels[term.pk][1]
        item = {
            "id": str(term.pk),
            "slug": term.slug,
            "order": term.order,
            "name": label.text,
            "lang": label.language,
        }
        if term.role == Taxonomy.Role.FIELD_OF_ACTION:
            fields.append(item)
        elif term.role == Taxonomy.Role.TARGET_GROUP:
            groups.append(item)
    cost = []
    if row["cost_free"]:
        cost.append(_("free of charge"))
    elif row["cost_amount"] is not None:
        cost.append(_money(row["cost_amount"], language))
    registration = ""
    if row["registration_required"] is True:
        registration = _("Registration required.")
    elif row["registration_required"] is False:
        registration = _("No registration needed.")
    return {
        "id": str(row["id"]),
        "slug": row["slug"],
        "url": offer_live_url(district=district, slug=row["slug"], language=language),
        "name": text("name"),
        "provider": {"id": str(row["organisation_id"]), "name": row["organisation__name"]},
        "short_description": text("short_description"),
        "alert": text("alert"),
        "fields": fields,
        "target_groups": groups,
        "languages": languages,
        "interpretation": row["interpretation_available"],
        "whole_district": row["serves_whole_district"],
        "mobile": row["is_mobile"],
        "service_area": service_area,
        "places": places,
        "times": times,
        "cost": {"summary": cost, "details": text("cost_description")},
        "registration": {"summary": registration, "howto": text("registration_howto")},
        "contact": {
            "phones": [
                {
                    "number": p["number"] + (f"-{p['extension']}" if p["extension"] else ""),
                    "kind": phone_kinds[p["kind"]],
                }
                for p in phones
            ],
            "email": row["email"],
            "url": row["url"],
            "people": [
                {"name": c["name"], "role": c["title"], "email": c["email"], "phones": []} for c in contacts
            ],
        },
        "funding": funding,
        "assured_date": row["assured_date"].isoformat() if row["assured_date"] else None,
    }


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
        # Vocabulary in the edition's language, else in German (marked by its "lang"), never in a
        # third language: an Arabic catalog used to print English section headings.
        labels = term_labels(language=language, ui="en" if language == "en" else "de")
        terms = {
            pk: _Term(pk, role, slug, order, name)
            for pk, role, slug, order, name in TaxonomyTerm.objects.values_list(
                "pk", "taxonomy__role", "slug", "sort_order", "name"
            )
        }
        language_labels = {lang.code: _language_label(lang, language) for lang in Language.objects.all()}
        phone_kinds = {value: str(label) for value, label in Phone.Kind.choices}
        offers = _offer_rows(
            district,
            language,
            selection,
            labels=labels,
            terms=terms,
            language_labels=language_labels,
            phone_kinds=phone_kinds,
        )
        for data in offers:
            data["fingerprint"] = offer_fingerprint(data)
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
