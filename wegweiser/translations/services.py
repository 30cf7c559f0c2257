"""Writing translations of offers: by machine (within the district's monthly budget), confirmed
or written by a person (which removes the public "machine-translated" label), and imported from
a translator's XLIFF file (all or nothing). Every write checks permission and district, goes
through ``core.services`` (validation and audit trail) and updates the search index."""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.access import permissions
from wegweiser.access.policy import require, scope
from wegweiser.catalog.models import Offer, OfferTranslation
from wegweiser.core.services import create_audited, update_audited
from wegweiser.districts.models import District
from wegweiser.search.services import search_index_offers
from wegweiser.translations.engines import TranslationServiceError, Translator, translator_from_settings
from wegweiser.translations.models import TranslationBudget, TranslationUsage
from wegweiser.translations.xliff import text_field, xliff_parse

LEICHTE_SPRACHE = "de-ls"
FLAGS = ("machine_translated", "machine_engine", "reviewed_at", "reviewed_by")


def month_start(now: dt.datetime | None = None) -> dt.datetime:
    local = timezone.localtime(now or timezone.now())
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def characters_used(*, district: District) -> int:
    """Characters sent to the machine translation service this calendar month."""
    total = TranslationUsage.objects.filter(district=district, created_at__gte=month_start()).aggregate(
        total=Sum("characters")
    )["total"]
    return int(total or 0)


def characters_budget(*, district: District) -> int:
    budget = TranslationBudget.objects.filter(district=district).first()
    return budget.characters_per_month if budget else settings.WEGWEISER_MT_MONTHLY_CHARACTERS


def translatable_languages(*, district: District) -> list[str]:
    """The district's content languages a machine may translate into (not German, not Leichte
    Sprache: plain German is written by people)."""
    codes = district.languages.values_list("code", flat=True)
    return [code for code in codes if code not in ("de", LEICHTE_SPRACHE)]


def writable_languages(*, district: District) -> list[str]:
    """Languages staff may write or confirm a translation in: the content languages and Leichte Sprache."""
    return [*translatable_languages(district=district), LEICHTE_SPRACHE]


@transaction.atomic
def translation_budget_set(*, actor: Any, district: District, characters_per_month: int) -> TranslationBudget:
    require(actor=actor, permission=permissions.TRANSLATION_BUDGET_CHANGE, district=district)
    if characters_per_month < 0:
        raise ValidationError(_("The budget cannot be negative."))
    budget = TranslationBudget.objects.filter(district=district).first()
    if budget is None:
        return create_audited(
            actor=actor,
            instance=TranslationBudget(district=district, characters_per_month=characters_per_month),
            summary=_("Machine translation budget set"),
        )
    update_audited(
        actor=actor,
        instance=budget,
        data={"characters_per_month": characters_per_month},
        fields={"characters_per_month"},
        summary=_("Machine translation budget changed"),
    )
    return budget


def _fit(value: str, name: str) -> str:
    """A translated text cut to the field's maximum length (machine output may run longer)."""
    limit = text_field(name).max_length
    return value if limit is None or len(value) <= limit else value[: limit - 1] + "…"


def _to_translate(offer: Offer, row: OfferTranslation | None) -> dict[str, str]:
    """German texts to send: all of them for a new or unreviewed machine translation; for a
    translation a person wrote or reviewed only the fields it leaves empty."""
    replace_all = row is None or row.needs_review_label
    texts = {}
    for name in OfferTranslation.translated_fields:
        german = getattr(offer, name) or ""
        if german.strip() and (replace_all or not getattr(row, name)):
            texts[name] = german
    return texts


def _write(
    *, actor: Any, offer: Offer, language: str, row: OfferTranslation | None, data: dict, summary: str
) -> OfferTranslation:
    if row is None:
        row = OfferTranslation(master=offer, language_id=language)
        for name, value in data.items():
            setattr(row, name, value)
        return create_audited(actor=actor, instance=row, target=offer, summary=summary)
    update_audited(actor=actor, instance=row, data=data, target=offer, fields=set(data), summary=summary)
    return row


