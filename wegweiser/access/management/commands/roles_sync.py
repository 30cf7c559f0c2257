from typing import Any

from django.core.management.base import BaseCommand

from wegweiser.access.roles import ROLE_LABELS, roles_check


class Command(BaseCommand):
    help = (
        "Check the staff roles (Redaktion, Prüfung, Planung) against the database's permissions. "
        "Roles live in the code (wegweiser.access.roles); staff get them per district as memberships."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = roles_check()
        listed = ", ".join(f"{ROLE_LABELS[role]} ({n})" for role, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Roles up to date: {listed}"))
