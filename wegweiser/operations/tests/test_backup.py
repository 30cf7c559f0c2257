"""Backup and restore: a restored instance gives identical HSDS exports, counts and files."""

import hashlib
import io
import json
import tarfile
import zipfile
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection

from wegweiser.catalog.models import Offer, OfferTranslation
from wegweiser.catalog.services.components import component_save
from wegweiser.core.models import AuditEntry
from wegweiser.districts.models import District
from wegweiser.hsds.models import ImportRun
from wegweiser.hsds.services import catalog_export
from wegweiser.operations.backup import backup_create, backup_models, media_files
from wegweiser.operations.restore import backup_restore
from wegweiser.publishing.models import Edition, EditionDocument, Recipient
from wegweiser.publishing.services.distribution import recipient_list_create
from wegweiser.publishing.services.editions import edition_build, edition_create, edition_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(tmp_path: Path, settings: Any) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "imports").mkdir(parents=True)
    (settings.MEDIA_ROOT / "imports" / "liste.xlsx").write_bytes(b"PK\x03\x04 upload \x00\xff")
    (settings.MEDIA_ROOT / "notes.txt").write_text("Sicherung der Datei ä", encoding="utf-8")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def instance(district: District, make_offer: Callable, reviewer: Any, editor: Any, media: Path) -> District:
    """Offers with translations, a released edition with its PDF, a recipient list, an upload."""
    for name in ["Sprachcafé für Frauen", "Migrationsberatung", "Bewerbungstraining"]:
        offer = make_offer(name, fields=("sprache-bildung",))
        component_save(
            actor=None,
            parent=offer,
            component=OfferTranslation(
                master=offer, language_id="ar", name=f"{name} (ar)", short_description="وصف قصير"
            ),
        )
    make_offer("Entwurf", publish=False)
    edition = edition_create(
        actor=reviewer, district=district, data={"title": "Angebotskatalog", "language_id": "de"}, m2m={}
    )
    assert edition_build(edition_id=edition.pk)
    edition_release(actor=reviewer, edition=Edition.objects.get(pk=edition.pk))
    partners = recipient_list_create(actor=reviewer, data={"district": district, "name": "Netzwerkpartner"})
    Recipient.objects.create(recipient_list=partners, name="VHS (Demo)", email="vhs@example.org")
    ImportRun.objects.create(
        district=district, actor=editor, file_name="alt.zip", data=b"\x00zip", state="failed", report={"x": 1}
    )
    return district


def _exports(district: District) -> dict[str, bytes]:
    """The HSDS JSON export and every file of the data package, byte for byte (the zip's own
    time stamps aside)."""
    found = {}
    for fmt in ("json", "datapackage"):
        out = io.BytesIO()
        catalog_export(district=District.objects.get(pk=district.pk), fmt=fmt, out=out)
        if fmt == "json":
            found["json"] = out.getvalue()
        else:
            with zipfile.ZipFile(out) as package:
                found |= {name: package.read(name) for name in package.namelist()}
    return found


def _counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in backup_models()}


def _checksums(root: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256((root / p).read_bytes()).hexdigest() for p in media_files(root)}


def _pdfs() -> dict[str, str]:
    return {
        str(d.edition_id): hashlib.sha256(bytes(d.pdf)).hexdigest() for d in EditionDocument.objects.all()
    }


def _wipe(media: Path) -> None:
    """Everything gone, as on a new machine: all rows (the seeded vocabularies too) and files."""
    with connection.cursor() as cursor:
        for model in reversed(backup_models()):
            for m2m in model._meta.local_many_to_many:
                cursor.execute(f"DELETE FROM {m2m.remote_field.through._meta.db_table}")  # noqa: S608
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608
    for path in media_files(media):
        (media / path).unlink()


def test_backup_restored_into_an_empty_database_gives_identical_exports(
    instance: District, media: Path, tmp_path: Path
) -> None:
    before: dict[str, Any] = {
        "exports": _exports(instance),
        "counts": _counts(),
        "files": _checksums(media),
        "pdfs": _pdfs(),
    }
    assert before["counts"]["catalog.offertranslation"] >= 3
    assert before["counts"]["core.auditentry"] > 0
    assert before["counts"]["publishing.recipient"] == 1
    assert len(before["pdfs"]) == 1
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", "--out", str(archive), stdout=StringIO())
    _wipe(media)
    assert Offer.objects.count() == 0
    assert not media_files(media)
    out = StringIO()
    call_command("restore", str(archive), "--commit", stdout=out)

    assert "Restored" in out.getvalue()
    assert _counts() == before["counts"]
    assert _exports(instance) == before["exports"]
    assert _checksums(media) == before["files"]
    assert _pdfs() == before["pdfs"]
    assert get_user_model().objects.get(username="reviewer").check_password("pw")
    assert AuditEntry.objects.filter(actor__username="reviewer").exists()


def test_backup_is_one_archive_with_a_manifest_of_counts_and_checksums(
    instance: District, tmp_path: Path
) -> None:
    result = backup_create(actor=None, out=tmp_path / "b.tar.gz")

    with tarfile.open(result.path) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        data = tar.extractfile("data.json").read()  # type: ignore[union-attr]
    assert names[:2] == ["manifest.json", "data.json"]
    assert set(names) == {"manifest.json", "data.json", "media/imports/liste.xlsx", "media/notes.txt"}
    assert manifest["format"] == "wegweiser-backup"
    assert manifest["counts"]["catalog.offer"] == 4
    assert "sessions.session" not in manifest["counts"]
    assert "auth.permission" not in manifest["counts"]
    assert manifest["files"]["data.json"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert "catalog" in manifest["migrations"]


def test_restore_refuses_a_database_that_is_not_empty(instance: District, tmp_path: Path) -> None:
    archive = backup_create(actor=None, out=tmp_path / "b.tar.gz").path
    make_noise = Offer.objects.count()

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), "--commit", stdout=StringIO())

    assert Offer.objects.count() == make_noise


def test_restore_with_force_replaces_the_content(instance: District, media: Path, tmp_path: Path) -> None:
    archive = backup_create(actor=None, out=tmp_path / "b.tar.gz").path
    counts = _counts()
    Offer.objects.filter(name="Entwurf").update(name="Geändert nach der Sicherung")

    result = backup_restore(actor=None, archive=archive, commit=True, force=True)

    assert result.committed
    assert _counts() == counts
    assert Offer.objects.filter(name="Entwurf").exists()


def test_a_damaged_archive_is_refused_and_nothing_changes(
    instance: District, media: Path, tmp_path: Path
) -> None:
    archive = backup_create(actor=None, out=tmp_path / "b.tar.gz").path
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "data.json":
                content = content.replace(b"Migrationsberatung", b"Migrationsberatunk")
            member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    _wipe(media)

    with pytest.raises(ValidationError, match=r"Prüfsumme von data\.json stimmt nicht"):
        backup_restore(actor=None, archive=damaged, commit=True)

    assert _counts()["catalog.offer"] == 0


def test_restore_without_commit_only_checks(instance: District, media: Path, tmp_path: Path) -> None:
    archive = backup_create(actor=None, out=tmp_path / "b.tar.gz").path
    _wipe(media)
    out = StringIO()

    call_command("restore", str(archive), stdout=out)

    assert "Checked only" in out.getvalue()
    assert _counts()["catalog.offer"] == 0


def test_only_administrators_may_back_up(editor: Any, tmp_path: Path) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        backup_create(actor=editor, out=tmp_path / "b.tar.gz")
