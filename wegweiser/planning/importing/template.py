"""The Wegweiser template: one value per line, in an Excel sheet or a CSV file.

Columns (German names as in the downloadable template; English names are accepted too):
Schlüssel (8-digit municipality key, or the 5-digit district key for a value of the whole
district), Gemeinde (ignored, for people reading the file), Indikator (the indicator's code),
Stichtag (date or year), Wert, Aufschlüsselung and Ausprägung (optional: breakdown and part),
Anmerkung (optional note)."""

import unicodedata
from typing import Any

from django.utils.translation import gettext as _

from wegweiser.hsds.report import ImportReport
from wegweiser.planning.importing import cells
from wegweiser.planning.importing.parsed import ParsedValue
from wegweiser.planning.importing.reading import Sheet, blank

KEY, NAME, INDICATOR, DATE, VALUE, BREAKDOWN, PART, NOTE = (
    "key",
    "name",
    "indicator",
    "date",
    "value",
    "breakdown",
    "part",
    "note",
)
# The template's column names, in order.
COLUMNS = {
    KEY: "Schlüssel",
    NAME: "Gemeinde",
    INDICATOR: "Indikator",
    DATE: "Stichtag",
    VALUE: "Wert",
    BREAKDOWN: "Aufschlüsselung",
    PART: "Ausprägung",
    NOTE: "Anmerkung",
}
_ALIASES = {
    KEY: ["schlussel", "ags", "gemeindeschlussel", "amtlicher gemeindeschlussel", "regionalschlussel", "key"],
    NAME: ["gemeinde", "name", "municipality", "gebiet"],
    INDICATOR: ["indikator", "indicator", "kennzahl"],
    DATE: ["stichtag", "datum", "jahr", "date", "year"],
    VALUE: ["wert", "value", "anzahl"],
    BREAKDOWN: ["aufschlusselung", "breakdown", "merkmal"],
    PART: ["auspragung", "part", "teil"],
    NOTE: ["anmerkung", "note", "bemerkung"],
}
REQUIRED = [KEY, INDICATOR, DATE, VALUE]
MAX_PROBLEMS = 1000


def _plain(text: Any) -> str:
    folded = unicodedata.normalize("NFKD", str(text).strip().lower())
    return "".join(c for c in folded if not unicodedata.combining(c)).replace("_", " ")


def _header(cells_: list[Any]) -> dict[str, int] | None:
    """{column: index} if this line names the required columns."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells_):
        name = _plain(cell)
        for column, aliases in _ALIASES.items():
            if name in aliases and column not in found:
                found[column] = index
    return found if all(c in found for c in REQUIRED) else None


def parse_template(sheet: Sheet, *, decimal_mark: str, report: ImportReport) -> list[ParsedValue]:
    header: dict[str, int] | None = None
    header_line = 0
    for line, row in sheet.lines[:20]:
        header = _header(row)
        if header is not None:
            header_line = line
            break
    if header is None:
        report.error(
            _("No header line found. The first line must name the columns %(columns)s.")
            % {"columns": ", ".join(COLUMNS[c] for c in REQUIRED)},
            file=sheet.name,
        )
        return []
    names = {column: COLUMNS[column] for column in COLUMNS}
    # Column positions read once; a short line is padded to the widest column used. Keys and
    # dates repeat on many lines: each distinct cell is read once (``_Cached``).
    at = {column: header.get(column, -1) for column in COLUMNS}
    i_key, i_indicator, i_date, i_value = at[KEY], at[INDICATOR], at[DATE], at[VALUE]
    i_breakdown, i_part, i_note = at[BREAKDOWN], at[PART], at[NOTE]
    width = max(at.values()) + 1
    padding = [""] * width
    keys: dict[Any, str] = {}
    dates = _Cached(cells.reference_date)
    is_excel = sheet.is_excel
    read_number = cells.excel_number if is_excel else cells.number_reader(decimal_mark)
    markers = cells.NO_VALUE_MARKERS
    problems = report.problems
    file = sheet.name
    values: list[ParsedValue] = []
    append = values.append
    for line, row in sheet.lines:
        if line <= header_line or blank(row):
            continue
        if len(problems) >= MAX_PROBLEMS:
            report.error(_("Too many problems; the check stopped here."), file=file, row=line)
            break
        if len(row) < width:
            row = [*row, *padding[len(row) :]]
        raw_value = row[i_value]
        text_value = str(raw_value).strip()
        if text_value in markers:
            report.warn(
                _("“%(marker)s” (%(meaning)s): no value; the line is skipped.")
                % {"marker": text_value, "meaning": markers[text_value]},
                file=file,
                row=line,
                column=names[VALUE],
            )
            continue
        before = len(problems)
        raw_key = row[i_key]
        key = keys.get(raw_key)
        if key is None:
            key = keys[raw_key] = cells.official_key(raw_key)
        if not key:
            report.error(_("The official key is missing."), file=file, row=line, column=names[KEY])
        indicator = str(row[i_indicator]).strip()
        if not indicator:
            report.error(_("The indicator is missing."), file=file, row=line, column=names[INDICATOR])
        date = dates.get(row[i_date])
        if isinstance(date, cells.CellError):
            report.error(str(date), file=file, row=line, column=names[DATE])
        value = None
        if text_value == "":
            report.error(_("The value is missing."), file=file, row=line, column=names[VALUE])
        else:
            try:
                value = read_number(raw_value if is_excel else text_value)
            except cells.CellError as exc:
                report.error(str(exc), file=file, row=line, column=names[VALUE])
        breakdown = str(row[i_breakdown]).strip() if i_breakdown >= 0 else ""
        part = str(row[i_part]).strip() if i_part >= 0 else ""
        if bool(breakdown) != bool(part):
            report.error(
                _("Give both the breakdown and its part, or neither."),
                file=file,
                row=line,
                column=names[BREAKDOWN if not breakdown else PART],
            )
        if len(problems) > before or value is None:
            continue
        append(
            ParsedValue(
                file,
                line,
                key,
                indicator,
                date,  # type: ignore[arg-type]
                value,
                breakdown,
                part,
                str(row[i_note]).strip()[:200] if i_note >= 0 else "",
                names[VALUE],
                names[KEY],
                names[INDICATOR],
            )
        )
    return values


class _Cached:
    """A cell reader that reads each distinct cell once; a refused cell gives its ``CellError``."""

    def __init__(self, read: Any) -> None:
        self.read = read
        self.seen: dict[Any, Any] = {}

    def get(self, raw: Any) -> Any:
        try:
            return self.seen[raw]
        except KeyError:
            pass
        except TypeError:  # an unhashable cell cannot occur in CSV or Excel, but stay safe
            return self._read(raw)
        result = self.seen[raw] = self._read(raw)
        return result

    def _read(self, raw: Any) -> Any:
        try:
            return self.read(raw)
        except cells.CellError as exc:
            return exc
