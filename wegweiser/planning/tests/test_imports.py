"""Importing indicator values from the Wegweiser template (CSV and Excel) and from GENESIS flat
files: the dry run reports by row and column, the commit writes all values or none; broken input
(wrong key, unknown indicator, decimal point vs comma, quality markers, duplicated rows) is
reported in German-first messages and never half-written."""

import datetime
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wegweiser.districts.models import District
from wegweiser.hsds.report import ImportReport
from wegweiser.planning.models import Indicator, IndicatorImport, IndicatorValue
from wegweiser.planning.services import (
    indicator_import_check,
    indicator_import_commit,
    indicator_template,
    indicator_values_import,
)
from wegweiser.planning.tests.factories import IndicatorFactory, IndicatorValueFactory

DATA = Path(__file__).parent / "data"
HEADER = "Schlüssel;Gemeinde;Indikator;Stichtag;Wert;Aufschlüsselung;Ausprägung;Anmerkung\n"
Y2024 = datetime.date(2024, 12, 31)


@pytest.fixture
def children(district: District) -> Indicator:
    return IndicatorFactory(district=district, code="kinder-u6", name="Kinder unter 6 Jahren")


@pytest.fixture
def population(district: District) -> Indicator:
    return IndicatorFactory(district=district, code="einwohner", name="Einwohner", genesis_code="BEVSTD")


def run(district: District, text: str | bytes, *, commit: bool = False, **options: Any) -> ImportReport:
    data = text.encode("utf-8") if isinstance(text, str) else text
    options.setdefault("file_name", "werte.csv")
    return indicator_values_import(actor=None, district=district, data=data, commit=commit, **options)


def messages(report: ImportReport) -> list[tuple[int | None, str, str]]:
    return [(p.row, p.column, p.message) for p in report.errors]


def values(indicator: Indicator) -> dict[tuple[str | None, str, str], Decimal]:
    return {
        (v.municipality.ags if v.municipality else None, v.breakdown, v.breakdown_value): v.value
        for v in IndicatorValue.objects.filter(indicator=indicator).select_related("municipality")
    }


# --- the template ---------------------------------------------------------------------------


def test_template_csv_is_checked_then_imported(district: District, children: Indicator) -> None:
    text = HEADER + (
        "16062041;Nordhausen, Stadt;kinder-u6;31.12.2024;1.234;;;\n"
        "16062066;Bleicherode, Stadt;kinder-u6;2024;310,5;;;vorläufig\n"
        "16062;Landkreis;kinder-u6;2024-12-31;2600;;;\n"
        "16062041;;kinder-u6;2024;600;sex;w;\n"
    )
    dry = run(district, text)
    assert dry.ok and not dry.committed
    assert dry.counts == {"Kinder unter 6 Jahren": {"created": 4, "updated": 0, "unchanged": 0}}
    assert not IndicatorValue.objects.exists()
    done = run(district, text, commit=True)
    assert done.committed
    assert values(children) == {
        ("16062041", "", ""): Decimal(1234),
        ("16062066", "", ""): Decimal("310.5"),
        (None, "", ""): Decimal(2600),
        ("16062041", "sex", "w"): Decimal(600),
    }
    assert IndicatorValue.objects.get(municipality__ags="16062066").note == "vorläufig"
    again = run(district, text.replace("310,5", "311"), commit=True)
    assert again.counts["Kinder unter 6 Jahren"] == {"created": 0, "updated": 1, "unchanged": 3}


def test_unknown_and_foreign_keys_are_errors(
    district: District, other_district: District, children: Indicator
) -> None:
    text = HEADER + (
        "16062999;;kinder-u6;2024;1;;;\n"  # no such municipality
        "16061111;;kinder-u6;2024;1;;;\n"  # a municipality of another district
        "16062041;;kinder-u6;2024;1;;;\n"
    )
    report = run(district, text, commit=True)
    assert not report.committed
    assert [(row, column) for row, column, _m in messages(report)] == [(2, "Schlüssel"), (3, "Schlüssel")]
    assert "16062999" in messages(report)[0][2]
    assert "Landkreis Eichsfeld" in messages(report)[1][2]
    assert not IndicatorValue.objects.exists()  # all or nothing: the good line is not written


