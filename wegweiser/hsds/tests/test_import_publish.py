"""Imports that publish run the publish checks of ``offer_publish`` and write its audit entries;
an import into a district freshly set up with ``district_setup`` works."""

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from wegweiser.catalog.models import FundingProgramme, Location, Offer, Organisation, TaxonomyTerm
from wegweiser.core.models import AuditEntry
from wegweiser.districts.models import District, Municipality
from wegweiser.hsds.services import catalog_export, catalog_import

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def german() -> Any:
    with translation.override("de"):
        yield


def _package(district: District) -> bytes:
    out = io.BytesIO()
    catalog_export(district=district, fmt="datapackage", out=out)
    return out.getvalue()


def _wipe_catalog() -> None:
    """A catalog without offers and without their history (the file keeps the offers' ids)."""
    AuditEntry.objects.all().delete()
    Offer.objects.all().delete()
    Location.objects.all().delete()
    Organisation.objects.all().delete()
    FundingProgramme.objects.all().delete()


def _without_field_of_action(data: bytes, offer: Offer) -> bytes:
    """The package with ``offer``'s field-of-action categories removed from attributes.csv."""
    fields = {
        str(pk)
        for pk in TaxonomyTerm.objects.filter(taxonomy__role="field_of_action").values_list("pk", flat=True)
    }
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        files = {n: source.read(n) for n in source.namelist()}
    lines = files["attributes.csv"].decode().splitlines()
    header = lines[0].split(",")
    link, term = header.index("link_id"), header.index("taxonomy_term_id")
    kept = [lines[0]] + [
        line
        for line in lines[1:]
        if not (line.split(",")[link] == str(offer.pk) and line.split(",")[term] in fields)
    ]
    files["attributes.csv"] = ("\n".join(kept) + "\n").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, content in files.items():
            target.writestr(name, content)
    return out.getvalue()


def test_import_publishes_only_offers_that_pass_the_publish_checks(
    district: District, make_offer: Callable, reviewer: Any
) -> None:
    make_offer("Sprachcafé")
    incomplete = make_offer("Migrationsberatung")
    data = _without_field_of_action(_package(district), incomplete)
    _wipe_catalog()

    dry = catalog_import(actor=reviewer, district=district, name="katalog.zip", data=data, publish=True)
    assert dry.ok and not Offer.objects.exists()
    warning = next(p for p in dry.warnings if "Entwurf" in p.message and p.row)
    assert warning.file == "katalog.zip › services.csv"
    assert "Bitte mindestens ein Handlungsfeld wählen" in warning.message

    report = catalog_import(
        actor=reviewer, district=district, name="katalog.zip", data=data, commit=True, publish=True
    )

    assert report.committed
    assert Offer.objects.get(name="Sprachcafé").state == Offer.State.PUBLISHED
    assert Offer.objects.get(name="Migrationsberatung").state == Offer.State.DRAFT
    published = Offer.objects.get(name="Sprachcafé")
    state = AuditEntry.objects.get(object_id=str(published.pk), action=AuditEntry.Action.STATE)
    assert state.actor == reviewer
    assert list(state.changes.values()) == [["Entwurf", "veröffentlicht"]]
    created = AuditEntry.objects.get(object_id=str(published.pk), action=AuditEntry.Action.CREATE)
    assert created.created_at <= state.created_at
    draft = Offer.objects.get(name="Migrationsberatung")
    assert not AuditEntry.objects.filter(object_id=str(draft.pk), action=AuditEntry.Action.STATE).exists()


def test_import_as_drafts_publishes_nothing(district: District, make_offer: Callable, editor: Any) -> None:
    make_offer("Sprachcafé")
    data = _package(district)
    _wipe_catalog()

    catalog_import(actor=editor, district=district, name="k.zip", data=data, commit=True, publish=False)

    offer = Offer.objects.get()
    assert offer.state == Offer.State.DRAFT
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.STATE, object_id=str(offer.pk)).exists()


def test_hsds_import_into_a_freshly_set_up_district(
    district: District, make_offer: Callable, term: Callable, tmp_path: Path, capsys: Any
) -> None:
    nordhausen = district.municipalities.get(ags="16062041")
    make_offer("Sprachcafé")
    make_offer("Beratung vor Ort", serves_whole_district=False, municipalities=[nordhausen])
    package = tmp_path / "katalog.zip"
    package.write_bytes(_package(district))
    # An empty installation: no district, no catalog (the seeded vocabularies stay).
    _wipe_catalog()
    Municipality.objects.all().delete()
    District.objects.all().delete()

    with pytest.raises(CommandError, match="district_setup"):
        call_command("hsds_import", str(package), "--commit")

    call_command("district_setup", "16062")
    call_command("hsds_import", str(package), "--commit")

    assert "Gespeichert" in capsys.readouterr().out
    district = District.objects.get(key="16062")
    assert Offer.objects.filter(district=district, state=Offer.State.PUBLISHED).count() == 2
    on_site = Offer.objects.get(name="Beratung vor Ort")
    assert [m.ags for m in on_site.municipalities.all()] == ["16062041"]
