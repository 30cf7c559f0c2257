"""The public directory's search: full text plus facets with counts.

Facets are disjunctive, as in every mature faceted search: values within one facet are
alternatives (OR), facets combine with AND, and each facet's counts are computed with every
other facet's selection applied but not its own, so that counts say what a click will give.
The facet data of a district's public offers is read in five queries and combined in Python.
"""

import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from wegweiser.catalog.models import (
    Location,
    Offer,
    OfferLocation,
    Taxonomy,
    TaxonomyTerm,
    TaxonomyTermTranslation,
)
from wegweiser.catalog.selectors.public import (
    offer_public_queryset,
    translations_for,
    with_card_data,
)
from wegweiser.catalog.translation import localise
from wegweiser.core.models import Language
from wegweiser.districts.models import District
from wegweiser.search.selectors import Ranked, offer_text_search

TAXONOMY_FACETS = {
    "field": (Taxonomy.Role.FIELD_OF_ACTION, _("Field of action")),
    "group": (Taxonomy.Role.TARGET_GROUP, _("Target group")),
    "kind": (Taxonomy.Role.KIND, _("Kind of offer")),
}
FLAG_FACETS = {
    "free": _("Free of charge"),
    "childcare": _("Childcare"),
    "accessible": _("Barrier-free"),
}
FACET_KEYS = [*TAXONOMY_FACETS, "language", "municipality", *FLAG_FACETS]


@dataclass
class Criteria:
    """What the visitor asked for; values are slugs or codes as they appear in the URL."""

    text: str = ""
    selected: dict[str, set[str]] = field(default_factory=dict)
    page: int = 1

    @property
    def selected_count(self) -> int:
        return sum(len(values) for values in self.selected.values())


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    language: str = ""  # language of the label when it is not the requested one


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    options: list[FacetOption]
    is_flag: bool = False


@dataclass
class DirectoryResult:
    page: Page
    offers: list[Offer]
    facets: list[Facet]
    total: int
    ranks: dict[uuid.UUID, Ranked]


@dataclass
class _Candidate:
    id: uuid.UUID
    name: str
    values: dict[str, set[str]]


def _candidates(district: District) -> dict[uuid.UUID, _Candidate]:
    public = offer_public_queryset(district=district)
    ids = public.values("pk")
    rows = public.values_list("pk", "name", "cost_free", "childcare_available", "serves_whole_district")
    municipalities = dict(district.municipalities.values_list("pk", "slug"))
    candidates: dict[uuid.UUID, _Candidate] = {}
    for pk, name, free, childcare, whole in rows:
        values: dict[str, set[str]] = defaultdict(set)
        if free:
            values["free"].add("1")
        if childcare:
            values["childcare"].add("1")
        if whole:
            values["municipality"].update(municipalities.values())
        candidates[pk] = _Candidate(pk, name, values)
    term_slugs = {
        pk: (role, slug)
        for pk, role, slug in TaxonomyTerm.objects.values_list("pk", "taxonomy__role", "slug")
    }
    role_to_key: dict[str, str] = {role: key for key, (role, _label) in TAXONOMY_FACETS.items()}
    for offer_id, term_id in Offer.terms.through.objects.filter(offer_id__in=ids).values_list(
        "offer_id", "taxonomyterm_id"
    ):
        role, slug = term_slugs[term_id]
        if role in role_to_key:
            candidates[offer_id].values[role_to_key[role]].add(slug)
    for offer_id, code in Offer.languages.through.objects.filter(offer_id__in=ids).values_list(
        "offer_id", "language_id"
    ):
        candidates[offer_id].values["language"].add(code)
    for offer_id, municipality_id in Offer.municipalities.through.objects.filter(
        offer_id__in=ids
    ).values_list("offer_id", "municipality_id"):
        candidates[offer_id].values["municipality"].add(municipalities[municipality_id])
    for offer_id, municipality_id, access in OfferLocation.objects.filter(offer_id__in=ids).values_list(
        "offer_id", "location__municipality_id", "location__accessibility"
    ):
        if municipality_id in municipalities:
            candidates[offer_id].values["municipality"].add(municipalities[municipality_id])
        if access == Location.Accessibility.YES:
            candidates[offer_id].values["accessible"].add("1")
    return candidates