def test_unknown_indicator_is_reported_once_with_its_first_line(
    district: District, children: Indicator
) -> None:
    text = HEADER + "16062041;;kinder-unter-6;2024;1;;;\n16062066;;kinder-unter-6;2024;2;;;\n"
    report = run(district, text)
    assert len(report.errors) == 1
    assert report.errors[0].row == 2 and report.errors[0].column == "Indikator"
    assert "kinder-unter-6" in report.errors[0].message


@pytest.mark.parametrize(
    ("written", "mark", "expected"),
    [
        ("1234,5", ",", Decimal("1234.5")),
        ("1.234,5", ",", Decimal("1234.5")),
        ("12.345", ",", Decimal(12345)),
        ("1234.5", ".", Decimal("1234.5")),
        ("1,234.5", ".", Decimal("1234.5")),
    ],
)
def test_decimal_comma_and_point_are_read_as_declared(
    district: District, children: Indicator, written: str, mark: str, expected: Decimal
) -> None:
    separator = ";" if mark == "," else ","
    text = separator.join(["Schlüssel", "Indikator", "Stichtag", "Wert"]) + "\n"
    text += separator.join(["16062041", "kinder-u6", "2024", f'"{written}"']) + "\n"
    report = run(district, text, commit=True, decimal_mark=mark)
    assert report.committed, report.problems
    assert IndicatorValue.objects.get().value == expected


@pytest.mark.parametrize(
    ("written", "mark"), [("1234.5", ","), ("0.75", ","), ("1234,5", "."), ("12,5", ".")]
)
def test_the_other_decimal_mark_is_refused_not_guessed(
    district: District, children: Indicator, written: str, mark: str
) -> None:
    text = HEADER + f"16062041;;kinder-u6;2024;{written};;;\n"
    report = run(district, text, decimal_mark=mark)
    (error,) = report.errors
    assert (error.row, error.column) == (2, "Wert")
    assert written in error.message and ("decimal" in error.message or "Dezimal" in error.message)


def test_quality_markers_mean_no_value(district: District, children: Indicator) -> None:
    text = (
        HEADER
        + "".join(f"16062041;;kinder-u6;{2020 + n};{m};;;\n" for n, m in enumerate("-.x/"))
        + ("16062066;;kinder-u6;2024;5;;;\n")
    )
    report = run(district, text, commit=True)
    assert report.committed
    assert [w.row for w in report.warnings] == [2, 3, 4, 5]
    assert values(children) == {("16062066", "", ""): Decimal(5)}


def test_duplicated_lines(district: District, children: Indicator) -> None:
    same = HEADER + "16062041;;kinder-u6;2024;5;;;\n16062041;;kinder-u6;31.12.2024;5;;;\n"
    report = run(district, same, commit=True)
    assert report.committed and [w.row for w in report.warnings] == [3]
    conflicting = HEADER + "16062066;;kinder-u6;2024;5;;;\n16062066;;kinder-u6;2024;6;;;\n"
    report = run(district, conflicting, commit=True)
    assert not report.committed
    assert [(e.row, e.column) for e in report.errors] == [(3, "Wert")]
    assert "line 2" in report.errors[0].message or "Zeile 2" in report.errors[0].message
    assert not IndicatorValue.objects.filter(municipality__ags="16062066").exists()


def test_missing_cells_and_bad_dates(district: District, children: Indicator) -> None:
    text = HEADER + ";;kinder-u6;2024;1;;;\n16062041;;;2024;1;;;\n16062041;;kinder-u6;Ende 2024;1;;;\n"
    report = run(district, text)
    assert [(e.row, e.column) for e in report.errors] == [(2, "Schlüssel"), (3, "Indikator"), (4, "Stichtag")]


def test_a_file_without_the_columns_is_refused(district: District) -> None:
    report = run(district, "Name;Zahl\nNordhausen;5\n")
    assert not report.ok and "Schlüssel" in report.errors[0].message


def test_windows_1252_csv_is_read_with_a_note(district: District, children: Indicator) -> None:
    report = run(
        district, (HEADER + "16062041;Nordhausen;kinder-u6;2024;7;;;\n").encode("cp1252"), commit=True
    )
    assert report.committed and report.warnings
    assert values(children) == {("16062041", "", ""): Decimal(7)}


