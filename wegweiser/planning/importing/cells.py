"""Reading cells: numbers with decimal comma or point, quality markers, reference dates."""

import datetime
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

COMMA, POINT = ",", "."

# Official statistics' signs that stand for "no value" (Zeichenerklärung): "-" nothing there
# (exactly zero), "." unknown or confidential, "x" not meaningful, "/" not reliable enough,
# "..." not yet available. None of them is stored as a value.
NO_VALUE_MARKERS = {
    "-": "nichts vorhanden",
    "–": "nichts vorhanden",
    ".": "unbekannt oder geheim",
    "x": "nicht sinnvoll",
    "X": "nicht sinnvoll",
    "/": "nicht sicher genug",
    "...": "fällt später an",
    "…": "fällt später an",
}
# Letters of the ``_q`` quality columns that are kept as a note on the value.
QUALITY_NOTES = {"p": "vorläufig", "r": "berichtigt", "s": "geschätzt", "v": "vorläufig"}

_SPACES = re.compile(r"[\s\u00a0\u202f']")
_PLAIN = re.compile(r"^[+-]?\d+$")
_COMMA_DECIMAL = re.compile(r"^[+-]?(\d+|\d{1,3}(\.\d{3})+),\d+$")
_COMMA_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_POINT_DECIMAL = re.compile(r"^[+-]?(\d+|\d{1,3}(,\d{3})+)\.\d+$")
_POINT_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")


class CellError(ValueError):
    """A cell that cannot be read; the message is for staff."""


def number(text: str, *, decimal_mark: str) -> Decimal:
    """A number as written in the file (German "1.234,5" or English "1,234.5"). A separator
    that can only be the other convention's decimal mark is refused, never guessed."""
    cleaned = _SPACES.sub("", text)
    if decimal_mark == COMMA:
        if _PLAIN.match(cleaned) or _COMMA_GROUPED.match(cleaned):
            return Decimal(cleaned.replace(".", ""))
        if _COMMA_DECIMAL.match(cleaned):
            return Decimal(cleaned.replace(".", "").replace(",", "."))
        if _POINT_DECIMAL.match(cleaned) or re.match(r"^[+-]?\d*\.\d+$", cleaned):
            raise CellError(
                _(
                    "“%(text)s” has a decimal point, but this file uses the decimal comma. Write "
                    "%(suggestion)s, or upload the file again choosing “decimal point”."
                )
                % {"text": text, "suggestion": cleaned.replace(",", "").replace(".", ",")}
            )
    else:
        if _PLAIN.match(cleaned) or _POINT_GROUPED.match(cleaned):
            return Decimal(cleaned.replace(",", ""))
        if _POINT_DECIMAL.match(cleaned):
            return Decimal(cleaned.replace(",", ""))
        if _COMMA_DECIMAL.match(cleaned) or re.match(r"^[+-]?\d*,\d+$", cleaned):
            raise CellError(
                _(
                    "“%(text)s” has a decimal comma, but this file uses the decimal point. Write "
                    "%(suggestion)s, or upload the file again choosing “decimal comma”."
                )
                % {"text": text, "suggestion": cleaned.replace(".", "").replace(",", ".")}
            )
    raise CellError(_("“%(text)s” is not a number.") % {"text": text})


def number_reader(decimal_mark: str) -> "Callable[[str], Decimal]":
    """``number`` for one decimal mark, with a shortcut for plain digits and the mark."""
    plain = re.compile(r"^-?\d{1,15}(" + re.escape(decimal_mark) + r"\d{1,8})?$")

    def read(text: str) -> Decimal:
        if plain.match(text):
            return Decimal(text.replace(",", ".") if decimal_mark == COMMA else text)
        return number(text, decimal_mark=decimal_mark)

    return read


def excel_number(value: object) -> Decimal:
    """A number from an Excel cell (a number, or text read with the decimal comma)."""
    if isinstance(value, bool):
        raise CellError(_("“%(text)s” is not a number.") % {"text": value})
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        try:
            return Decimal(repr(value))
        except InvalidOperation:
            raise CellError(_("“%(text)s” is not a number.") % {"text": value}) from None
    return number(str(value), decimal_mark=COMMA)


_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_GERMAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")


def reference_date(value: object) -> datetime.date:
    """A reference date: a date, "31.12.2024", "2024-12-31", or a year ("2024" is 31 December
    2024, the usual reference date of annual figures)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int) and 1900 <= value <= 2200:
        return datetime.date(value, 12, 31)
    text = str(value).strip()
    try:
        if match := _YEAR.match(text):
            return datetime.date(int(match[1]), 12, 31)
        if match := _ISO.match(text):
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _GERMAN.match(text):
            return datetime.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        pass
    raise CellError(
        _("“%(text)s” is not a date; write 31.12.2024, 2024-12-31 or the year 2024.") % {"text": text}
    )


def official_key(value: object) -> str:
    """An official key as text: Excel drops leading zeros ("1001000" is "01001000"); a 12-digit
    regional key (ARS) becomes the 8-digit municipality key."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.isdigit():
        if len(text) in (7, 4, 1):
            text = "0" + text
        if len(text) == 12:
            text = text[:5] + text[9:]
    return text
