"""The flat CSV files ("Flat-File-CSV", ffcsv) of the GENESIS databases: Regionalstatistik
(regionalstatistik.de), GENESIS-Online of Destatis and the state statistical offices.

Two layouts are read (see docs/planning-indicators.md):

- the current ffcsv: ``statistics_code;…;time_code;time_label;time;1_variable_code;
  1_variable_label;1_variable_attribute_code;1_variable_attribute_label;…;value;value_unit;
  value_variable_code;value_variable_label;value_q`` — one value per line;
- the earlier flat file: ``Statistik_Code;…;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;
  1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;…`` followed by one column per value
  (``BEVSTD__Bevoelkerungsstand__Anzahl``) and its quality column (``BEVSTD__…__q``).

Semicolon-separated, decimal comma (decimal point in English downloads), quality markers in
value cells ("-", ".", "x", "/") and optional ``_q`` columns. Lines before the header (titles,
notes) and after the table (the copyright line) are skipped. One dimension holds the regional
key (Gemeinden: 8 digits, Kreise: 5 digits); every other dimension is a breakdown."""

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from wegweiser.hsds.report import ImportReport
from wegweiser.planning.importing import cells
from wegweiser.planning.importing.parsed import ParsedValue
from wegweiser.planning.importing.reading import Sheet, blank
from wegweiser.planning.models.indicators import AGE_GROUP, NATIONALITY_GROUP, SEX

MAX_PROBLEMS = 1000
# Dimensions (GENESIS "Merkmale") that hold the regional key.
REGIONAL = {"GEMEIN", "KREISE", "DLAND", "REGBEZ", "DINSG", "GEMVB", "GEMEINDE", "KREIS"}
# Dimensions the planning pages know by name; any other becomes a breakdown named by its code.
BREAKDOWN_NAMES = {"GES": SEX, "GESCHL": SEX, "NAT": "nationality", "STAAG": NATIONALITY_GROUP}
SEX_PARTS = {"GESM": "m", "GESW": "w", "GESD": "d", "GESX": "x"}
_AGE = re.compile(r"^ALT")
_QUALITY_COLUMN = re.compile(r"(^|_)q$")


@dataclass
class _Layout:
    time: int
    dimensions: list[tuple[int, int, str]]  # (code column, attribute column, dimension label)
    value_columns: list[tuple[int, str, int | None]]  # (column, value code, quality column)
    value: int | None = None  # current layout: the one value column
    value_code: int | None = None
    value_quality: int | None = None


def _index(header: list[str], name: str) -> int | None:
    lowered = [h.lower() for h in header]
    return lowered.index(name.lower()) if name.lower() in lowered else None


def _layout(header: list[str]) -> _Layout | None:
    time = _index(header, "time")
    if time is not None and _index(header, "value") is not None:  # current ffcsv
        dimensions = []
        n = 1
        while (code := _index(header, f"{n}_variable_code")) is not None:
            attribute = _index(header, f"{n}_variable_attribute_code")
            if attribute is None:
                break
            dimensions.append((code, attribute, f"{n}_variable_attribute_code"))
            n += 1
        return _Layout(
            time=time,
            dimensions=dimensions,
            value_columns=[],
            value=_index(header, "value"),
            value_code=_index(header, "value_variable_code"),
            value_quality=_index(header, "value_q"),
        )
    time = _index(header, "Zeit")
    if time is None:
        return None
    dimensions = []
    n = 1
    while (code := _index(header, f"{n}_Merkmal_Code")) is not None:
        attribute = _index(header, f"{n}_Auspraegung_Code")
        if attribute is None:
            break
        dimensions.append((code, attribute, f"{n}_Auspraegung_Code"))
        n += 1
    value_columns = []
    for index, name in enumerate(header):
        if "__" not in name or _QUALITY_COLUMN.search(name):
            continue
        value_code = name.split("__")[0]
        label = name.rsplit("__", 1)[0]
        quality = _index(header, f"{label}__q")
        value_columns.append((index, value_code, quality))
    return _Layout(time=time, dimensions=dimensions, value_columns=value_columns)


def _looks_like_header(row: list[Any]) -> bool:
    names = {str(c).strip().lower() for c in row}
    return ("time" in names and "value" in names) or "zeit" in names


def _breakdown(code: str, attribute: str) -> tuple[str, str]:
    code = code.upper()
    if code in BREAKDOWN_NAMES:
        name = BREAKDOWN_NAMES[code]
    elif _AGE.match(code):
        name = AGE_GROUP
    else:
        name = code.lower()
    part = SEX_PARTS.get(attribute.upper(), attribute) if name == SEX else attribute
    return name, part