def test_the_excel_template_round_trips(district: District, children: Indicator) -> None:
    from openpyxl import load_workbook

    out = io.BytesIO()
    indicator_template(district=district, out=out)
    workbook = load_workbook(io.BytesIO(out.getvalue()))
    sheet = workbook["Werte"]
    assert [c.value for c in sheet[1]][:5] == ["Schlüssel", "Gemeinde", "Indikator", "Stichtag", "Wert"]
    assert {sheet.cell(row=r, column=1).value for r in (2, 3)} == {"16062041", "16062066"}
    for r in (2, 3):
        sheet.cell(row=r, column=4).value = datetime.date(2024, 12, 31)
        sheet.cell(row=r, column=5).value = 10 * r + 0.5
    filled = io.BytesIO()
    workbook.save(filled)
    report = run(district, filled.getvalue(), file_name="vorlage.xlsx", commit=True)
    assert report.committed, report.problems
    assert sorted(values(children).values()) == [Decimal("20.5"), Decimal("30.5")]


def test_the_csv_template_lists_every_municipality(district: District, children: Indicator) -> None:
    out = io.BytesIO()
    indicator_template(district=district, out=out, fmt="csv")
    lines = out.getvalue().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Schlüssel;Gemeinde;Indikator;Stichtag;Wert")
    assert lines[1].startswith("16062066;Bleicherode, Stadt;kinder-u6;")


def test_a_district_level_indicator_refuses_municipality_values(district: District) -> None:
    IndicatorFactory(district=district, code="quote", level=Indicator.Level.DISTRICT)
    report = run(district, HEADER + "16062041;;quote;2024;1;;;\n16062;;quote;2024;1;;;\n")
    assert [e.row for e in report.errors] == [2]


# --- GENESIS flat files ---------------------------------------------------------------------


def test_genesis_ffcsv_is_imported_with_breakdowns_and_markers(
    district: District, population: Indicator
) -> None:
    data = (DATA / "genesis-12411-ffcsv.csv").read_bytes()
    report = run(district, data, file_name="12411-02-03-5_flat.csv", format="genesis", commit=True)
    assert report.committed, report.problems
    assert report.counts == {"Einwohner": {"created": 6, "updated": 0, "unchanged": 0}}
    stored = {
        (v.municipality.ags, v.date.year, v.breakdown, v.breakdown_value): (v.value, v.note)
        for v in IndicatorValue.objects.filter(indicator=population).select_related("municipality")
    }
    assert stored[("16062041", 2023, "", "")] == (Decimal(40868), "")
    assert stored[("16062041", 2023, "sex", "w")] == (Decimal(20948), "")
    assert stored[("16062066", 2023, "", "")] == (Decimal(10431), "vorläufig")
    assert ("16062066", 2023, "sex", "m") not in stored  # "." : confidential
    assert ("16062066", 2022, "", "") not in stored  # "-"
    warnings = " ".join(w.message for w in report.warnings)
    assert "other regions" in warnings or "anderer Gebiete" in warnings


def test_genesis_earlier_flat_file_in_latin1_with_title_lines(
    district: District, population: Indicator
) -> None:
    age = IndicatorFactory(
        district=district,
        code="durchschnittsalter",
        genesis_code="BEV004",
        aggregation=Indicator.Aggregation.WEIGHTED_MEAN,
        decimals=1,
    )
    data = (DATA / "genesis-12411-flat-latin1.csv").read_bytes()
    report = run(district, data, file_name="12411-02-03-5.csv", format="genesis", commit=True)
    assert report.committed, report.problems
    assert values(population) == {
        (None, "", ""): Decimal(80990),
        ("16062041", "", ""): Decimal(40868),
        ("16062066", "", ""): Decimal(10431),
        ("16062066", "sex", "w"): Decimal(5298),
    }
    assert values(age) == {(None, "", ""): Decimal("47.9"), ("16062041", "", ""): Decimal("46.8")}
    skipped = [w.message for w in report.warnings]
    assert any("3" in m and ("lines before" in m or "Zeilen vor" in m) for m in skipped)
    for marker in "x/":  # English or German quotation marks
        assert any(f"“{marker}”" in m or f"„{marker}“" in m for m in skipped)


