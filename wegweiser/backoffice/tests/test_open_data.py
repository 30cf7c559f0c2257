"""Import and export screens of the back office: upload, dry-run report, commit; downloads."""

import io
import json
import zipfile
from collections.abc import Callable

import pytest
from django.test import Client
from openpyxl import load_workbook

from wegweiser.catalog.models import Location, Offer, Organisation
from wegweiser.core.models import AuditEntry
from wegweiser.districts.models import District
from wegweiser.hsds.models import ImportRun
from wegweiser.hsds.services import catalog_export

pytestmark = pytest.mark.django_db


def _package(district: District) -> bytes:
    out = io.BytesIO()
    catalog_export(district=district, fmt="datapackage", out=out)
    return out.getvalue()


def _emptied(district: District, make_offer: Callable) -> bytes:
    """A data package of three offers, and a catalog without them."""
    for name in ("Sprachcafé", "Migrationsberatung", "Elterncafé"):
        make_offer(name)
    data = _package(district)
    Offer.objects.all().delete()
    Location.objects.all().delete()
    Organisation.objects.all().delete()
    return data


def _upload(client: Client, data: bytes, name: str = "katalog.zip", **extra: object) -> ImportRun:
    upload = io.BytesIO(data)
    upload.name = name
    response = client.post("/admin/catalog/offer/import/", {"file": upload, **extra})
    assert response.status_code == 302, response.content[:2000]
    run = ImportRun.objects.get()
    assert response["Location"] == f"/admin/catalog/offer/import/{run.pk}/"
    return run


def test_editor_checks_a_file_then_imports_it_as_drafts(
    client: Client, editor: object, district: District, make_offer: Callable
) -> None:
    data = _emptied(district, make_offer)
    client.force_login(editor)
    form = client.get("/admin/catalog/offer/import/")
    assert "publish" not in form.context["form"].fields  # only reviewers may publish on import
    run = _upload(client, data)
    assert run.state == ImportRun.State.CHECKED and Offer.objects.count() == 0
    report = client.get(f"/admin/catalog/offer/import/{run.pk}/")
    text = report.content.decode()
    assert "Was der Import tun würde" in text and "Jetzt importieren" in text
    assert report.context["report"].counts["service"]["created"] == 3

    response = client.post(f"/admin/catalog/offer/import/{run.pk}/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.state == ImportRun.State.COMMITTED
    assert Offer.objects.count() == 3
    assert set(Offer.objects.values_list("state", flat=True)) == {Offer.State.DRAFT}
    assert AuditEntry.objects.filter(object_type="hsds.importrun", object_id=str(run.pk)).exists()


def test_reviewer_may_publish_new_offers_on_import(
    client: Client, reviewer: object, district: District, make_offer: Callable
) -> None:
    data = _emptied(district, make_offer)
    client.force_login(reviewer)
    run = _upload(client, data, publish="on")
    client.post(f"/admin/catalog/offer/import/{run.pk}/")
    assert set(Offer.objects.values_list("state", flat=True)) == {Offer.State.PUBLISHED}


def test_a_checked_file_is_imported_only_once(
    client: Client, editor: object, district: District, make_offer: Callable
) -> None:
    data = _emptied(district, make_offer)
    client.force_login(editor)
    run = _upload(client, data)
    client.post(f"/admin/catalog/offer/import/{run.pk}/")
    audit = AuditEntry.objects.count()
    response = client.post(f"/admin/catalog/offer/import/{run.pk}/", follow=True)
    assert "bereits importiert" in response.content.decode()
    assert AuditEntry.objects.count() == audit and Offer.objects.count() == 3


def test_broken_file_is_reported_by_row_and_column_and_cannot_be_imported(
    client: Client, editor: object, district: District, make_offer: Callable
) -> None:
    data = _emptied(district, make_offer)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        files = {n: source.read(n) for n in source.namelist()}
    lines = files["services.csv"].decode().splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("id")] = "keine-uuid"
    lines[1] = ",".join(cells)
    files["services.csv"] = ("\n".join(lines) + "\n").encode()
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as target:
        for name, content in files.items():
            target.writestr(name, content)
    client.force_login(editor)
    run = _upload(client, broken.getvalue())
    assert run.state == ImportRun.State.FAILED
    page = client.get(f"/admin/catalog/offer/import/{run.pk}/")
    text = page.content.decode()
    assert "nichts wird importiert" in text and "Jetzt importieren" not in text
    error = page.context["errors"][0]
    assert (error.file, error.row, error.column) == ("katalog.zip › services.csv", 2, "id")
    client.post(f"/admin/catalog/offer/import/{run.pk}/")
    assert Offer.objects.count() == 0


def test_upload_form_explains_a_missing_or_oversized_file(
    client: Client, editor: object, settings: object, district: District
) -> None:
    client.force_login(editor)
    response = client.post("/admin/catalog/offer/import/", {})
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    settings.WEGWEISER_IMPORT_MAX_MB = 1  # type: ignore[attr-defined]
    upload = io.BytesIO(b"x" * (2 * 1024 * 1024))
    upload.name = "gross.zip"
    response = client.post("/admin/catalog/offer/import/", {"file": upload})
    assert "größer als 1 MB" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_exports_download_in_the_three_formats(
    client: Client, planner: object, district: District, make_offer: Callable
) -> None:
    make_offer("Sprachcafé")
    client.force_login(planner)
    package = client.get("/admin/catalog/offer/export/datapackage/")
    assert package["Content-Type"] == "application/zip"
    assert "attachment" in package["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(package.getvalue())) as z:
        assert "datapackage.json" in z.namelist() and "services.csv" in z.namelist()
    document = json.loads(client.get("/admin/catalog/offer/export/json/").getvalue())
    assert [s["name"] for s in document] == ["Sprachcafé"]
    workbook = load_workbook(io.BytesIO(client.get("/admin/catalog/offer/export/xlsx/").getvalue()))
    assert "service" in workbook.sheetnames
    assert client.get("/admin/catalog/offer/export/pdf/").status_code == 404


def test_template_download_has_a_sheet_per_entity_and_drop_downs(
    client: Client, editor: object, district: District
) -> None:
    client.force_login(editor)
    response = client.get("/admin/catalog/offer/template/")
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    assert {"organization", "service", "location"} <= set(workbook.sheetnames)
    assert any(ws.data_validations.dataValidation for ws in workbook.worksheets)


def test_offer_list_links_to_import_and_exports(
    client: Client, editor: object, planner: object, district: District
) -> None:
    client.force_login(editor)
    text = client.get("/admin/catalog/offer/").content.decode()
    assert "/admin/catalog/offer/import/" in text and "/admin/catalog/offer/export/xlsx/" in text
    client.force_login(planner)
    text = client.get("/admin/catalog/offer/").content.decode()
    assert "/admin/catalog/offer/import/" not in text and "/admin/catalog/offer/export/xlsx/" in text