def _matches(candidate: _Candidate, selected: dict[str, set[str]], skip: str | None = None) -> bool:
    return all(
        key == skip or not wanted or bool(candidate.values.get(key, set()) & wanted)
        for key, wanted in selected.items()
    )


def _facet_labels(district: District, language: str, ui: str) -> dict[str, list[tuple[str, str, str]]]:
    """(value, label, label language) per facet, in display order."""
    labels: dict[str, list[tuple[str, str, str]]] = {}
    terms = TaxonomyTerm.objects.select_related("taxonomy").prefetch_related(
        Prefetch("translations", queryset=translations_for(TaxonomyTermTranslation, language))
    )
    by_role: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for term in terms.order_by("sort_order", "name"):
        text = localise(term, "name", language, also=(ui,))
        by_role[term.taxonomy.role].append((term.slug, text.text, text.language))
    for key, (role, _label) in TAXONOMY_FACETS.items():
        labels[key] = by_role.get(role, [])
    labels["language"] = [(lang.code, lang.name_for(ui), ui) for lang in Language.objects.all()]
    labels["municipality"] = [(m.slug, m.short_name, "de") for m in district.municipalities.order_by("name")]
    for key in FLAG_FACETS:
        labels[key] = [("1", str(FLAG_FACETS[key]), ui)]
    return labels


def offer_directory_search(
    *,
    district: District,
    criteria: Criteria,
    language: str,
    search_languages: list[str],
    ui_language: str = "de",
    page_size: int = 20,
) -> DirectoryResult:
    """Search the public offers of ``district``: text, facets, counts, one page of results."""
    candidates = _candidates(district)
    ranks: dict[uuid.UUID, Ranked] = {}
    if criteria.text.strip():
        ranks = offer_text_search(district=district, text=criteria.text, languages=search_languages)
        candidates = {pk: c for pk, c in candidates.items() if pk in ranks}
    selected = {k: v for k, v in criteria.selected.items() if v}

    ui = ui_language
    facets: list[Facet] = []
    for key, options in _facet_labels(district, language, ui).items():
        counts: dict[str, int] = defaultdict(int)
        for candidate in candidates.values():
            if _matches(candidate, selected, skip=key):
                for value in candidate.values.get(key, ()):
                    counts[value] += 1
        wanted = selected.get(key, set())
        shown = [
            FacetOption(value, label, counts[value], value in wanted, label_lang if label_lang != ui else "")
            for value, label, label_lang in options
            if counts[value] or value in wanted
        ]
        title = TAXONOMY_FACETS[key][1] if key in TAXONOMY_FACETS else FLAG_FACETS.get(key)
        if key == "language":
            title = _("Language of the offer")
        elif key == "municipality":
            title = _("Municipality")
        facets.append(Facet(key, str(title), shown, is_flag=key in FLAG_FACETS))

    results = [c for c in candidates.values() if _matches(c, selected)]
    order: Callable[[_Candidate], tuple]
    if ranks:
        order = lambda c: (not ranks[c.id].name_match, -ranks[c.id].score, c.name.casefold())  # noqa: E731
    else:
        order = lambda c: (c.name.casefold(),)  # noqa: E731
    results.sort(key=order)
    paginator = Paginator([c.id for c in results], page_size)
    page = paginator.get_page(criteria.page)
    page_ids = list(page.object_list)
    fetched = {o.pk: o for o in with_card_data(Offer.objects.filter(pk__in=page_ids), language=language)}
    offers = [fetched[pk] for pk in page_ids if pk in fetched]
    return DirectoryResult(page=page, offers=offers, facets=facets, total=len(results), ranks=ranks)
