"""``python manage.py hsds_export --format datapackage --out catalog.zip``"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wegweiser.districts.models import District
from wegweiser.hsds.services import FORMATS, catalog_export


def district_option(key: str | None) -> District:
    queryset = (
        District.objects.filter(key=key) if key else District.objects.order_by("-is_default", "created_at")
    )
    district = queryset.first()
    if district is None:
        raise CommandError(
            f"Kein Landkreis {key or ''} in dieser Datenbank. Legen Sie ihn zuerst an: "
            "python manage.py district_setup <5-stelliger Kreisschlüssel> (oder demo_load für die Demo)."
        )
    return district


class Command(BaseCommand):
    help = "Export the published catalog of a district as HSDS 3.0 (JSON, data package or Excel)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("--out", required=True, help="File to write")
        parser.add_argument("--district", help="5-digit district key (default: the default district)")
        parser.add_argument("--profile-url", default="", help="Absolute URL of the Wegweiser profile")

    def handle(self, *args: Any, **options: Any) -> None:
        district = district_option(options["district"])
        out = Path(options["out"])
        with out.open("wb") as handle:
            catalog_export(
                district=district, fmt=options["format"], out=handle, profile_url=options["profile_url"]
            )
        self.stdout.write(f"{district.name}: {out} ({out.stat().st_size // 1024} KB)")
