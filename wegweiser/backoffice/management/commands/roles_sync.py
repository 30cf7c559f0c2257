from typing import Any

from django.core.management.base import BaseCommand

from wegweiser.backoffice.roles import roles_ensure


class Command(BaseCommand):
    help = "Create or update the staff roles (Redaktion, Prüfung, Planung) and their permissions."

    def handle(self, *args: Any, **options: Any) -> None:
        groups = roles_ensure()
        self.stdout.write(self.style.SUCCESS(f"Roles up to date: {', '.join(groups)}"))
