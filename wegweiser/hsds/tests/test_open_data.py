"""Our data package passes the validators others will run on it: Frictionless with our own
``datapackage.json`` and with HSDS 3.0's official one (profile columns and tables aside)."""

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import frictionless
import pytest

from wegweiser.catalog.models import Location, Organisation, OrganisationIdentifier, Taxonomy, TaxonomyTerm
from wegweiser.demo.services import demo_district_load
from wegweiser.districts.models import District
from wegweiser.hsds.formats import datapackage_descriptor
from wegweiser.hsds.services import catalog_export
from wegweiser.hsds.tables import TABLE_BY_NAME
from wegweiser.hsds.tests.hsds_schemas import SHARED

# Tables the catalog has nothing for (HSDS's programmes, change log and table metadata).
NEVER_FILLED = {"program", "metadata", "meta_table_description"}


def _official() -> dict[str, Any]:
    return json.loads((SHARED / "datapackage.json").read_text())


def _errors(report: frictionless.Report) -> list[list[Any]]:
    return report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])


@pytest.fixture
def package(db: Any, tmp_path: Path) -> Path:
    """The demo district's data package, unpacked, with a row in every table the catalog fills."""
    demo_district_load()
    district = District.objects.get(key="16062")
    organisation = Organisation.objects.filter(district=district).order_by("id").first()
    OrganisationIdentifier.objects.create(
        organisation=organisation,
        identifier_scheme="DE-VR",
        identifier_type="Vereinsregister",
        identifier="VR 1",
    )
    Location.objects.filter(district=district).update(accessibility_description="Rampe am Seiteneingang")
    out = io.BytesIO()
    catalog_export(district=district, fmt="datapackage", out=out)
    with zipfile.ZipFile(out) as archive:
        archive.extractall(tmp_path)
    return tmp_path


def test_our_descriptor_keeps_every_official_field_format_constraint_and_foreign_key() -> None:
    ours = {r["name"]: r for r in datapackage_descriptor()["resources"]}
    for official in _official()["resources"]:
        resource = ours[official["name"]]
        assert resource["path"] == official["path"]
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        for field in official["schema"]["fields"]:
            mine = fields[field["name"]]
            assert (mine["type"], mine.get("format")) == (field["type"], field.get("format")), field["name"]
            assert mine["constraints"] == field["constraints"], (official["name"], field["name"])
        mine_keys = resource["schema"].get("foreignKeys", [])
        for key in official["schema"].get("foreignKeys", []):
            assert key in mine_keys, (official["name"], key)
        assert resource["schema"]["primaryKey"] == official["schema"]["primaryKey"]


def test_profile_columns_take_their_constraints_from_the_profile() -> None:
    level = TABLE_BY_NAME["location"].column("accessibility_level")
    assert level is not None and level.profile and level.enum == ("yes", "partly", "no", "unknown")
    key = TABLE_BY_NAME["service_area"].column("municipality_key")
    assert key is not None and key.pattern == r"^\d{8}$"


def _official_report(package: Path) -> frictionless.Report:
    official = _official()
    for resource in official["resources"]:
        # Profile columns aside: the file may have more columns than HSDS's schema names.
        resource["schema"]["fieldsMatch"] = "subset"
    report = frictionless.Package(official, basepath=str(package)).validate()
    assert report.stats["tasks"] == len(official["resources"])
    return report


def test_exported_package_passes_frictionless_with_our_and_the_official_descriptor(package: Path) -> None:
    filled = {
        name
        for name, table in TABLE_BY_NAME.items()
        if len((package / table.path).read_text().splitlines()) > 1
    }
    assert filled == set(TABLE_BY_NAME) - NEVER_FILLED
    assert _errors(frictionless.validate(str(package / "datapackage.json"))) == []
    assert _errors(_official_report(package)) == []

    # Both would catch what they caught before: a time without seconds, a code used twice.
    schedules = package / "schedules.csv"
    schedules.write_text(re.sub(r"(\d\d:\d\d):00\b", r"\1", schedules.read_text(), count=1))
    terms = package / "taxonomy_terms.csv"
    terms.write_text(terms.read_text().replace("kind:beratung", "field-of-action:beratung"))
    expected = {("opens_at", "type-error"), ("code", "unique-error")}
    assert {
        (row[2], row[3]) for row in _errors(frictionless.validate(str(package / "datapackage.json")))
    } == expected
    assert {(row[2], row[3]) for row in _errors(_official_report(package))} == expected


def test_seeded_vocabularies_have_descriptions_and_unique_codes(db: Any) -> None:
    assert not Taxonomy.objects.filter(description="").exists()
    assert not TaxonomyTerm.objects.filter(description="").exists()
    codes = list(TaxonomyTerm.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    assert TaxonomyTerm.objects.get(code="kind:beratung").slug == "beratung"
    assert TaxonomyTerm.objects.get(code="field-of-action:beratung").taxonomy.role == "field_of_action"
