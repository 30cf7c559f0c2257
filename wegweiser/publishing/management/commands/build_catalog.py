"""python manage.py build_catalog --lang de --out catalog.pdf [selection and grouping options]"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegweiser.catalog.models import FundingProgramme, Taxonomy, TaxonomyTerm
from wegweiser.core.models import Language
from wegweiser.districts.models import District
from wegweiser.publishing.document import GROUPINGS, DocumentOptions
from wegweiser.publishing.rendering import ENGINES
from wegweiser.publishing.services.editions import catalog_pdf_build
from wegweiser.publishing.snapshot import Selection


class Command(BaseCommand):
    help = "Typeset the current public catalog of a district as a PDF (no edition is recorded)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lang", default="de", help="Language code, e.g. de, en, uk, ru, ar, fa.")
        parser.add_argument("--out", required=True, help="Where to write the PDF.")
        parser.add_argument("--district", help="District slug (default: the default district).")
        parser.add_argument("--title", default="Angebotskatalog")
        parser.add_argument("--audience", default="")
        parser.add_argument("--foreword-file", help="Markdown file with the foreword.")
        parser.add_argument("--grouping", choices=GROUPINGS, default="field")
        parser.add_argument(
            "--field", action="append", default=[], help="Field of action (slug); repeatable."
        )
        parser.add_argument("--target-group", action="append", default=[], help="Target group (slug).")
        parser.add_argument("--municipality", action="append", default=[], help="Municipality (slug or AGS).")
        parser.add_argument("--funding", action="append", default=[], help="Funding programme (slug).")
        parser.add_argument(
            "--engine",
            choices=ENGINES,
            help="Typesetting engine (default: typst for every language; WeasyPrint for comparison).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        district = self._district(options["district"])
        if not Language.objects.filter(code=options["lang"]).exists():
            raise CommandError(f"Unknown language: {options['lang']}")
        selection = Selection(
            fields_of_action=self._terms(options["field"], Taxonomy.Role.FIELD_OF_ACTION),
            target_groups=self._terms(options["target_group"], Taxonomy.Role.TARGET_GROUP),
            municipalities=self._municipalities(district, options["municipality"]),
            funding_programmes=self._lookup(FundingProgramme.objects.all(), "slug", options["funding"]),
        )
        foreword = Path(options["foreword_file"]).read_text("utf-8") if options["foreword_file"] else ""
        rendered = catalog_pdf_build(
            district=district,
            language=options["lang"],
            selection=selection,
            options=DocumentOptions(
                title=options["title"],
                language=options["lang"],
                grouping=options["grouping"],
                audience=options["audience"],
                foreword=foreword,
            ),
            engine=options["engine"],
        )
        Path(options["out"]).write_bytes(rendered.pdf)
        size = len(rendered.pdf) // 1024
        self.stdout.write(f"{options['out']}: {rendered.pages} pages, {size} KB ({rendered.engine})")

    def _district(self, slug: str | None) -> District:
        district = (
            District.objects.filter(slug=slug).first()
            if slug
            else District.objects.filter(is_default=True).first()
        )
        if district is None:
            raise CommandError(
                f"No such district: {slug}" if slug else "No default district; pass --district."
            )
        return district

    def _lookup(self, queryset: Any, field: str, values: list[str]) -> list:
        found = {getattr(o, field): o.pk for o in queryset.filter(**{f"{field}__in": values})}
        missing = [v for v in values if v not in found]
        if missing:
            raise CommandError(f"Not found: {', '.join(missing)}")
        return [found[v] for v in values]

    def _terms(self, slugs: list[str], role: str) -> list:
        return self._lookup(TaxonomyTerm.objects.filter(taxonomy__role=role), "slug", slugs)

    def _municipalities(self, district: District, values: list[str]) -> list:
        found = []
        for value in values:
            municipality = (
                district.municipalities.filter(slug=value).first()
                or district.municipalities.filter(ags=value).first()
            )
            if municipality is None:
                raise CommandError(f"No such municipality in {district.name}: {value}")
            found.append(municipality.pk)
        return found
