"""Import the council information system (OParl 1.1) of one or every district; a dry run unless
``--commit``. A thin wrapper over ``council.services.oparl.council_import``."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegweiser.council.models import OParlSource
from wegweiser.council.oparl.client import OParlError
from wegweiser.council.services.oparl import council_import


class Command(BaseCommand):
    help = "Import bodies, committees, meetings, agenda items and papers through OParl 1.1."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--district", help="district key (e.g. 16062); default: every active source")
        parser.add_argument("--commit", action="store_true", help="write (default: dry run)")
        parser.add_argument("--full", action="store_true", help="fetch everything, not only changes")

    def handle(self, *args: Any, **options: Any) -> None:
        sources = OParlSource.objects.select_related("district")
        if options["district"]:
            sources = sources.filter(district__key=options["district"])
            if not sources.exists():
                raise CommandError(
                    f"District {options['district']} has no council information system (OParl URL)."
                )
        else:
            sources = sources.filter(is_active=True)
        for source in sources:
            try:
                report = council_import(
                    actor=None, source=source, commit=options["commit"], full=options["full"]
                )
            except OParlError as error:
                raise CommandError(f"{source.district.key}: {error}") from error
            verb = "Imported" if options["commit"] else "Dry run, would import"
            since = f" (changes since {report.modified_since})" if report.modified_since else ""
            self.stdout.write(f"{source.district.key}: {verb}{since}: {report.summary()}")
