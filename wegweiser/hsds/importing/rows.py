"""The importer's vocabulary: parsed rows, write plans, and small helpers for cell values."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.db import models

from wegweiser.core.services import slug_base
from wegweiser.hsds.readers import RawRow

Progress = Callable[[str, int, int], None]

# Tables whose rows may leave ``id`` empty (staff filling in the Excel template).
ID_OPTIONAL = {"organization", "service", "location", "taxonomy", "taxonomy_term", "funding_programme"}
# Required columns that may still be empty: descriptions (staff fill them in later) and the
# street of places known only by postcode and town (mobile offers, "in Sondershausen").
MAY_BE_EMPTY = {"description", "address_1"}
# Reference columns that may name their target instead of giving its id.
BY_NAME = {"organization_id", "service_id", "location_id", "taxonomy_term_id", "link_id", "taxonomy_id"}


@dataclass
class Row:
    """A parsed row: typed values, where it came from, and its id (from the file or new)."""

    table: str
    raw: RawRow
    values: dict[str, Any]
    id: uuid.UUID
    ok: bool = True

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name)
        return default if value is None else value


M = TypeVar("M", bound=models.Model)


@dataclass
class Plan(Generic[M]):
    """What the file means for each entity: the instance to write and whether it is new."""

    instance: M
    row: Row
    new: bool
    before: dict[str, Any] = field(default_factory=dict)


def slug_reserve(text: str, taken: set[str]) -> str:
    """Like ``core.services.unique_slug``, against slugs already known in memory (bulk import);
    the slug returned is added to ``taken``."""
    base = slug_base(text)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def text_value(value: Any, limit: int | None = None) -> str:
    """A cell value as text ("" for empty), cut to ``limit`` characters."""
    text = "" if value is None else str(value)
    return text[:limit] if limit else text


def coordinate(value: float | None, limit: int) -> Decimal | None:
    """A latitude (limit 90) or longitude (180) rounded to 6 places, or None out of range."""
    if value is None or not -limit <= value <= limit:
        return None
    return Decimal(str(round(value, 6)))


def is_uuid(text: str) -> bool:
    try:
        uuid.UUID(str(text))
    except ValueError:
        return False
    return True
