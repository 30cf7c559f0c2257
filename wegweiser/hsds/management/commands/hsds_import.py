"""``python manage.py hsds_import PATH [--commit]``: a dry run unless ``--commit``."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from tqdm import tqdm

from wegweiser.hsds.management.commands.hsds_export import district_option
from wegweiser.hsds.report import ImportReport
from wegweiser.hsds.services import catalog_import

OUTCOMES = {"created": "neu", "updated": "geändert", "unchanged": "unverändert"}


def print_report(report: ImportReport, write: Any) -> None:
    for table, counts in sorted(report.counts.items()):
        write(f"  {table}: " + ", ".join(f"{counts[k]} {label}" for k, label in OUTCOMES.items()))
    for problem in report.problems:
        label = "FEHLER" if problem.level == "error" else "Hinweis"
        write(f"  {label}: {problem}")


class Command(BaseCommand):
    help = (
        "Import HSDS data (zip, folder, .xlsx or .json) into a district's catalog; dry run unless --commit."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path")
        parser.add_argument("--commit", action="store_true", help="Write the changes (default: dry run)")
        parser.add_argument("--district", help="5-digit district key (default: the default district)")
        parser.add_argument("--draft", action="store_true", help="Create new offers as drafts, not published")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("de")
        path = Path(options["path"])
        district = district_option(options["district"])
        bars: dict[str, tqdm] = {}

        def progress(step: str, done: int, total: int) -> None:
            bar = bars.get(step)
            if bar is None:
                bar = bars[step] = tqdm(total=total, desc=step, unit=" Zeilen", file=self.stderr._out)
            bar.update(done - bar.n)

        report = catalog_import(
            actor=None,
            district=district,
            name=path.name,
            path=path,
            commit=options["commit"],
            publish=not options["draft"],
            progress=progress,
        )
        for bar in bars.values():
            bar.close()
        mode = "Import" if options["commit"] else "Probelauf (nichts gespeichert)"
        self.stdout.write(f"{mode} nach {district.name}:")
        print_report(report, self.stdout.write)
        if not report.ok:
            raise CommandError(f"{len(report.errors)} Fehler – nichts wurde importiert.")
        if report.committed:
            self.stdout.write(self.style.SUCCESS("Gespeichert."))