def test_genesis_unknown_value_code_names_the_column(district: District, population: Indicator) -> None:
    data = (DATA / "genesis-12411-flat-latin1.csv").read_bytes()  # BEV004 has no indicator here
    report = run(district, data, format="genesis", commit=True)
    assert not report.committed
    (error,) = report.errors
    assert error.column == "BEV004__Durchschnittsalter__Jahre" and "BEV004" in error.message
    assert not IndicatorValue.objects.exists()


def test_genesis_decimal_point_in_a_german_file(district: District, population: Indicator) -> None:
    text = (DATA / "genesis-12411-ffcsv.csv").read_text().replace(";40868;", ";40868.5;")
    report = run(district, text, format="genesis")
    assert [(e.row, e.column) for e in report.errors] == [(3, "value")]


def test_genesis_wrong_key_and_duplicates(district: District, population: Indicator) -> None:
    lines = (DATA / "genesis-12411-ffcsv.csv").read_text().splitlines()
    wrong = lines[2].replace("16062041", "16062999")
    twice = lines[3].replace(";19920;", ";19921;")
    report = run(district, "\n".join([*lines, wrong, twice]) + "\n", format="genesis", commit=True)
    assert not report.committed
    assert [e.row for e in report.errors] == [11, 12]
    assert "16062999" in report.errors[0].message
    assert "4" in report.errors[1].message
    assert not IndicatorValue.objects.exists()


def test_genesis_two_breakdowns_in_one_line_are_refused(district: District, population: Indicator) -> None:
    header = (
        "time;1_variable_code;1_variable_attribute_code;2_variable_code;2_variable_attribute_code;"
        "3_variable_code;3_variable_attribute_code;value;value_variable_code;value_q\n"
    )
    report = run(
        district, header + "2023;GEMEIN;16062041;GES;GESW;ALTX20;ALT000B06;1200;BEVSTD;e\n", format="genesis"
    )
    assert [e.row for e in report.errors] == [2]


def test_genesis_other_files_are_refused_clearly(district: District) -> None:
    report = run(district, HEADER + "16062041;;x;2024;1;;;\n", format="genesis")
    assert not report.ok and "GENESIS" in report.errors[0].message


# --- the stored upload: check, then commit ----------------------------------------------------


def test_check_then_commit_the_same_bytes(district: District, children: Indicator, reviewer: Any) -> None:
    text = HEADER + "16062041;;kinder-u6;2024;5;;;\n"
    checked = indicator_import_check(
        actor=reviewer, district=district, file_name="w.csv", data=text.encode(), format="template"
    )
    assert checked.state == IndicatorImport.State.CHECKED and not IndicatorValue.objects.exists()
    done = indicator_import_commit(actor=reviewer, run=checked)
    assert done.state == IndicatorImport.State.COMMITTED
    assert values(children) == {("16062041", "", ""): Decimal(5)}
    with pytest.raises(ValidationError):
        indicator_import_commit(actor=reviewer, run=done)


def test_a_failed_check_cannot_be_committed(district: District, reviewer: Any) -> None:
    failed = indicator_import_check(
        actor=reviewer, district=district, file_name="w.csv", data=b"nonsense", format="template"
    )
    assert failed.state == IndicatorImport.State.FAILED
    with pytest.raises(ValidationError):
        indicator_import_commit(actor=reviewer, run=failed)


@pytest.mark.parametrize("who", ["planner", "editor", "other_reviewer"])
def test_only_reviewers_of_the_district_import(
    district: District, children: Indicator, who: str, request: pytest.FixtureRequest
) -> None:
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        indicator_values_import(actor=actor, district=district, file_name="w.csv", data=HEADER.encode())


def test_existing_values_of_other_dates_stay(district: District, children: Indicator) -> None:
    nordhausen = district.municipalities.get(ags="16062041")
    IndicatorValueFactory(
        indicator=children, municipality=nordhausen, date=datetime.date(2020, 12, 31), value=3
    )
    run(district, HEADER + "16062041;;kinder-u6;2024;5;;;\n", commit=True)
    assert IndicatorValue.objects.filter(indicator=children).count() == 2
