"""``python manage.py restore wegweiser-2026-12-02.tar.gz --commit [--force]``"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from wegweiser.operations.restore import backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty, migrated database (and MEDIA_ROOT). Checks only "
        "without --commit; --force replaces the content of an instance that is not empty."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", help="Archive written by manage.py backup")
        parser.add_argument("--commit", action="store_true", help="Restore for real")
        parser.add_argument("--force", action="store_true", help="Replace existing content")

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"No such file: {archive}")
        try:
            result = backup_restore(
                actor=None, archive=archive, commit=options["commit"], force=options["force"]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        manifest = result.manifest
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"Archive of {manifest['created_at']}: {rows} rows, checksums correct.")
        if result.blockers and not options["force"]:
            raise CommandError(
                "The database is not empty; restore refused (use --force to replace everything): "
                + "; ".join(result.blockers)
            )
        if not options["commit"]:
            self.stdout.write("Checked only; add --commit to restore.")
            return
        files = len(manifest["files"]) - 1
        self.stdout.write(f"Restored {sum(result.counts.values())} rows and {files} files.")
