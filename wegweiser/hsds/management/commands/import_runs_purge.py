"""``python manage.py import_runs_purge [--days N] [--commit]``"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from wegweiser.hsds.services.import_runs import import_runs_purge


class Command(BaseCommand):
    help = (
        "Delete uploaded import files that were never imported (failed, or checked and left) once the "
        "retention period is over (WEGWEISER_IMPORT_RETENTION_DAYS). Only counts without --commit."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--days", type=int, help="Retention period in days (default: the setting)")
        parser.add_argument("--commit", action="store_true", help="Delete for real")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = import_runs_purge(actor=None, commit=options["commit"], older_than_days=options["days"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        verb = "Deleted" if options["commit"] else "Would delete (dry run, add --commit)"
        self.stdout.write(f"{verb}: {result.deleted} uploads from before {result.cutoff:%Y-%m-%d %H:%M}")
        for name in result.file_names:
            self.stdout.write(f"  {name}")