@dataclass
class MachineTranslation:
    translated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    characters: int = 0


@transaction.atomic
def offer_machine_translate(
    *, actor: Any, offer: Offer, languages: Iterable[str], translator: Translator | None = None
) -> MachineTranslation:
    """Translate ``offer`` into ``languages`` by machine. The rows are flagged machine-translated
    (labelled publicly until reviewed). The district's monthly budget is checked first; each call
    of the service is recorded. Any failure writes nothing."""
    require(actor=actor, permission=permissions.OFFER_TRANSLATION_CHANGE, obj=offer)
    district = offer.district
    wanted = list(dict.fromkeys(languages))
    allowed = translatable_languages(district=district)
    refused = [code for code in wanted if code not in allowed]
    if refused or not wanted:
        raise ValidationError(
            _("Machine translation is possible into the district's content languages only: %(languages)s.")
            % {"languages": ", ".join(allowed) or "–"}
        )
    try:
        translator = translator or translator_from_settings()
    except TranslationServiceError as error:
        raise ValidationError(str(error)) from error
    rows = {
        row.language_id: row
        for row in OfferTranslation.objects.select_for_update().filter(master=offer, language_id__in=wanted)
    }
    plan = {code: _to_translate(offer, rows.get(code)) for code in wanted}
    needed = sum(len(text) for texts in plan.values() for text in texts.values())
    # One budget row per district, locked: two staff translating at once cannot both overspend.
    budget, _created = TranslationBudget.objects.select_for_update().get_or_create(
        district=district, defaults={"characters_per_month": settings.WEGWEISER_MT_MONTHLY_CHARACTERS}
    )
    used = characters_used(district=district)
    if used + needed > budget.characters_per_month:
        raise ValidationError(
            _(
                "The machine translation budget of %(district)s for this month is used up: this translation "
                "needs %(needed)s characters, %(left)s of %(budget)s are left. Staff of the review team can "
                "raise the budget in the translation overview."
            )
            % {
                "district": district,
                "needed": needed,
                "left": max(budget.characters_per_month - used, 0),
                "budget": budget.characters_per_month,
            }
        )
    result = MachineTranslation(characters=needed)
    user = actor if getattr(actor, "is_authenticated", False) else None
    for code, texts in plan.items():
        if not texts:
            result.unchanged.append(code)
            continue
        try:
            translated = translator.translate(list(texts.values()), source="de", target=code)
        except TranslationServiceError as error:
            raise ValidationError(str(error)) from error
        TranslationUsage.objects.create(
            district=district,
            offer=offer,
            language_id=code,
            engine=translator.name,
            characters=sum(len(t) for t in texts.values()),
            actor=user,
        )
        data: dict[str, Any] = {name: _fit(text, name) for name, text in zip(texts, translated, strict=True)}
        data |= {
            "machine_translated": True,
            "machine_engine": translator.name,
            "reviewed_at": None,
            "reviewed_by": None,
        }
        _write(
            actor=actor,
            offer=offer,
            language=code,
            row=rows.get(code),
            data=data,
            summary=_("Machine-translated into %(language)s (%(engine)s)")
            % {"language": code, "engine": translator.name},
        )
        result.translated.append(code)
    search_index_offers(offer_ids=[offer.pk])
    return result


