"""The directory's facet counts from the search index's bitmaps (``search.bitmaps``).

The same rule as the counting statement of ``facets.py`` (disjunctive facets: each facet counted
with every other facet's selection applied but not its own), computed by intersecting the
district's facet bitmaps with the search hits and with the selection of the other facets. The
bitmaps are kept in step by the transaction that changes an offer, which also raises the
district's catalog version: a worker reads them once per version (``facet_bitmaps_of_version``,
bounded), so there is nothing to rebuild after an edit.
Offers that are searchable but not public today (ended, or hidden for being overdue) are found
by one small indexed query and taken out. See docs/search.md.
"""

from collections import defaultdict
from collections.abc import Mapping

from pyroaring import AbstractBitMap, BitMap

from wegweiser.catalog.selectors.facets import FACET_KEYS, TAXONOMY_FACETS, FacetLabels
from wegweiser.catalog.selectors.public import offer_public_exceptions
from wegweiser.districts.models import District
from wegweiser.search.bitmaps import (
    ACCESSIBLE,
    ALL,
    CHILDCARE,
    FREE,
    WHOLE,
    facet_bitmaps_of_version,
    language_key,
    municipality_key,
    term_key,
)

FLAG_KEYS = {"free": FREE, "childcare": CHILDCARE, "accessible": ACCESSIBLE}
EMPTY = BitMap()


def public_base(
    *, district: District, bitmaps: Mapping[str, AbstractBitMap], hits: BitMap | None
) -> AbstractBitMap:
    """The slots of the district's public offers; with a text search, ``hits``: the slots of
    the matching public offers (the search leaves out ``offer_public_exceptions`` itself)."""
    searchable = bitmaps.get(ALL, EMPTY)
    if hits is not None:
        return searchable & hits
    base = BitMap(searchable)
    hidden = offer_public_exceptions(district=district).values_list("search_slot__slot", flat=True)
    base -= BitMap([slot for slot in hidden if slot is not None])
    return base


def _selection(
    key: str, wanted: set[str], labels: FacetLabels, bitmaps: Mapping[str, AbstractBitMap]
) -> AbstractBitMap:
    """The slots having any of the wanted values of one facet (``facets.facet_selection``)."""
    if key in TAXONOMY_FACETS:
        keys = [
            term_key(t) for t, (facet, slug) in labels.term_values.items() if facet == key and slug in wanted
        ]
    elif key == "language":
        keys = [language_key(code) for code in wanted]
    elif key == "municipality":
        keys = [municipality_key(pk) for pk, slug in labels.municipality_slugs.items() if slug in wanted]
        if not keys:
            return BitMap()
        keys.append(WHOLE)  # offers for the whole district are in every municipality
    else:
        keys = [FLAG_KEYS[key]] if "1" in wanted else []
    return BitMap.union(EMPTY, *(bitmaps.get(k, EMPTY) for k in keys))


def facet_counts_from_bitmaps(
    *,
    district: District,
    labels: FacetLabels,
    selected: dict[str, set[str]],
    hits: BitMap | None,
) -> tuple[dict[str, dict[str, int]], int, AbstractBitMap]:
    """Counts per facet and value, the number of results, and the results' slots (every
    selection applied)."""
    bitmaps = facet_bitmaps_of_version(district_id=district.pk, version=labels.catalog_version)
    base = public_base(district=district, bitmaps=bitmaps, hits=hits)
    selections = {
        key: _selection(key, wanted, labels, bitmaps)
        for key, wanted in selected.items()
        if wanted and key in FACET_KEYS
    }

    def scope_without(excluded: str | None) -> AbstractBitMap:
        scope = base
        for key, selection in selections.items():
            if key != excluded:
                scope = scope & selection
        return scope

    everything = scope_without(None)
    whole = bitmaps.get(WHOLE, EMPTY)
    counts: dict[str, dict[str, int]] = {key: defaultdict(int) for key in FACET_KEYS}
    for key in FACET_KEYS:
        scope = scope_without(key) if key in selections else everything
        found = counts[key]
        if key in TAXONOMY_FACETS:
            for term_id, (facet, slug) in labels.term_values.items():
                if facet == key:
                    found[slug] += scope.intersection_cardinality(bitmaps.get(term_key(term_id), EMPTY))
        elif key == "language":
            for code, _label, _lang in labels.facets["language"]:
                found[code] = scope.intersection_cardinality(bitmaps.get(language_key(code), EMPTY))
        elif key == "municipality":
            everywhere = scope.intersection_cardinality(whole)
            narrow = scope - whole
            for pk, slug in labels.municipality_slugs.items():
                found[slug] = everywhere + narrow.intersection_cardinality(
                    bitmaps.get(municipality_key(pk), EMPTY)
                )
        else:
            found["1"] = scope.intersection_cardinality(bitmaps.get(FLAG_KEYS[key], EMPTY))
    return counts, len(everything), everything
