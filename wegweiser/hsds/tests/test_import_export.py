"""Export and import: round trip, the specification's example, idempotency, dry runs, and broken
input that changes nothing and explains itself by file, row and column (in German)."""

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import Workbook, load_workbook

from wegweiser.catalog.models import Offer, Organisation, TaxonomyTerm
from wegweiser.catalog.services.offers import offer_publish, offer_update
from wegweiser.core.models import AuditEntry
from wegweiser.demo.services import demo_district_load
from wegweiser.districts.models import District
from wegweiser.hsds.export import export_tables
from wegweiser.hsds.formats import table_csv
from wegweiser.hsds.services import catalog_export, catalog_import, catalog_template
from wegweiser.hsds.tables import TABLES
from wegweiser.hsds.tests.hsds_schemas import SHARED


@pytest.fixture(autouse=True)
def german() -> Any:
    with translation.override("de"):
        yield


@pytest.fixture
def demo(db: Any) -> District:
    demo_district_load()
    return District.objects.get(key="16062")


def _package(district: District) -> bytes:
    out = io.BytesIO()
    catalog_export(district=district, fmt="datapackage", out=out)
    return out.getvalue()


def _csv_tables(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist() if name.endswith(".csv")}


def _wipe_catalog() -> None:
    """Empty the catalog as in a fresh installation (seeded vocabularies stay)."""
    from wegweiser.catalog.models import FundingProgramme, Location
    from wegweiser.network.models import Body, Person
    from wegweiser.plans.models import PlanningDocument

    # What refers to providers and programmes outside the catalog (the demo's network and plans).
    Body.objects.all().delete()
    Person.objects.all().delete()
    PlanningDocument.objects.filter(previous__isnull=False).delete()
    PlanningDocument.objects.all().delete()
    Offer.objects.all().delete()
    Location.objects.all().delete()
    Organisation.objects.all().delete()
    FundingProgramme.objects.all().delete()


def test_round_trip_of_the_data_package_gives_identical_tables(demo: District) -> None:
    first = _package(demo)
    _wipe_catalog()
    report = catalog_import(actor=None, district=demo, name="katalog.zip", data=first, commit=True)
    assert report.ok, [str(p) for p in report.errors]
    second = _package(demo)
    before, after = _csv_tables(first), _csv_tables(second)
    assert before.keys() == after.keys()
    for name in before:
        assert before[name] == after[name], name
    assert len(before["services.csv"].splitlines()) > 40


def test_reimport_is_idempotent_and_reports_unchanged(demo: District) -> None:
    data = _package(demo)
    audit_before = AuditEntry.objects.count()
    report = catalog_import(actor=None, district=demo, name="katalog.zip", data=data, commit=True)
    assert report.ok
    assert report.counts["service"]["created"] == report.counts["service"]["updated"] == 0
    assert (
        report.counts["service"]["unchanged"]
        == Offer.objects.filter(state="published").exclude(status__in=["inactive", "defunct"]).count()
    )
    assert AuditEntry.objects.count() == audit_before


def test_dry_run_reports_but_writes_nothing(demo: District) -> None:
    data = _package(demo)
    _wipe_catalog()
    report = catalog_import(actor=None, district=demo, name="katalog.zip", data=data)
    assert report.ok and not report.committed
    assert report.counts["service"]["created"] > 40
    assert Offer.objects.count() == 0


