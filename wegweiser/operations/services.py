"""Services of the operation of an instance: heartbeats of the background processes."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from wegweiser.operations.models import Heartbeat

WORKER = "worker"
SCHEDULER = "scheduler"


@transaction.atomic
def heartbeat_record(*, name: str, at: dt.datetime | None = None) -> Heartbeat:
    """Note that the process ``name`` is alive (no audit entry: this is no change of content)."""
    heartbeat, _created = Heartbeat.objects.update_or_create(
        name=name, defaults={"seen_at": at or timezone.now()}
    )
    return heartbeat
