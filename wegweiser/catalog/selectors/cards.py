"""Result cards: what a list of offers shows, in a constant number of light queries.

Term and language labels are loaded once per request (or passed in by the caller) instead of
as model instances for every card."""

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, QuerySet
from django.db.models.functions import Lower

from wegweiser.catalog.models import Offer, OfferTranslation, TaxonomyTerm, TaxonomyTermTranslation
from wegweiser.catalog.selectors.places import NearPlace, OfferPlace, nearest_place, offer_places
from wegweiser.catalog.selectors.public import translations_for
from wegweiser.catalog.translation import Localised, localise
from wegweiser.core.models import Language


@dataclass
class Card:
    offer: Offer
    terms: list[Localised] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    places: list[OfferPlace] = field(default_factory=list)  # where it takes place
    nearest: OfferPlace | None = None  # the place nearest to the place searched near
    distance_km: float | None = None  # straight line to ``nearest``

    @property
    def municipalities(self) -> list[str]:
        """The municipalities of its places, each once, in order."""
        return list(dict.fromkeys(p.municipality for p in self.places if p.municipality))

    @property
    def map_place(self) -> OfferPlace | None:
        """The place the map marks: the nearest one, else the first with coordinates."""
        if self.nearest is not None:
            return self.nearest
        return next((p for p in self.places if p.latitude is not None and p.longitude is not None), None)


def cards_with_places(cards: list[Card], near: NearPlace | None) -> None:
    """Add each card's places (one query) and, searching near a place, its nearest place and the
    distance to it."""
    places = offer_places(offer_ids=[card.offer.pk for card in cards]) if cards else {}
    for card in cards:
        card.places = places.get(card.offer.pk, [])
        found = nearest_place(near, card.places) if near is not None else None
        if found is not None:
            card.nearest, card.distance_km = found


def term_labels(*, language: str, ui: str) -> dict[uuid.UUID, tuple[tuple[bool, int], Localised]]:
    """Every term's label in ``language`` (falling back to ``ui``, then German) with its sort key."""
    terms = TaxonomyTerm.objects.select_related("taxonomy").prefetch_related(
        Prefetch("translations", queryset=translations_for(TaxonomyTermTranslation, language))
    )
    return {
        term.pk: (
            (term.taxonomy.role != "field_of_action", term.sort_order),
            localise(term, "name", language, also=(ui,)),
        )
        for term in terms
    }


def language_names(*, ui: str) -> dict[str, str]:
    rows = Language.objects.values_list("code", "name_de", "name_en")
    return {code: (de if ui == "de" else en) for code, de, en in rows}


# What a card shows of an offer (``directory/_offer_card.html``, the result map): the rest of
# the wide row (descriptions, costs, contacts) is not read for a list.
CARD_FIELDS = (
    "id",
    "district_id",
    "name",
    "slug",
    "short_description",
    "serves_whole_district",
    "cost_free",
    "status",
    "organisation__id",
    "organisation__name",
)
CARD_TRANSLATED = ("id", "master_id", "language_id", "name", "short_description")


def _card_offers(language: str, ui: str) -> QuerySet[Offer]:
    """The offers as a card needs them; translation rows only in the languages a card can show
    besides German (``localise``: the content language, then the interface language)."""
    offers = Offer.objects.select_related("organisation").only(*CARD_FIELDS)
    codes = sorted({language, ui} - {"de"})
    if not codes:  # a German page shows the German source: no translation is read
        return offers
    translated = OfferTranslation.objects.filter(language_id__in=codes).only(*CARD_TRANSLATED)
    return offers.prefetch_related(Prefetch("translations", queryset=translated))


def card_offers_by_slot(
    *, district_id: uuid.UUID, slots: list[int], language: str, ui: str
) -> dict[int, Offer]:
    """The offers of a district's search slots as the cards need them, each with ``sort_name``
    (the database's ``LOWER(name)``, the directory's order of names): a search page names its
    candidates and loads its cards in the same query (``RankedHits.page``)."""
    offers = (
        _card_offers(language, ui)
        .filter(search_slot__district_id=district_id, search_slot__slot__in=slots)
        .annotate(sort_name=Lower("name"), slot=F("search_slot__slot"))
    )
    return {offer.slot: offer for offer in offers}  # type: ignore[attr-defined]


def offer_cards(
    *,
    offer_ids: Iterable[uuid.UUID],
    language: str,
    ui: str,
    labels: dict[uuid.UUID, tuple[tuple[bool, int], Localised]] | None = None,
    names: dict[str, str] | None = None,
    offers: dict[uuid.UUID, Offer] | None = None,
) -> list[Card]:
    """Cards for ``offer_ids`` in that order; pass cached ``labels`` and ``names``, and the
    ``offers`` already loaded for the cards (``card_offers_by_slot``), to save queries."""
    ids = list(offer_ids)
    if not ids:
        return []
    if offers is None or not set(ids) <= offers.keys():
        offers = {o.pk: o for o in _card_offers(language, ui).filter(pk__in=ids)}
    labels = labels if labels is not None else term_labels(language=language, ui=ui)
    names = names if names is not None else language_names(ui=ui)
    terms: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for offer_id, term_id in Offer.terms.through.objects.filter(offer_id__in=ids).values_list(
        "offer_id", "taxonomyterm_id"
    ):
        terms[offer_id].append(term_id)
    languages: dict[uuid.UUID, list[str]] = defaultdict(list)
    for offer_id, code in Offer.languages.through.objects.filter(offer_id__in=ids).values_list(
        "offer_id", "language_id"
    ):
        languages[offer_id].append(names.get(code, code))
    cards = []
    for pk in ids:
        if pk not in offers:
            continue
        ordered = sorted((labels[t] for t in terms[pk] if t in labels), key=lambda item: item[0])
        cards.append(Card(offers[pk], [label for _order, label in ordered], sorted(languages[pk])))
    return cards
