"""Turning text cells into typed values, with German explanations when they do not fit."""

import datetime as dt
import re
import uuid
from typing import Any

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

TRUE = {"true", "1", "ja", "yes", "wahr", "x"}
FALSE = {"false", "0", "nein", "no", "falsch"}
GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


class CellError(ValueError):
    """A cell whose text does not fit its column; the message is for staff."""


def parse_uuid(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        raise CellError(
            _("“%(value)s” is not a valid id (UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6).")
            % {"value": text}
        ) from None


def parse_cell(kind: str, text: str) -> Any:
    """The value of ``text`` in a column of type ``kind``; None for an empty cell."""
    text = text.strip()
    if not text:
        return None
    if kind in ("number", "integer"):
        try:
            number = float(text.replace(",", ".")) if kind == "number" else int(text)
        except ValueError:
            raise CellError(_("“%(value)s” is not a number.") % {"value": text}) from None
        return number
    if kind == "boolean":
        if text.lower() in TRUE:
            return True
        if text.lower() in FALSE:
            return False
        raise CellError(_("“%(value)s” is not true or false (ja/nein).") % {"value": text})
    if kind == "date":
        match = GERMAN_DATE.match(text)
        try:
            if match:
                day, month, year = (int(g) for g in match.groups())
                return dt.date(year, month, day)
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            raise CellError(
                _("“%(value)s” is not a valid date; write 2025-03-31 or 31.03.2025.") % {"value": text}
            ) from None
    if kind == "time":
        try:
            return dt.time.fromisoformat(text if len(text) > 4 else f"0{text}")
        except ValueError:
            raise CellError(_("“%(value)s” is not a valid time; write 09:30.") % {"value": text}) from None
    if kind == "datetime":
        try:
            value = parse_datetime(text.replace("Z", "+00:00"))
        except ValueError:
            value = None
        if value is None:
            raise CellError(
                _("“%(value)s” is not a valid point in time; write 2025-03-31T14:00:00+02:00.")
                % {"value": text}
            )
        return value
    return text
