"""Writing HSDS tables and objects to files: the tabular data package (zip of CSV files with
``datapackage.json``), an Excel workbook for staff, and JSON."""

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterable
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from wegweiser.hsds.columns_help import COLUMN_HELP, ENUMERATIONS
from wegweiser.hsds.profile import PROFILE_VERSION
from wegweiser.hsds.tables import TABLES, Column, Table

CSV_DIALECT = {"lineterminator": "\r\n", "quoting": csv.QUOTE_MINIMAL}

# Formula injection (OWASP "CSV Injection"): a spreadsheet that opens our CSV files runs a cell
# starting with = + - @ tab or carriage return as a formula. Such cells get a leading
# apostrophe, which spreadsheets show as text and which the importer removes again. A sign
# followed only by digits, spaces and ( ) / . , + - (phone numbers "+49 3631 …", "-5") cannot
# form a function call, reference or DDE link, so it stays as it is.
FORMULA_START = frozenset("=@\t\r")
SIGNS = frozenset("+-")
PLAIN_NUMBER = re.compile(r"[+-][0-9 ()/.,+-]*")


def _formula_like(text: str) -> bool:
    first = text[:1]
    return first in FORMULA_START or (first in SIGNS and PLAIN_NUMBER.fullmatch(text) is None)


def csv_cell_escape(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet runs as a formula. Leading apostrophes in front of
    a formula-like start are counted too, so that :func:`csv_cell_unescape` restores any text."""
    return "'" + text if _formula_like(text.lstrip("'")) else text


def csv_cell_unescape(text: str) -> str:
    """Undo :func:`csv_cell_escape`: remove exactly the apostrophe it added, nothing else
    (a name such as "'s Hertogenbosch" keeps its apostrophe)."""
    if text.startswith("'") and _formula_like(text.lstrip("'")):
        return text[1:]
    return text


def cell_text(value: Any) -> str:
    """A JSON value as the text of a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _field_descriptor(column: Column) -> dict[str, Any]:
    """A Table Schema field with HSDS's format and constraints (as its ``datapackage.json``)."""
    constraints: dict[str, Any] = {"required": column.required, "unique": column.unique}
    if column.enum:
        constraints["enum"] = list(column.enum)
    if column.pattern:
        constraints["pattern"] = column.pattern
    field: dict[str, Any] = {"name": column.name, "type": column.type}
    if column.format:
        field["format"] = column.format
    return field | {"constraints": constraints}


def datapackage_descriptor(profile_url: str = "") -> dict[str, Any]:
    """``datapackage.json``: HSDS 3.0's tables with the Wegweiser profile's columns and tables."""
    resources = []
    for table in TABLES:
        schema: dict[str, Any] = {"fields": [_field_descriptor(c) for c in table.columns], "primaryKey": "id"}
        if table.references:
            schema["foreignKeys"] = [
                {"fields": column, "reference": {"resource": target, "fields": "id"}}
                for column, target in table.references.items()
            ]
        resources.append(
            {
                "name": table.name,
                "path": table.path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    return {
        "name": "wegweiser_hsds",
        "title": "Wegweiser catalog (HSDS 3.0, Wegweiser profile)",
        "profile": "tabular-data-package",
        "version": "3.0.0",
        "wegweiser_profile": {"version": PROFILE_VERSION, "url": profile_url},
        "resources": resources,
    }


def table_csv(table: Table, rows: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, **CSV_DIALECT)  # type: ignore[arg-type]
    writer.writerow(table.column_names)
    for row in rows:
        writer.writerow([csv_cell_escape(cell_text(row.get(name))) for name in table.column_names])
    return buffer.getvalue().encode("utf-8")


def write_datapackage(tables: dict[str, list[dict[str, Any]]], out: BinaryIO, profile_url: str = "") -> None:
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        descriptor = json.dumps(datapackage_descriptor(profile_url), indent=2, ensure_ascii=False)
        archive.writestr("datapackage.json", descriptor)
        for table in TABLES:
            archive.writestr(table.path, table_csv(table, tables.get(table.name, [])))


def write_json(services: Iterable[dict[str, Any]], out: BinaryIO) -> None:
    """A JSON array of fully nested HSDS services, written item by item."""
    out.write(b"[")
    for n, service in enumerate(services):
        out.write(b",\n" if n else b"\n")
        out.write(json.dumps(service, ensure_ascii=False).encode("utf-8"))
    out.write(b"\n]\n")


def append_text_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Append a row whose text cells are stored as strings, never as formulas or error codes
    (openpyxl would turn "=cmd|…" into a live formula); the text itself is unchanged, so the
    importer reads back exactly what was written."""
    values = list(values)
    sheet.append(values)
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            sheet.cell(row=row, column=column).data_type = "s"


def write_workbook(
    tables: dict[str, list[dict[str, Any]]], out: BinaryIO, *, choices: dict[str, list[str]] | None = None
) -> None:
    """One sheet per table (header row, then rows), a sheet explaining every column, and
    drop-down lists for columns with allowed values (``choices`` adds the catalog's own, such
    as taxonomy terms and municipality keys)."""
    workbook = Workbook()
    help_sheet = workbook.active
    help_sheet.title = "Erläuterungen"
    append_text_row(help_sheet, ["Tabelle", "Spalte", "Pflicht", "Typ", "Erläuterung", "Erlaubte Werte"])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    lists = dict(ENUMERATIONS) | (choices or {})
    list_sheet = workbook.create_sheet("Werte")
    list_refs: dict[str, str] = {}
    for col_index, (key, values) in enumerate(sorted(lists.items()), start=1):
        letter = list_sheet.cell(row=1, column=col_index).column_letter
        list_sheet.cell(row=1, column=col_index, value=key).font = Font(bold=True)
        for row_index, value in enumerate(values, start=2):
            list_sheet.cell(row=row_index, column=col_index, value=value).data_type = "s"
        list_refs[key] = f"Werte!${letter}$2:${letter}${max(len(values) + 1, 2)}"
    for table in TABLES:
        sheet = workbook.create_sheet(table.name)
        append_text_row(sheet, table.column_names)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row in tables.get(table.name, []):
            append_text_row(sheet, [cell_text(row.get(name)) or None for name in table.column_names])
        for index, column in enumerate(table.columns, start=1):
            key = f"{table.name}.{column.name}"
            allowed = lists.get(key)
            append_text_row(
                help_sheet,
                [
                    table.name,
                    column.name,
                    "ja" if column.required else "",
                    column.type,
                    COLUMN_HELP.get(key, COLUMN_HELP.get(column.name, "")),
                    ", ".join(allowed[:12]) + (" …" if allowed and len(allowed) > 12 else "")
                    if allowed
                    else "",
                ],
            )
            if allowed:
                letter = sheet.cell(row=1, column=index).column_letter
                validation = DataValidation(type="list", formula1=list_refs[key], allow_blank=True)
                validation.error = "Bitte einen Wert aus der Liste wählen."
                validation.errorTitle = "Unbekannter Wert"
                validation.add(f"{letter}2:{letter}5000")
                sheet.add_data_validation(validation)
    help_sheet.column_dimensions["E"].width = 80
    workbook.save(out)