def test_matching_by_organisation_and_name_when_ids_differ(demo: District) -> None:
    tables = export_tables(district=demo)
    offer = tables["service"][0]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "service"
    sheet.append(["id", "organization_id", "name", "status", "short_description"])
    org_name = next(o["name"] for o in tables["organization"] if o["id"] == offer["organization_id"])
    sheet.append(["", org_name, offer["name"], "active", "Neu formuliert"])
    out = io.BytesIO()
    workbook.save(out)
    report = catalog_import(actor=None, district=demo, name="liste.xlsx", data=out.getvalue(), commit=True)
    assert report.ok, [str(p) for p in report.problems]
    assert report.counts["service"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert Offer.objects.get(pk=offer["id"]).short_description == "Neu formuliert"


def test_the_specification_example_package_imports_and_appears_in_the_api(
    demo: District, client: Any
) -> None:
    report = catalog_import(
        actor=None, district=demo, name="csv", path=SHARED / "examples" / "csv", commit=True
    )
    assert report.errors == []
    assert report.counts["service"]["created"] == 1
    url = "/api/hsds/v3/services/ac148810-d857-441c-9679-408f346de14b"
    # The example has none of our fields of action and target groups: it fails the publish
    # checks, so it is imported as a draft, with the reason on its row.
    offer = Offer.objects.get(pk="ac148810-d857-441c-9679-408f346de14b")
    assert offer.state == Offer.State.DRAFT
    assert any("Als Entwurf importiert" in p.message and p.row for p in report.warnings)
    assert client.get(url).status_code == 404
    fields = TaxonomyTerm.objects.filter(taxonomy__role="field_of_action", slug="beratung")
    groups = TaxonomyTerm.objects.filter(taxonomy__role="target_group", slug="erwachsene")
    offer_update(actor=None, offer=offer, data={"terms": [*offer.terms.all(), *fields, *groups]})
    offer_publish(actor=None, offer=offer)
    response = client.get(url)
    assert response.status_code == 200
    assert response.json()["name"] == "Community Counselling"


def test_json_export_imports_like_the_data_package(demo: District) -> None:
    out = io.BytesIO()
    catalog_export(district=demo, fmt="json", out=out)
    report = catalog_import(actor=None, district=demo, name="katalog.json", data=out.getvalue())
    assert report.ok, [str(p) for p in report.errors]
    assert report.counts["service"]["created"] == 0


def test_excel_export_imports_like_the_data_package(demo: District) -> None:
    out = io.BytesIO()
    catalog_export(district=demo, fmt="xlsx", out=out)
    report = catalog_import(actor=None, district=demo, name="katalog.xlsx", data=out.getvalue())
    assert report.ok, [str(p) for p in report.errors][:5]
    assert report.counts["service"]["updated"] == report.counts["service"]["created"] == 0


def test_excel_template_has_a_sheet_per_table_explanations_and_dropdowns(demo: District) -> None:
    out = io.BytesIO()
    catalog_template(district=demo, out=out)
    workbook = load_workbook(io.BytesIO(out.getvalue()))
    assert {t.name for t in TABLES} <= set(workbook.sheetnames)
    assert "Erläuterungen" in workbook.sheetnames
    validations = workbook["service"].data_validations.dataValidation
    assert any("Werte!" in v.formula1 for v in validations)
    assert workbook["attribute"].data_validations.dataValidation


# -- broken input ---------------------------------------------------------------------------------


def _zip(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


def _rows(table: str, rows: list[dict[str, Any]]) -> str:
    spec = next(t for t in TABLES if t.name == table)
    return table_csv(spec, rows).decode()


def _assert_nothing_changed(demo: District, data: bytes, name: str = "kaputt.zip") -> list[Any]:
    offers, audit = Offer.objects.count(), AuditEntry.objects.count()
    report = catalog_import(actor=None, district=demo, name=name, data=data, commit=True)
    assert not report.ok and not report.committed
    assert Offer.objects.count() == offers and AuditEntry.objects.count() == audit
    return report.errors


def _valid_service(demo: District, **changes: Any) -> dict[str, Any]:
    org = Organisation.objects.filter(district=demo).first()
    return {"id": "6f1c1a4e-8d7e-4d1b-9a3e-2b1f4c5d6e7f", "organization_id": str(org.pk), "name": "Neues Angebot",
            "status": "active", "short_description": "Kurz"} | changes  # fmt: skip


def test_missing_and_misspelt_columns_are_named(demo: District) -> None:
    text = "id,organization_id,naem,status\n6f1c1a4e-8d7e-4d1b-9a3e-2b1f4c5d6e7f,x,Kurs,active\n"
    errors = _assert_nothing_changed(demo, _zip({"services.csv": text}))
    assert any(e.column == "name" and "fehlt" in e.message for e in errors), errors


def test_bad_uuid_invalid_date_and_unknown_term_are_reported_by_row_and_column(demo: District) -> None:
    services = [
        _valid_service(demo, id="keine-uuid"),
        _valid_service(demo, id="7a1c1a4e-8d7e-4d1b-9a3e-2b1f4c5d6e7f", assured_date="31.02.2025"),
        _valid_service(demo),
    ]
    attributes = [{"id": "8b1c1a4e-8d7e-4d1b-9a3e-2b1f4c5d6e7f", "link_id": services[2]["id"],
                   "taxonomy_term_id": "9c1c1a4e-8d7e-4d1b-9a3e-2b1f4c5d6e7f", "link_entity": "service"}]  # fmt: skip
    errors = _assert_nothing_changed(
        demo,
        _zip({"services.csv": _rows("service", services), "attributes.csv": _rows("attribute", attributes)}),
    )
    where = {(e.row, e.column) for e in errors}
    assert (2, "id") in where
    assert (3, "assured_date") in where
    messages = " ".join(e.message for e in errors)
    assert "keine gültige Kennung" in messages and "kein gültiges Datum" in messages
    assert any(e.column == "taxonomy_term_id" and "Unbekannte Kategorie" in e.message for e in errors)


def test_truncated_zip_is_rejected(demo: District) -> None:
    data = _package(demo)
    errors = _assert_nothing_changed(demo, data[: len(data) // 2])
    assert "beschädigt" in errors[0].message


def test_a_file_of_50_mb_is_rejected(demo: District, tmp_path: Path) -> None:
    big = tmp_path / "gross.zip"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    report = catalog_import(actor=None, district=demo, name="gross.zip", path=big, commit=True)
    assert (
        not report.ok
        and "50.0 MB" in report.errors[0].message
        and "höchstens 25 MB" in report.errors[0].message
    )


def test_excel_sheet_with_formulas_or_merged_cells_is_rejected(demo: District) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "service"
    row = _valid_service(demo)
    sheet.append(list(row))
    sheet.append(list(row.values()))
    sheet["C2"] = '=CONCAT("Neu", "es")'
    sheet.append(list(_valid_service(demo, id="7a1c1a4e-8d7e-4d1b-9a3e-2b1f4c5d6e7f").values()))
    sheet.merge_cells("D3:E3")
    out = io.BytesIO()
    workbook.save(out)
    errors = _assert_nothing_changed(demo, out.getvalue(), "liste.xlsx")
    assert any("Formel" in e.message and e.row == 2 and e.column == "name" for e in errors)
    assert any("Verbundene Zellen" in e.message and "D3:E3" in e.message for e in errors)


def test_import_command_is_a_dry_run_unless_commit(demo: District, tmp_path: Path, capsys: Any) -> None:
    data = _package(demo)
    _wipe_catalog()
    path = tmp_path / "katalog.zip"
    path.write_bytes(data)
    call_command("hsds_import", str(path))
    assert Offer.objects.count() == 0
    assert "Probelauf" in capsys.readouterr().out
    call_command("hsds_import", str(path), "--commit")
    assert Offer.objects.count() > 40


def test_export_command_writes_each_format(demo: District, tmp_path: Path) -> None:
    for fmt, name in (("json", "k.json"), ("datapackage", "k.zip"), ("xlsx", "k.xlsx")):
        call_command("hsds_export", "--format", fmt, "--out", str(tmp_path / name))
        assert (tmp_path / name).stat().st_size > 1000
    with zipfile.ZipFile(tmp_path / "k.zip") as archive:
        header = next(csv.reader(io.StringIO(archive.read("services.csv").decode())))
    assert header[:4] == ["id", "organization_id", "program_id", "name"]


def test_place_known_only_by_postcode_and_town_survives_the_round_trip(demo: District) -> None:
    from wegweiser.catalog.models import Location

    Location.objects.filter(district=demo).update(address_1="")
    first = _package(demo)
    assert ",," in _csv_tables(first)["addresses.csv"].splitlines()[1]  # empty address_1
    report = catalog_import(actor=None, district=demo, name="katalog.zip", data=first)
    assert report.ok, [str(p) for p in report.errors[:3]]


def test_over_long_name_is_refused_with_a_message_not_cut(demo: District) -> None:
    name = "Sprachcafé " + "x" * 250  # 261 characters; the field holds 250
    errors = _assert_nothing_changed(
        demo, _zip({"services.csv": _rows("service", [_valid_service(demo, name=name)])})
    )
    assert any(e.column == "name" and "höchstens 250 Zeichen" in e.message for e in errors), errors
    assert not Offer.objects.filter(name__startswith="Sprachcafé xxx").exists()
