"""What a database brings to search: an inverted index and a trigram index over the vocabulary."""

import uuid
from dataclasses import dataclass
from typing import Protocol

# A query: all groups must match (AND); within a group any (term, is_prefix) may match (OR).
Query = list[list[tuple[str, bool]]]


@dataclass(frozen=True)
class Hit:
    offer_id: uuid.UUID
    language: str
    score: float  # higher is better
    name_terms: str


class SearchBackend(Protocol):
    def match(self, *, district_id: uuid.UUID, district_key: str, query: Query) -> list[Hit]: ...

    def has_prefix(self, *, prefix: str) -> bool: ...

    def similar_words(self, *, word: str, limit: int) -> list[tuple[str, str]]:
        """(word, stem) pairs of the vocabulary that share trigrams with ``word``."""
        ...
