"""Restore of a backup archive (``backup.py``) into an empty, migrated database: checked first
(format, checksums, migrations), then loaded all-or-nothing in one transaction; files follow
only when the database commit succeeded."""

import json
import logging
import shutil
import tarfile
import tempfile
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core import serializers
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils.translation import gettext as _

from wegweiser.operations.backup import (
    DATA,
    FORMAT,
    MANIFEST,
    MEDIA,
    SEEDED,
    VERSION,
    applied_migrations,
    backup_models,
    media_files,
    require_operator,
    sha256_file,
)

logger = logging.getLogger("wegweiser.backup")


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    # What is in the way (rows of some model, files in MEDIA_ROOT); empty for an empty instance.
    blockers: list[str] = field(default_factory=list)
    committed: bool = False
    counts: dict[str, int] = field(default_factory=dict)


def _member_name(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValidationError(_("The archive contains an unsafe path: %(name)s") % {"name": name})
    return path.as_posix()


def _unpack(archive: Path, work: Path) -> dict[str, Any]:
    """Extract the archive's regular files into ``work`` and check them against the manifest."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            for member in members:
                name = _member_name(member.name)
                if not member.isfile():
                    raise ValidationError(_("The archive contains something other than files."))
                target = work / name
                target.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                assert source is not None
                with source, target.open("wb") as handle:
                    shutil.copyfileobj(source, handle)
    except (tarfile.TarError, OSError, EOFError) as error:
        raise ValidationError(
            _("This is not a readable backup archive (%(error)s).") % {"error": error}
        ) from error
    try:
        manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValidationError(_("The archive has no readable manifest.")) from error
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise ValidationError(_("This is not a Wegweiser backup of a version this software reads."))
    listed = set(manifest.get("files", {}))
    present = {_member_name(m.name) for m in members} - {MANIFEST}
    if listed != present or DATA not in listed:
        raise ValidationError(_("The archive's files do not match its manifest."))
    for name, facts in manifest["files"].items():
        if sha256_file(work / name) != facts["sha256"]:
            raise ValidationError(
                _("The checksum of %(name)s is wrong: the archive is damaged.") % {"name": name}
            )
    return manifest


def _check_migrations(manifest: dict[str, Any]) -> None:
    here = applied_migrations()
    missing = [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if name not in here.get(app, [])
    ]
    if missing:
        raise ValidationError(
            _(
                "The backup comes from a newer version of the software or the database is not migrated "
                "(missing: %(migrations)s). Install the same version and run migrate first."
            )
            % {"migrations": ", ".join(missing[:5])}
        )


def restore_blockers(*, media_root: Path) -> list[str]:
    """What makes this instance not empty: rows beyond the seeded vocabularies, files in MEDIA_ROOT."""
    blockers = [
        f"{model._meta.label_lower}: {count}"
        for model in backup_models()
        if model._meta.label_lower not in SEEDED and (count := model._base_manager.count())
    ]
    if files := media_files(media_root):
        blockers.append(f"MEDIA_ROOT: {len(files)} files")
    return blockers


def _flush() -> None:
    """Delete every row the archive replaces (DELETE, not TRUNCATE: transactional everywhere;
    foreign keys are checked at the end of the transaction, so the order does not matter)."""
    tables = []
    for model in backup_models():
        tables.append(model._meta.db_table)
        tables += [f.remote_field.through._meta.db_table for f in model._meta.local_many_to_many]  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608 - model tables


def _load(data: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    deferred = []
    with data.open("rb") as handle:
        for obj in serializers.deserialize("json", handle, handle_forward_references=True):
            obj.save()
            counts[obj.object._meta.label_lower] += 1
            if obj.deferred_fields:
                deferred.append(obj)
    for obj in deferred:
        obj.save_deferred_fields()
    return counts


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), backup_models())
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _restore_database(data: Path, manifest: dict[str, Any]) -> dict[str, int]:
    with transaction.atomic():
        _flush()
        loaded = _load(data)
        _reset_sequences()
        expected = {label: n for label, n in manifest["counts"].items() if n}
        if dict(loaded) != expected:
            raise ValidationError(_("The restored rows do not match the manifest; nothing was restored."))
        connection.check_constraints()
    return dict(loaded)


def backup_restore(
    *, actor: Any, archive: Path, commit: bool, force: bool = False, media_root: Path | None = None
) -> RestoreResult:
    """Check ``archive`` and, with ``commit``, restore it: refuses an instance that is not empty
    unless ``force`` (which replaces all its content). Nothing changes when anything fails."""
    require_operator(actor)
    root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="wegweiser-restore-") as work_dir:
        work = Path(work_dir)
        manifest = _unpack(archive, work)
        _check_migrations(manifest)
        result = RestoreResult(manifest=manifest, blockers=restore_blockers(media_root=root))
        if not commit or (result.blockers and not force):
            return result
        staging = root / f".restore-{uuid.uuid4().hex}"
        try:
            for name in manifest["files"]:
                if name.startswith(MEDIA):
                    target = staging / name.removeprefix(MEDIA)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(work / name, target)
            result.counts = _restore_database(work / DATA, manifest)
            for name in manifest["files"]:
                if name.startswith(MEDIA):
                    relative = name.removeprefix(MEDIA)
                    (root / relative).parent.mkdir(parents=True, exist_ok=True)
                    (staging / relative).replace(root / relative)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    cache.clear()
    result.committed = True
    logger.info("Backup %s restored: %s rows", archive, sum(result.counts.values()))
    return result
