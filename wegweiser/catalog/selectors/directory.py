"""The public directory's search: full text plus facets with counts.

Facets are disjunctive, as in every mature faceted search: values within one facet are
alternatives (OR), facets combine with AND, and each facet's counts are computed with every
other facet's selection applied but not its own, so that counts say what a click will give.
A district's public offers are held as an inverted index (facet → value → offer ids) that is
built in a constant number of queries and cached per catalog version; counting is then set
intersection, independent of how many offers match.
"""

import uuid
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegweiser.catalog.models import (
    Location,
    Offer,
    OfferLocation,
    Taxonomy,
    TaxonomyTerm,
    TaxonomyTermTranslation,
)
from wegweiser.catalog.selectors.cards import Card, language_names, offer_cards, term_labels
from wegweiser.catalog.selectors.public import offer_public_queryset, translations_for
from wegweiser.catalog.translation import Localised, localise
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
    cards: list[Card]
    facets: list[Facet]
    total: int
    ranks: dict[uuid.UUID, Ranked]


@dataclass(frozen=True)
class FacetIndex:
    """A district's public offers as an inverted index: facet → value → offer ids, plus the
    display labels. Built in a constant number of queries and cached per catalog version."""

    names: dict[uuid.UUID, str]
    values: dict[str, dict[str, frozenset[uuid.UUID]]]
    labels: dict[str, list[tuple[str, str, str]]]
    term_labels: dict[uuid.UUID, tuple[tuple[bool, int], Localised]]
    language_names: dict[str, str]


_CACHE: OrderedDict[tuple, FacetIndex] = OrderedDict()
_CACHE_SIZE = 128


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


def _build_index(district: District, language: str, ui: str) -> FacetIndex:
    public = offer_public_queryset(district=district)
    ids = public.values("pk")
    values: dict[str, dict[str, set[uuid.UUID]]] = {key: defaultdict(set) for key in FACET_KEYS}
    municipalities = dict(district.municipalities.values_list("pk", "slug"))
    names: dict[uuid.UUID, str] = {}
    whole_district: list[uuid.UUID] = []
    for pk, name, free, childcare, whole in public.values_list(
        "pk", "name", "cost_free", "childcare_available", "serves_whole_district"
    ):
        names[pk] = name
        if free:
            values["free"]["1"].add(pk)
        if childcare:
            values["childcare"]["1"].add(pk)
        if whole:
            whole_district.append(pk)
    for slug in municipalities.values():
        values["municipality"][slug].update(whole_district)
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
            values[role_to_key[role]][slug].add(offer_id)
    for offer_id, code in Offer.languages.through.objects.filter(offer_id__in=ids).values_list(
        "offer_id", "language_id"
    ):
        values["language"][code].add(offer_id)
    for offer_id, municipality_id in Offer.municipalities.through.objects.filter(
        offer_id__in=ids
    ).values_list("offer_id", "municipality_id"):
        values["municipality"][municipalities[municipality_id]].add(offer_id)
    for offer_id, municipality_id, access in OfferLocation.objects.filter(offer_id__in=ids).values_list(
        "offer_id", "location__municipality_id", "location__accessibility"
    ):
        if municipality_id in municipalities:
            values["municipality"][municipalities[municipality_id]].add(offer_id)
        if access == Location.Accessibility.YES:
            values["accessible"]["1"].add(offer_id)
    return FacetIndex(
        names=names,
        values={k: {v: frozenset(s) for v, s in d.items()} for k, d in values.items()},
        labels=_facet_labels(district, language, ui),
        term_labels=term_labels(language=language, ui=ui),
        language_names=language_names(ui=ui),
    )


def district_facet_index(*, district: District, language: str, ui: str) -> FacetIndex:
    """The facet index of ``district``, rebuilt only when its catalog changed (or the day did:
    offers end at midnight)."""
    version = District.objects.filter(pk=district.pk).values_list("catalog_version", flat=True).first()
    key = (district.pk, version, timezone.localdate(), language, ui)
    index = _CACHE.get(key)
    if index is None:
        index = _build_index(district, language, ui)
        _CACHE[key] = index
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return index


def _selection(index: FacetIndex, key: str, wanted: set[str]) -> frozenset[uuid.UUID]:
    """Offers having any of the wanted values of one facet."""
    found: set[uuid.UUID] = set()
    for value in wanted:
        found |= index.values[key].get(value, frozenset())
    return frozenset(found)


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
    ui = ui_language
    index = district_facet_index(district=district, language=language, ui=ui)
    base: frozenset[uuid.UUID] = frozenset(index.names)
    ranks: dict[uuid.UUID, Ranked] = {}
    if criteria.text.strip():
        ranks = offer_text_search(district=district, text=criteria.text, languages=search_languages)
        base = base & ranks.keys()
    chosen = {k: _selection(index, k, v) for k, v in criteria.selected.items() if v and k in index.values}

    facets: list[Facet] = []
    for key, options in index.labels.items():
        # Disjunctive counts: every other facet's selection applies, this one's does not.
        scope = base
        for other, ids in chosen.items():
            if other != key:
                scope = scope & ids
        wanted = criteria.selected.get(key, set())
        shown = []
        for value, label, label_lang in options:
            count = len(index.values[key].get(value, frozenset()) & scope)
            if count or value in wanted:
                shown.append(
                    FacetOption(value, label, count, value in wanted, label_lang if label_lang != ui else "")
                )
        title = TAXONOMY_FACETS[key][1] if key in TAXONOMY_FACETS else FLAG_FACETS.get(key)
        if key == "language":
            title = _("Language of the offer")
        elif key == "municipality":
            title = _("Municipality")
        facets.append(Facet(key, str(title), shown, is_flag=key in FLAG_FACETS))

    matching = base
    for ids in chosen.values():
        matching = matching & ids
    names = index.names
    if ranks:
        results = sorted(
            matching, key=lambda pk: (not ranks[pk].name_match, -ranks[pk].score, names[pk].casefold())
        )
    else:
        results = sorted(matching, key=lambda pk: names[pk].casefold())
    paginator = Paginator(results, page_size)
    page = paginator.get_page(criteria.page)
    cards = offer_cards(
        offer_ids=page.object_list,
        language=language,
        ui=ui,
        labels=index.term_labels,
        names=index.language_names,
    )
    return DirectoryResult(page=page, cards=cards, facets=facets, total=len(results), ranks=ranks)
