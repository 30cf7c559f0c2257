"""``python manage.py district_setup 16062 --reviewer-email a@example.org``: set up (or bring up to
date) a district with all its municipalities from the data the product carries."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from wegweiser.districts.municipality_data import ATTRIBUTION
from wegweiser.districts.setup import district_setup


class Command(BaseCommand):
    help = (
        "Set up a district (5-digit official key, e.g. 16062) with all its municipalities, the "
        "vocabularies, the roles and a first reviewer account. Idempotent."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("key", help="5-digit official district key (Kreisschlüssel)")
        parser.add_argument("--reviewer-email", default="", help="E-mail of the first reviewer")
        parser.add_argument("--reviewer-username", default="", help="Login name (default: from the e-mail)")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("de")
        try:
            result = district_setup(
                actor=None,
                key=options["key"],
                reviewer_email=options["reviewer_email"],
                reviewer_username=options["reviewer_username"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        district = result.district
        verb = "angelegt" if result.created else "aktualisiert"
        self.stdout.write(self.style.SUCCESS(f"{district.name} ({district.key}) {verb}."))
        self.stdout.write(
            f"  Gemeinden: {district.municipalities.count()} "
            f"({result.municipalities_created} neu, {result.municipalities_updated} geändert)"
        )
        for line in result.without_boundary:
            self.stdout.write(f"  Hinweis: keine Gemeindegrenze für {line} (Mittelpunkt der Postleitzahl).")
        if result.reviewer is not None:
            if result.reviewer_password:
                self.stdout.write(
                    f"  Prüfung: Konto „{result.reviewer.get_username()}“ angelegt, Startpasswort "
                    f"{result.reviewer_password} (wird nur jetzt angezeigt; bitte nach der ersten "
                    "Anmeldung ändern)."
                )
            else:
                name = result.reviewer.get_username()
                self.stdout.write(f"  Prüfung: Konto „{name}“ gibt es schon; Passwort unverändert.")
        elif result.created:
            self.stdout.write("  Noch kein Prüfungskonto: erneut mit --reviewer-email aufrufen.")
        if result.created:
            self.stdout.write(
                "  Bitte im Backoffice unter „Landkreise“ Koordinierungsstelle und Kontaktdaten eintragen."
            )
        self.stdout.write("  Quellen: " + "; ".join(ATTRIBUTION) + " (dl-de/by-2-0)")
