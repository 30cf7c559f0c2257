"""The district's synonym list applied to a query: each query word also matches the words staff
declared as meaning the same ("Kindergarten" ⇄ "Kita"). Words are compared by their index terms
(``normalise.stem``), so "Kindergärten" meets an entry for "Kindergarten"."""

import threading
from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from wegweiser.core.caches import versioned_get
from wegweiser.search.models import Synonym, equivalent_words
from wegweiser.search.normalise import query_variants

# index term of a word → the other words it also finds
SynonymMap = dict[str, tuple[str, ...]]


Entry = tuple[str, str, bool]  # a synonym entry's term, equivalents and two_way


def synonym_pairs(entries: Iterable[Entry]) -> list[tuple[str, list[str]]]:
    """(word, words it also finds) for every word of the entries, in both directions where
    an entry says so."""
    pairs: list[tuple[str, list[str]]] = []
    for term, equivalents, two_way in entries:
        others = equivalent_words(equivalents)
        pairs.append((term, others))
        if two_way:
            group = [term, *others]
            pairs += [(word, [w for w in group if w != word]) for word in others]
    return pairs


def synonym_map(*, district_id: Any, languages: list[str]) -> SynonymMap:
    """The district's synonyms keyed by the index terms of each word (one query). The map is
    worked out once per list of entries and languages (``_map_of``: stemming every word of
    every entry cost more than the query); callers do not change it."""
    entries = Synonym.objects.filter(district_id=district_id).values_list("term", "equivalents", "two_way")
    return _map_of(tuple(entries), tuple(languages))


@lru_cache(maxsize=64)
def _map_of(entries: tuple[Entry, ...], languages: tuple[str, ...]) -> SynonymMap:
    found: dict[str, list[str]] = {}
    for word, others in synonym_pairs(entries):
        for variant in query_variants(word.lower(), list(languages)):
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
