"""Reading the state of the translations: per language for the district (the overview), per
offer (the translate page)."""

from dataclasses import dataclass

from django.db.models import Count, Q

from wegweiser.catalog.models import Offer, OfferTranslation
from wegweiser.catalog.selectors.public import offer_public_queryset
from wegweiser.core.models import Language
from wegweiser.districts.models import District
from wegweiser.translations.services import LEICHTE_SPRACHE, characters_budget, characters_used


@dataclass(frozen=True)
class LanguageStatus:
    language: Language
    offers: int  # public offers of the district
    titles: int  # … with a title in this language
    descriptions: int  # … with a description in this language
    machine: int  # … whose translation is machine-made and not reviewed
    reviewed: int  # … whose translation a person wrote or reviewed
    missing: int  # … without a title in this language

    @property
    def percent(self) -> int:
        return round(100 * self.titles / self.offers) if self.offers else 0


def translation_status(*, district: District) -> list[LanguageStatus]:
    """Per content language of ``district`` (and Leichte Sprache): how many public offers have
    a title and a description in it, machine-made or reviewed, and how many lack one. Three queries."""
    public = offer_public_queryset(district=district)
    total = public.count()
    codes = [*district.languages.exclude(code="de").values_list("code", flat=True), LEICHTE_SPRACHE]
    counts = {
        row["language_id"]: row
        for row in OfferTranslation.objects.filter(master__in=public.values("pk"), language_id__in=codes)
        .values("language_id")
        .annotate(
            titles=Count("pk", filter=~Q(name="")),
            descriptions=Count("pk", filter=~Q(description="")),
            machine=Count("pk", filter=Q(machine_translated=True, reviewed_at__isnull=True)),
        )
    }
    result = []
    for language in Language.objects.filter(code__in=codes):
        row = counts.get(language.code, {})
        titles, machine = row.get("titles", 0), row.get("machine", 0)
        result.append(
            LanguageStatus(
                language=language,
                offers=total,
                titles=titles,
                descriptions=row.get("descriptions", 0),
                machine=machine,
                reviewed=max(titles - machine, 0),
                missing=total - titles,
            )
        )
    return result


@dataclass(frozen=True)
class Budget:
    budget: int
    used: int

    @property
    def left(self) -> int:
        return max(self.budget - self.used, 0)


def translation_budget(*, district: District) -> Budget:
    return Budget(budget=characters_budget(district=district), used=characters_used(district=district))


def offer_translation_rows(*, offer: Offer) -> dict[str, OfferTranslation]:
    return {row.language_id: row for row in offer.translations.select_related("reviewed_by")}