@transaction.atomic
def offer_translation_confirm(
    *, actor: Any, offer: Offer, language: str, data: Mapping[str, str]
) -> OfferTranslation:
    """A person writes or reviews the translation of ``offer`` in ``language`` (also Leichte
    Sprache): the texts are saved and the row counts as reviewed (no "machine-translated" label)."""
    require(actor=actor, permission=permissions.OFFER_TRANSLATION_CHANGE, obj=offer)
    if language not in writable_languages(district=offer.district):
        raise ValidationError(_("The district does not offer this language."))
    unknown = set(data) - set(OfferTranslation.translated_fields)
    if unknown:
        raise ValueError(f"Not translatable: {sorted(unknown)}")
    row = OfferTranslation.objects.select_for_update().filter(master=offer, language_id=language).first()
    values: dict[str, Any] = {name: (value or "").strip() for name, value in data.items()}
    values |= {
        "reviewed_at": timezone.now(),
        "reviewed_by": actor if getattr(actor, "is_authenticated", False) else None,
    }
    row = _write(
        actor=actor,
        offer=offer,
        language=language,
        row=row,
        data=values,
        summary=_("Translation into %(language)s reviewed") % {"language": language},
    )
    search_index_offers(offer_ids=[offer.pk])
    return row


@transaction.atomic
def offer_translations_import(*, actor: Any, content: bytes) -> dict[str, int]:
    """Import a translator's XLIFF file (made by ``xliff_build``). All or nothing: any problem
    (unknown or foreign offer, unknown field, German text changed since the export, text too
    long, language the district does not offer) raises one ValidationError listing every
    problem. Imported translations count as reviewed (a person translated them)."""
    try:
        parsed = xliff_parse(content)
    except ValueError as error:
        raise ValidationError(str(error)) from error
    language = parsed.target_language
    ids = {unit.offer_id for unit in parsed.units}
    offers = {
        str(o.pk): o
        for o in scope(
            actor=actor,
            queryset=Offer.objects.filter(pk__in=ids).select_related("district"),
            permission=permissions.OFFER_TRANSLATION_CHANGE,
        )
    }
    errors: list[str] = []
    if not parsed.units:
        errors.append(_("The file contains no texts."))
    for unit in parsed.units:
        offer = offers.get(unit.offer_id)
        where = _("Text “%(id)s”") % {"id": unit.unit_id}
        if offer is None:
            errors.append(_("%(where)s: no such offer in your districts.") % {"where": where})
            continue
        where = _("“%(offer)s”, field “%(field)s”") % {"offer": offer, "field": unit.field}
        if unit.field not in OfferTranslation.translated_fields:
            errors.append(_("%(where)s: this field is not translated.") % {"where": where})
            continue
        if language not in writable_languages(district=offer.district):
            errors.append(
                _("%(where)s: the district does not offer the language “%(language)s”.")
                % {"where": where, "language": language}
            )
            continue
        if (getattr(offer, unit.field) or "").strip() != unit.source.strip():
            errors.append(
                _("%(where)s: the German text has changed since the export; export the offer again.")
                % {"where": where}
            )
        limit = text_field(unit.field).max_length
        if limit is not None and len(unit.target) > limit:
            errors.append(
                _("%(where)s: the translation is %(length)s characters long, at most %(limit)s are allowed.")
                % {"where": where, "length": len(unit.target), "limit": limit}
            )
    if errors:
        raise ValidationError(errors)
    by_offer: dict[str, dict[str, str]] = {}
    for unit in parsed.units:
        if unit.target.strip():
            by_offer.setdefault(unit.offer_id, {})[unit.field] = unit.target
    now = timezone.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    for offer_id, texts in by_offer.items():
        offer = offers[offer_id]
        row = OfferTranslation.objects.select_for_update().filter(master=offer, language_id=language).first()
        data: dict[str, Any] = dict(texts) | {
            "machine_translated": False,
            "machine_engine": "",
            "reviewed_at": now,
            "reviewed_by": user,
        }
        _write(
            actor=actor,
            offer=offer,
            language=language,
            row=row,
            data=data,
            summary=_("Translation into %(language)s imported (XLIFF)") % {"language": language},
        )
    search_index_offers(offer_ids=[offers[i].pk for i in by_offer])
    return {"offers": len(by_offer), "texts": sum(len(t) for t in by_offer.values())}
