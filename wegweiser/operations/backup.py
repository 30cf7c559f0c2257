"""Backup of an instance into one archive: the database content as Django serialisation (works
on SQLite and PostgreSQL alike and between them), the files below MEDIA_ROOT and a manifest with
counts and checksums. ``backup_restore`` in ``restore.py`` reads it back.

Archive (tar.gz): ``manifest.json``, ``data.json``, ``media/<path>`` for every file.
Left out: sessions (everyone logs in again), the task queue and heartbeats (runtime state),
content types and permissions (``migrate`` creates them; rows point at them by natural key).
For large instances, see docs/operations.md (pg_dump)."""

import datetime as dt
import hashlib
import io
import json
import logging
import os
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger("wegweiser.backup")

FORMAT = "wegweiser-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.json"
MEDIA = "media/"
EXCLUDED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "django_tasks_database.dbtaskresult",
    "operations.heartbeat",
}
# Rows that ``migrate`` itself creates (seeded vocabularies): present in an "empty" database;
# a restore replaces them with the archive's.
SEEDED = {
    "core.language",
    "catalog.taxonomy",
    "catalog.taxonomyterm",
    "catalog.taxonomytermtranslation",
}
CHUNK = 2000


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts datetimes and times to milliseconds; a backup keeps microseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict[str, Any]


def require_operator(actor: Any) -> None:
    """Backups hold every personal datum: only the system (command line) or a superuser."""
    if actor is not None and not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Only administrators may back up or restore the instance."))


def backup_models() -> list[type[models.Model]]:
    """Every model whose rows a backup holds, in an order in which they can be loaded."""
    app_list = [(config, None) for config in apps.get_app_configs() if config.models_module is not None]
    ordered = serializers.sort_dependencies(app_list, allow_cycles=True)
    return [
        model
        for model in ordered
        if model._meta.label_lower not in EXCLUDED and model._meta.managed and not model._meta.proxy
    ]


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_files(root: Path) -> list[Path]:
    """Every regular file below ``root`` (relative), restore staging folders left out."""
    if not root.is_dir():
        return []
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".restore-"))
        found += [(Path(folder) / name).relative_to(root) for name in sorted(files)]
    return [path for path in found if (root / path).is_file() and not (root / path).is_symlink()]


def _rows(counts: Counter[str]) -> Iterator[models.Model]:
    for model in backup_models():
        label = model._meta.label_lower
        counts[label] += 0
        for row in model._base_manager.order_by("pk").iterator(chunk_size=CHUNK):
            counts[label] += 1
            yield row


def _dump_data(out: Path) -> Counter[str]:
    """All rows in one read transaction, so that the archive is one consistent moment."""
    counts: Counter[str] = Counter()
    outermost = connection.get_autocommit()
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        with out.open("w", encoding="utf-8") as handle:
            serializers.serialize(
                "json", _rows(counts), stream=handle, use_natural_foreign_keys=True, cls=ExactJSONEncoder
            )
    return counts


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), mtime, 0o600
    archive.addfile(info, io.BytesIO(data))


def backup_create(*, actor: Any, out: Path, media_root: Path | None = None) -> BackupResult:
    """Write the archive to ``out`` (written beside it first, then renamed: never half a file)."""
    require_operator(actor)
    root = Path(media_root or settings.MEDIA_ROOT)
    created_at = timezone.now()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wegweiser-backup-") as work:
        data_path = Path(work) / DATA
        counts = _dump_data(data_path)
        files = {DATA: {"sha256": sha256_file(data_path), "size": data_path.stat().st_size}}
        media = media_files(root)
        for path in media:
            files[MEDIA + path.as_posix()] = {
                "sha256": sha256_file(root / path),
                "size": (root / path).stat().st_size,
            }
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": created_at.isoformat(),
            "database": connection.vendor,
            "django": django.get_version(),
            "migrations": applied_migrations(),
            "counts": dict(sorted(counts.items())),
            "files": files,
        }
        partial = out.with_name(f".{out.name}.partial")
        try:
            with tarfile.open(partial, "w:gz") as archive:
                stamp = created_at.timestamp()
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode(), stamp)
                archive.add(data_path, arcname=DATA, recursive=False)
                for path in media:
                    archive.add(root / path, arcname=MEDIA + path.as_posix(), recursive=False)
            partial.replace(out)
        finally:
            partial.unlink(missing_ok=True)
    total = sum(counts.values())
    logger.info(
        "Backup written to %s: %s rows, %s files", out, total, len(media), extra={"backup_rows": total}
    )
    return BackupResult(path=out, manifest=manifest)
