"""``python manage.py freshness_snapshot``: measure today's freshness of every district now (the
scheduler does this every evening; running it again on a day overwrites that day's figures)."""

from typing import Any

from django.core.management.base import BaseCommand

from wegweiser.freshness.snapshots import freshness_snapshot_take


class Command(BaseCommand):
    help = "Record today's share of confirmed offers per district (for the freshness trend)."

    def handle(self, *args: Any, **options: Any) -> None:
        for snapshot in freshness_snapshot_take(actor=None):
            self.stdout.write(
                f"{snapshot.district}: {snapshot.confirmed}/{snapshot.published} ({snapshot.day})"
            )
