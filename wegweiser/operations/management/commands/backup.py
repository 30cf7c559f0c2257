"""``python manage.py backup --out wegweiser-2026-12-02.tar.gz``"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from wegweiser.operations.backup import backup_create


class Command(BaseCommand):
    help = "Write one archive (tar.gz) of the database content and the files below MEDIA_ROOT."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--out", required=True, help="Archive to write (.tar.gz)")

    def handle(self, *args: Any, **options: Any) -> None:
        result = backup_create(actor=None, out=Path(options["out"]))
        manifest = result.manifest
        rows = sum(manifest["counts"].values())
        size = result.path.stat().st_size
        self.stdout.write(
            f"{result.path}: {rows} rows, {len(manifest['files']) - 1} files, {size / 1024:.0f} KB"
        )
