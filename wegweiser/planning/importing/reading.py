"""Turning an upload into lines of cells: text encoding (UTF-8, UTF-8 with BOM, Windows-1252 and
Latin-1 as older GENESIS exports and Excel's CSV are), CSV separator, Excel workbooks."""

import csv
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from wegweiser.hsds.readers import ZipBudgetExceeded, unzip_budget, unzip_members
from wegweiser.hsds.report import ImportReport


@dataclass
class Sheet:
    """Lines of cells with their line numbers in the file; Excel cells keep their types."""

    name: str
    lines: list[tuple[int, list[Any]]] = field(default_factory=list)
    delimiter: str = ";"
    is_excel: bool = False


def decode(data: bytes, file: str, report: ImportReport) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        report.warn(
            _(
                "The file is not UTF-8; it was read as Windows-1252/Latin-1 (older GENESIS exports, "
                "Excel's CSV). Check umlauts in the report."
            ),
            file=file,
        )
        return data.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    """The separator: semicolon (German CSV, GENESIS) if any of the first lines has one, else
    tab, else comma. Title lines above a table may hold commas, never semicolons."""
    head = text.splitlines()[:50]
    for candidate in (";", "\t", ","):
        if any(candidate in line for line in head):
            return candidate
    return ";"


def read_csv(data: bytes, file: str, report: ImportReport) -> Sheet | None:
    text = decode(data, file, report)
    delimiter = _delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        report.error(_("The CSV file cannot be read: %(reason)s") % {"reason": exc}, file=file)
        return None
    sheet = Sheet(name=file, delimiter=delimiter)
    sheet.lines = [(n, [c.strip() for c in cells]) for n, cells in enumerate(rows, start=1)]
    return sheet


def read_workbook(data: bytes, file: str, report: ImportReport) -> Sheet | None:
    """The first sheet of a workbook (or the one called "Werte")."""
    from openpyxl import load_workbook

    try:  # a workbook is a zip: check what it unpacks to before openpyxl opens it
        unzip_members(data, budget=unzip_budget(), keep=False)
    except ZipBudgetExceeded as exc:
        report.error(str(exc), file=file)
        return None
    except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile, zlib.error) as exc:
        report.error(_("The Excel file cannot be opened (%(reason)s).") % {"reason": exc}, file=file)
        return None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        report.error(_("The Excel file cannot be opened (%(reason)s).") % {"reason": exc}, file=file)
        return None
    worksheet = workbook["Werte"] if "Werte" in workbook.sheetnames else workbook.worksheets[0]
    sheet = Sheet(name=f"{file} › {worksheet.title}", is_excel=True)
    for n, cells in enumerate(worksheet.iter_rows(values_only=True), start=1):
        values = [c.strip() if isinstance(c, str) else ("" if c is None else c) for c in cells]
        sheet.lines.append((n, values))
    workbook.close()
    return sheet


def read_sheet(data: bytes, file: str, report: ImportReport) -> Sheet | None:
    if data[:4] == b"PK\x03\x04" or file.lower().endswith((".xlsx", ".xlsm")):
        return read_workbook(data, file, report)
    return read_csv(data, file, report)


def blank(cells: list[Any]) -> bool:
    return all(cell == "" or cell is None for cell in cells)
