"""Formula injection: text that a spreadsheet would run as a formula is exported inert (CSV cells
get an apostrophe, Excel cells are stored as text) and comes back unchanged on re-import."""

import csv
import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import load_workbook

from wegweiser.catalog.models import Offer
from wegweiser.districts.models import District
from wegweiser.hsds.formats import csv_cell_escape, csv_cell_unescape
from wegweiser.hsds.services import catalog_export, catalog_import

DANGEROUS = [
    "=cmd|' /C calc'!A0",
    "+SUM(1;2)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1)",
    '\'=HYPERLINK("http://example.org")',
]
HARMLESS = ["-Kurs für Frauen", "+49 3631 911-0", "'s Hertogenbosch", "Deutschkurs = Sprachkurs", "-5"]


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-Kurs", "'-Kurs"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),
        ("+49 3631 911-0", "+49 3631 911-0"),
        ("-12.5", "-12.5"),
        ("'s Hertogenbosch", "'s Hertogenbosch"),
        ("", ""),
    ],
)
def test_csv_cells_that_start_like_a_formula_get_one_apostrophe(text: str, escaped: str) -> None:
    assert csv_cell_escape(text) == escaped
    assert csv_cell_unescape(escaped) == text


@pytest.mark.parametrize("text", [*DANGEROUS, *HARMLESS, "''=x", "'", "''", "+", "'+49 1", "'-Kurs"])
def test_unescaping_an_escaped_cell_gives_back_exactly_the_text(text: str) -> None:
    assert csv_cell_unescape(csv_cell_escape(text)) == text


@pytest.fixture
def offers(make_offer: Callable[..., Offer]) -> list[Offer]:
    return [make_offer(name) for name in [*DANGEROUS, *HARMLESS]]


def _names(district: District) -> set[str]:
    return set(Offer.objects.filter(district=district).values_list("name", flat=True))


def _wipe(district: District) -> None:
    Offer.objects.filter(district=district).delete()


def test_data_package_writes_formula_names_inert_and_imports_them_unchanged(
    district: District, offers: list[Offer]
) -> None:
    out = io.BytesIO()
    catalog_export(district=district, fmt="datapackage", out=out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("services.csv").decode())))
    written = {row["name"] for row in rows}
    for name in DANGEROUS:
        assert "'" + name in written
    for name in ("+49 3631 911-0", "-5", "'s Hertogenbosch", "Deutschkurs = Sprachkurs"):
        assert name in written
    assert all(cell[:1] not in "=+-@" or cell in ("+49 3631 911-0", "-5") for cell in written)

    before = _names(district)
    _wipe(district)
    report = catalog_import(
        actor=None, district=district, name="katalog.zip", data=out.getvalue(), commit=True
    )
    assert report.ok, [str(p) for p in report.errors]
    assert _names(district) == before == {*DANGEROUS, *HARMLESS}


def test_excel_export_has_no_formula_cell_and_imports_names_unchanged(
    district: District, offers: list[Offer]
) -> None:
    out = io.BytesIO()
    catalog_export(district=district, fmt="xlsx", out=out)
    data = out.getvalue()
    workbook = load_workbook(io.BytesIO(data))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    rows = list(workbook["service"].iter_rows(values_only=True))
    names = {row[rows[0].index("name")] for row in rows[1:]}
    assert {*DANGEROUS, *HARMLESS} <= names
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheets)

    before = _names(district)
    _wipe(district)
    report = catalog_import(actor=None, district=district, name="katalog.xlsx", data=data, commit=True)
    assert report.ok, [str(p) for p in report.errors][:5]
    assert _names(district) == before


def test_the_import_command_round_trip_keeps_formula_names(
    district: District, offers: list[Offer], tmp_path: Any
) -> None:
    from django.core.management import call_command

    path = tmp_path / "katalog.zip"
    call_command("hsds_export", "--format", "datapackage", "--out", str(path))
    before = _names(district)
    _wipe(district)
    call_command("hsds_import", str(path), "--commit")
    assert _names(district) == before
