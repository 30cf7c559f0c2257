"""python manage.py report_build <template-slug> --out FILE.docx|FILE.pdf [--district KEY]"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegweiser.districts.models import District
from wegweiser.reports.models import ReportTemplate
from wegweiser.reports.rendering.docx import report_docx
from wegweiser.reports.rendering.pdf import report_pdf
from wegweiser.reports.services import report_build


class Command(BaseCommand):
    help = "Build a committee report from a template (a new frozen report) and write it as DOCX or PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("template", help="the template's short name (slug)")
        parser.add_argument("--out", required=True, help="FILE.docx or FILE.pdf")
        parser.add_argument("--district", help="the district's key, if several districts have the template")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        if out.suffix.lower() not in (".docx", ".pdf"):
            raise CommandError("--out muss auf .docx oder .pdf enden.")
        templates = ReportTemplate.objects.filter(slug=options["template"]).select_related("district")
        if options["district"]:
            if not District.objects.filter(key=options["district"]).exists():
                raise CommandError(f"Keinen Landkreis mit dem Schlüssel {options['district']}.")
            templates = templates.filter(district__key=options["district"])
        found = list(templates[:2])
        if not found:
            raise CommandError(f"Keine Berichtsvorlage „{options['template']}“.")
        if len(found) > 1:
            raise CommandError("Mehrere Landkreise haben diese Vorlage: bitte --district angeben.")
        try:
            report = report_build(actor=None, template=found[0])
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        body = report_docx(report.snapshot) if out.suffix.lower() == ".docx" else report_pdf(report.snapshot)
        out.write_bytes(body)
        self.stdout.write(f"{out}: {len(body):,} Bytes, Bericht {report.pk} vom {report.data_date}.")
