"""The import template for indicator values, as an Excel workbook or a CSV file (semicolon,
UTF-8 with BOM, decimal comma: what German Excel writes and reads). One line per municipality
of the district is filled in with its key and name; the workbook also lists the district's
indicators and explains the columns."""

import csv
import io
from typing import IO

from wegweiser.districts.models import District
from wegweiser.planning.importing.template import COLUMNS
from wegweiser.planning.models import Indicator

EXPLANATIONS = [
    (
        "Schlüssel",
        "Amtlicher Gemeindeschlüssel (8 Ziffern, z. B. 16062041) oder der Kreisschlüssel "
        "(5 Ziffern) für einen Wert des ganzen Landkreises. Pflicht.",
    ),
    ("Gemeinde", "Nur zur Orientierung; wird beim Import nicht gelesen."),
    ("Indikator", "Kürzel des Indikators (siehe Blatt „Indikatoren“). Pflicht."),
    ("Stichtag", "Datum (31.12.2024) oder Jahr (2024 = 31.12.2024). Pflicht."),
    (
        "Wert",
        "Zahl mit Dezimalkomma (1234,5), ohne Einheit. „-“, „.“, „x“ oder „/“ heißt: kein Wert "
        "(die Zeile wird übersprungen). Pflicht.",
    ),
    ("Aufschlüsselung", "Optional: age_group, sex, nationality_group oder ein eigener Name."),
    ("Ausprägung", "Optional, nur mit Aufschlüsselung: z. B. 18-64, w, ukraine."),
    ("Anmerkung", "Optional, z. B. „vorläufig“."),
]


def _rows(district: District) -> list[list[str]]:
    first = Indicator.objects.filter(district=district).order_by("topic", "name").first()
    code = first.code if first else ""
    return [
        [ags, name, code, "", "", "", "", ""]
        for ags, name in district.municipalities.order_by("name").values_list("ags", "name")
    ]


def indicator_template(*, district: District, out: IO[bytes], fmt: str = "xlsx") -> None:
    """Write the template for ``district`` to ``out`` (``fmt`` "xlsx" or "csv")."""
    header = list(COLUMNS.values())
    if fmt == "csv":
        text = io.StringIO(newline="")
        writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(_rows(district))
        out.write(text.getvalue().encode("utf-8-sig"))
        return
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.table import Table

    workbook = Workbook()
    values = workbook.active
    assert values is not None
    values.title = "Werte"
    values.append(header)
    for row in _rows(district):
        values.append(row)
    for cell in values[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGH", (12, 30, 24, 12, 12, 18, 14, 24), strict=True):
        values.column_dimensions[column].width = width
        values.column_dimensions[column].number_format = "@" if column in "AC" else "General"
    values.freeze_panes = "A2"
    indicators = workbook.create_sheet("Indikatoren")
    indicators.append(["Kürzel", "Name", "Einheit", "Thema", "Ebene", "GENESIS-Code"])
    for indicator in Indicator.objects.filter(district=district).order_by("topic", "name"):
        indicators.append(
            [
                indicator.code,
                indicator.name,
                indicator.unit,
                indicator.topic,
                str(indicator.get_level_display()),
                indicator.genesis_code,
            ]
        )
    if indicators.max_row > 1:
        indicators.add_table(Table(displayName="Indikatoren", ref=f"A1:F{indicators.max_row}"))
    help_sheet = workbook.create_sheet("Erklärung")
    help_sheet.append(["Spalte", "Bedeutung"])
    for column_name, meaning in EXPLANATIONS:
        help_sheet.append([column_name, meaning])
    help_sheet.column_dimensions["A"].width = 18
    help_sheet.column_dimensions["B"].width = 100
    workbook.save(out)