def parse_genesis(sheet: Sheet, *, decimal_mark: str, report: ImportReport) -> list[ParsedValue]:
    header_at = next((i for i, (_line, row) in enumerate(sheet.lines[:50]) if _looks_like_header(row)), None)
    if header_at is None:
        report.error(
            _(
                "This is not a GENESIS flat file: no header line with the columns “time” and “value” "
                "(or “Zeit”) was found. Download the table as “Flat-File CSV” (ffcsv)."
            ),
            file=sheet.name,
        )
        return []
    if header_at:
        report.warn(
            _("%(count)s lines before the table (title, notes) were skipped.") % {"count": header_at},
            file=sheet.name,
        )
    header_line, header = sheet.lines[header_at]
    header = [str(h).strip() for h in header]
    layout = _layout(header)
    if layout is None:
        report.error(_("The header line cannot be read."), file=sheet.name, row=header_line)
        return []
    if layout.value is None and not layout.value_columns:
        report.error(
            _("No value columns found (such as “value” or “BEVSTD__Bevoelkerungsstand__Anzahl”)."),
            file=sheet.name,
            row=header_line,
        )
        return []
    regional = _regional_dimension(layout, header, sheet.lines[header_at + 1 :])
    if regional is None:
        report.error(
            _(
                "No column with the regional key (municipality or district key) was found; the table "
                "must be broken down by “Gemeinden” or “Kreise und krfr. Städte”."
            ),
            file=sheet.name,
            row=header_line,
        )
        return []
    values: list[ParsedValue] = []
    width = len(header)
    skipped: dict[str, list[int]] = {}
    notes = 0
    for line, row in sheet.lines[header_at + 1 :]:
        if blank(row):
            continue
        if len(report.problems) >= MAX_PROBLEMS:
            report.error(_("Too many problems; the check stopped here."), file=sheet.name, row=line)
            break
        if len(row) != width:
            if not str(row[0]).strip()[:1].isdigit():  # notes, signs and copyright under the table
                notes += 1
                continue
            report.error(
                _("The line has %(found)s cells, the header %(expected)s.")
                % {"found": len(row), "expected": width},
                file=sheet.name,
                row=line,
            )
            continue
        values.extend(_parse_row(sheet, layout, regional, header, line, row, decimal_mark, report, skipped))
    if notes:
        report.warn(
            _("%(count)s lines of notes under the table (signs, copyright) were skipped.") % {"count": notes},
            file=sheet.name,
        )
    for marker, lines in skipped.items():
        shown = ", ".join(str(n) for n in lines[:20]) + (" …" if len(lines) > 20 else "")
        report.warn(
            _(
                "%(count)s values marked “%(marker)s” (%(meaning)s) carry no value and were skipped "
                "(lines %(lines)s)."
            )
            % {
                "count": len(lines),
                "marker": marker or "",
                "meaning": cells.NO_VALUE_MARKERS.get(marker, _("empty cell")),
                "lines": shown,
            },
            file=sheet.name,
        )
    return values


def _regional_dimension(layout: _Layout, header: list[str], lines: list[tuple[int, list[Any]]]) -> int | None:
    """The position in ``layout.dimensions`` of the regional key."""
    sample = [row for _line, row in lines[:50] if len(row) == len(header)]
    for position, (code, _attribute, _label) in enumerate(layout.dimensions):
        if any(str(row[code]).strip().upper() in REGIONAL for row in sample):
            return position
    for position, (_code, attribute, _label) in enumerate(layout.dimensions):
        keys = [str(row[attribute]).strip() for row in sample if str(row[attribute]).strip()]
        if keys and all(k.isdigit() and len(k) in (2, 3, 5, 8, 12) for k in keys):
            return position
    return None


def _parse_row(
    sheet: Sheet,
    layout: _Layout,
    regional: int,
    header: list[str],
    line: int,
    row: list[Any],
    decimal_mark: str,
    report: ImportReport,
    skipped: dict[str, list[int]],
) -> list[ParsedValue]:
    key_column = layout.dimensions[regional][1]
    key = cells.official_key(row[key_column])
    try:
        date = cells.reference_date(row[layout.time])
    except cells.CellError as exc:
        report.error(str(exc), file=sheet.name, row=line, column=header[layout.time])
        return []
    breakdowns = []
    for position, (code_column, attribute, _label) in enumerate(layout.dimensions):
        if position == regional:
            continue
        part = str(row[attribute]).strip()
        if part:
            breakdowns.append(_breakdown(str(row[code_column]).strip(), part))
    if len(breakdowns) > 1:
        report.error(
            _(
                "The line is broken down by more than one feature (%(names)s); download the table with "
                "at most one breakdown besides the region."
            )
            % {"names": ", ".join(name for name, _part in breakdowns)},
            file=sheet.name,
            row=line,
        )
        return []
    breakdown, part = breakdowns[0] if breakdowns else ("", "")
    if layout.value is not None:
        value_code = str(row[layout.value_code]).strip() if layout.value_code is not None else ""
        columns = [(layout.value, value_code, layout.value_quality)]
    else:
        columns = layout.value_columns
    result = []
    for column, code, quality in columns:
        text = str(row[column]).strip()
        flag = str(row[quality]).strip() if quality is not None else ""
        marker = text if text in cells.NO_VALUE_MARKERS else (flag if flag in cells.NO_VALUE_MARKERS else "")
        if marker or text == "":
            skipped.setdefault(marker or "", []).append(line)
            continue
        try:
            value = cells.number(text, decimal_mark=decimal_mark)
        except cells.CellError as exc:
            report.error(str(exc), file=sheet.name, row=line, column=header[column])
            continue
        if not code:
            report.error(_("The value code is missing."), file=sheet.name, row=line, column=header[column])
            continue
        result.append(
            ParsedValue(
                file=sheet.name,
                row=line,
                key=key,
                indicator=code,
                date=date,
                value=value,
                breakdown=breakdown,
                part=part,
                note=cells.QUALITY_NOTES.get(flag.lower(), ""),
                column=header[column],
                key_column=header[key_column],
                indicator_column=header[layout.value_code]
                if layout.value_code is not None
                else header[column],
                by_genesis_code=True,
            )
        )
    return result
