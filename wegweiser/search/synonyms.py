"""The district's synonym list applied to a query: each query word also matches the words staff
declared as meaning the same ("Kindergarten" ⇄ "Kita"). Words are compared by their index terms
(``normalise.stem``), so "Kindergärten" meets an entry for "Kindergarten"."""

import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from wegweiser.core.caches import versioned_get
from wegweiser.search.models import Synonym
from wegweiser.search.normalise import query_variants

# index term of a word → the other words it also finds
SynonymMap = dict[str, tuple[str, ...]]


def synonym_pairs(entries: Iterable[Synonym]) -> list[tuple[str, list[str]]]:
    """(word, words it also finds) for every word of the entries, in both directions where
    an entry says so."""
    pairs: list[tuple[str, list[str]]] = []
    for entry in entries:
        others = entry.equivalent_words()
        pairs.append((entry.term, others))
        if entry.two_way:
            group = [entry.term, *others]
            pairs += [(word, [w for w in group if w != word]) for word in others]
    return pairs


def synonym_map(*, district_id: Any, languages: list[str]) -> SynonymMap:
    """The district's synonyms keyed by the index terms of each word (one query)."""
    found: dict[str, list[str]] = {}
    for word, others in synonym_pairs(Synonym.objects.filter(district_id=district_id)):
        for variant in query_variants(word.lower(), languages):
            bucket = found.setdefault(variant, [])
            bucket += [o for o in others if o not in bucket]
    return {key: tuple(value) for key, value in found.items()}


# Synonym maps per (district, catalog version, languages), kept as the facet labels are
# (``core.caches``): every change of a synonym raises the district's ``catalog_version``.
SYNONYMS_CACHE_SIZE = 64
_MAPS: OrderedDict[tuple[Any, int, tuple[str, ...]], SynonymMap] = OrderedDict()
_MAPS_LOCK = threading.Lock()


def synonym_map_of_version(*, district_id: Any, version: int, languages: list[str]) -> SynonymMap:
    """``synonym_map`` for the district's catalog version ``version`` (which the caller has
    read already): no query when that version's map is cached."""
    return versioned_get(
        _MAPS,
        _MAPS_LOCK,
        (district_id, version, tuple(languages)),
        SYNONYMS_CACHE_SIZE,
        lambda: synonym_map(district_id=district_id, languages=languages),
    )


def synonyms_of(word: str, synonyms: SynonymMap, languages: list[str]) -> list[str]:
    """The words ``word`` (a lower-case query word) also finds, without repeats."""
    result: list[str] = []
    for variant in query_variants(word, languages):
        result += [w for w in synonyms.get(variant, ()) if w not in result]
    return result
