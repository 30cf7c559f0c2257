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
    values: list[ParsedValue] = []
    for line, row in sheet.lines:
        if line <= header_line or blank(row):
            continue
        if len(report.problems) >= MAX_PROBLEMS:
            report.error(_("Too many problems; the check stopped here."), file=sheet.name, row=line)
            break

        def cell(column: str, row: list[Any] = row) -> Any:
            index = header.get(column)
            return row[index] if index is not None and index < len(row) else ""

        raw_value = cell(VALUE)
        text_value = str(raw_value).strip()
        if text_value in cells.NO_VALUE_MARKERS:
            report.warn(
                _("“%(marker)s” (%(meaning)s): no value; the line is skipped.")
                % {"marker": text_value, "meaning": cells.NO_VALUE_MARKERS[text_value]},
                file=sheet.name,
                row=line,
                column=names[VALUE],
            )
            continue
        problems = len(report.problems)
        key = cells.official_key(cell(KEY))
        if not key:
            report.error(_("The official key is missing."), file=sheet.name, row=line, column=names[KEY])
        indicator = str(cell(INDICATOR)).strip()
        if not indicator:
            report.error(_("The indicator is missing."), file=sheet.name, row=line, column=names[INDICATOR])
        try:
            date = cells.reference_date(cell(DATE))
        except cells.CellError as exc:
            report.error(str(exc), file=sheet.name, row=line, column=names[DATE])
        value = None
        if text_value == "":
            report.error(_("The value is missing."), file=sheet.name, row=line, column=names[VALUE])
        else:
            try:
                if sheet.is_excel:
                    value = cells.excel_number(raw_value)
                else:
                    value = cells.number(text_value, decimal_mark=decimal_mark)
            except cells.CellError as exc:
                report.error(str(exc), file=sheet.name, row=line, column=names[VALUE])
        breakdown, part = str(cell(BREAKDOWN)).strip(), str(cell(PART)).strip()
        if bool(breakdown) != bool(part):
            report.error(
                _("Give both the breakdown and its part, or neither."),
                file=sheet.name,
                row=line,
                column=names[BREAKDOWN if not breakdown else PART],
            )
        if len(report.problems) > problems or value is None:
            continue
        values.append(
            ParsedValue(
                file=sheet.name,
                row=line,
                key=key,
                indicator=indicator,
                date=date,
                value=value,
                breakdown=breakdown,
                part=part,
                note=str(cell(NOTE)).strip()[:200],
                column=names[VALUE],
                key_column=names[KEY],
                indicator_column=names[INDICATOR],
            )
        )
    return values
