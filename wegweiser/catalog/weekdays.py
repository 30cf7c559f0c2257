"""Weekdays of a schedule as staff type and read them ("Di, Do", "1. Mo", "letzter Fr"), stored
as RFC 5545 BYDAY codes ("TU,TH", "1MO", "-1FR") as HSDS wants them."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
GERMAN = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
_FULL = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
# Every spelling accepted, lower case: German short and full names, and the codes themselves.
_DAYS = {
    **{g.lower(): c for g, c in zip(GERMAN, CODES, strict=True)},
    **{f: c for f, c in zip(_FULL, CODES, strict=True)},
    **{c.lower(): c for c in CODES},
}
_ITEM = re.compile(r"^(?:(?P<last>letzte[rns]?)\s*|(?P<n>-?[1-5])\s*\.?\s*)?(?P<day>[a-z]+)\.?$")


def byday_from_text(text: str) -> str:
    """``"Di, Do"`` → ``"TU,TH"``; ``"1. Mo"`` → ``"1MO"``; ``"letzter Fr"`` → ``"-1FR"``.
    Codes (``"TU,TH"``) pass unchanged. Raises a ValidationError naming what it cannot read."""
    codes = []
    for raw in re.split(r"[,;/]|\s+und\s+", text.strip()):
        item = raw.strip().lower()
        if not item:
            continue
        match = _ITEM.match(item)
        day = _DAYS.get(match["day"]) if match else None
        if match is None or day is None:
            raise ValidationError(
                _(
                    "“%(item)s” is not a weekday. Write e.g. Mon, Tue, Wed, Thu, Fri, Sat, Sun, "
                    "or 1. Mon for the first Monday of the month."
                ),
                code="weekday",
                params={"item": raw.strip()},
            )
        prefix = "-1" if match["last"] else (match["n"] or "")
        codes.append(f"{prefix}{day}")
    return ",".join(codes)


def byday_to_text(byday: str) -> str:
    """``"TU,TH"`` → ``"Di, Do"``; ``"1MO"`` → ``"1. Mo"``; ``"-1FR"`` → ``"letzter Fr"``."""
    items = []
    for code in filter(None, (c.strip() for c in (byday or "").split(","))):
        match = re.match(r"^(-?\d)?([A-Z]{2})$", code)
        if match is None or match[2] not in CODES:
            items.append(code)
            continue
        day = GERMAN[CODES.index(match[2])]
        n = match[1]
        items.append(f"letzter {day}" if n == "-1" else f"{n}. {day}" if n else day)
    return ", ".join(items)
