from typing import Any

from django.core.management.base import BaseCommand

from wegweiser.demo.services import demo_district_load


class Command(BaseCommand):
    help = "Load the demo district Landkreis Nordhausen (idempotent) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo_district_load()
        if result["loaded"]:
            self.stdout.write(self.style.SUCCESS(f"Demo district loaded: {result['offers']} offers."))
        else:
            self.stdout.write("Demo district already present; nothing changed.")
        self.stdout.write("Demo logins for the back office (http://127.0.0.1:8000/admin/):")
        for username, password, role in result["users"]:
            self.stdout.write(f"  {role:<10} user {username:<10} password {password}")
        self.stdout.write("Demo logins for the partner portal (http://127.0.0.1:8000/de/partner/):")
        for username, password, organisations in result["partners"]:
            self.stdout.write(f"  user {username:<12} password {password:<17} acts for {organisations}")
