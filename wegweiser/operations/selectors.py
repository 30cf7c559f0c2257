"""Reads for the operation of an instance: how old the heartbeats are."""

import datetime as dt

from django.utils import timezone

from wegweiser.operations.models import Heartbeat


def heartbeat_age(*, name: str, now: dt.datetime | None = None) -> dt.timedelta | None:
    """Time since ``name`` was last seen; None when it never was."""
    seen_at = Heartbeat.objects.filter(name=name).values_list("seen_at", flat=True).first()
    if seen_at is None:
        return None
    return (now or timezone.now()) - seen_at
