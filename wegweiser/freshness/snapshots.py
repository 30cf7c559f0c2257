"""Measuring the catalog's freshness once a day (``FreshnessSnapshot``), for the trend on the
back office's freshness page. Run by the scheduler (``freshness-snapshot``) and by
``manage.py freshness_snapshot``; running it twice on a day overwrites that day's row.

Past days are never reconstructed: the confirmation history before this feature is incomplete and
which offers were published on a past day is not stored, so the trend starts with the first
measured day (the demo loader writes a marked demo history)."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from wegweiser.districts.models import District
from wegweiser.freshness.models import FreshnessSnapshot
from wegweiser.freshness.selectors import freshness_overall


@transaction.atomic
def freshness_snapshot_take(*, actor: Any = None, day: dt.date | None = None) -> list[FreshnessSnapshot]:
    """Write (or overwrite) ``day``'s snapshot of every district (default: today). Only the
    system itself (``actor=None``: scheduler, management command) measures."""
    if actor is not None and not getattr(actor, "is_superuser", False):
        raise PermissionDenied
    day = day or timezone.localdate()
    taken = []
    for district in District.objects.all():
        share = freshness_overall(district=district, today=day)
        snapshot, _created = FreshnessSnapshot.objects.update_or_create(
            district=district,
            day=day,
            defaults={"published": share.total, "confirmed": share.confirmed, "is_demo": False},
        )
        taken.append(snapshot)
    return taken
