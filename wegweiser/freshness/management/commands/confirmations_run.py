"""``python manage.py confirmations_run [--district SLUG]``: ask providers to confirm their
offers, remind, escalate to the office and send what waits (the scheduler runs it daily)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegweiser.districts.models import District
from wegweiser.freshness.services.runs import confirmations_run


class Command(BaseCommand):
    help = "Run the confirmation cycle: requests, reminders, escalations; send waiting e-mails."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--district", help="Only this district (its slug); default: every district.")

    def handle(self, *args: Any, **options: Any) -> None:
        district = None
        if options["district"]:
            district = District.objects.filter(slug=options["district"]).first()
            if district is None:
                raise CommandError(f"Unknown district: {options['district']}")
        report = confirmations_run(district=district)
        self.stdout.write(
            "requested {requested}, reminded {reminded}, escalated {escalated}, e-mails created "
            "{mails_created}, sent {sent}, failed {failed}, left for the next run {left}".format(
                **report.as_dict()
            )
        )
        for error in sorted(set(report.errors)):
            self.stderr.write(error)
