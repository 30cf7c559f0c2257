"""The daily freshness snapshot: one row per district and day, a second run overwrites it."""

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from wegweiser.catalog.models import Offer
from wegweiser.districts.models import District
from wegweiser.freshness.models import FreshnessSnapshot
from wegweiser.freshness.snapshots import freshness_snapshot_take
from wegweiser.operations import scheduler

pytestmark = pytest.mark.django_db


def test_a_snapshot_records_published_and_confirmed_offers_per_district(
    district: District, other_district: District, make_offer: Callable
) -> None:
    make_offer("Frisch")
    stale = make_offer("Alt")
    Offer.objects.filter(pk=stale.pk).update(assured_date=timezone.localdate().replace(year=2020))

    freshness_snapshot_take(actor=None)

    mine = FreshnessSnapshot.objects.get(district=district)
    assert (mine.day, mine.published, mine.confirmed, mine.is_demo) == (timezone.localdate(), 2, 1, False)
    assert FreshnessSnapshot.objects.get(district=other_district).published == 0


def test_a_second_run_on_the_same_day_overwrites_the_days_row(
    district: District, make_offer: Callable
) -> None:
    freshness_snapshot_take(actor=None)
    make_offer("Neu")
    freshness_snapshot_take(actor=None)
    assert FreshnessSnapshot.objects.filter(district=district).count() == 1
    assert FreshnessSnapshot.objects.get(district=district).published == 1


def test_staff_cannot_take_snapshots(district: District, reviewer: Any) -> None:
    with pytest.raises(PermissionDenied):
        freshness_snapshot_take(actor=reviewer)
    assert not FreshnessSnapshot.objects.exists()


def test_the_scheduler_takes_the_snapshot_every_evening_and_the_command_on_demand(district: District) -> None:
    jobs = {job.id: job for job in scheduler.scheduler_jobs()}
    assert str(jobs["freshness-snapshot"].trigger) == "cron[hour='23', minute='40']"
    scheduler.freshness_snapshot_take()  # what the job runs (its wrapper also closes connections)
    assert FreshnessSnapshot.objects.filter(district=district, day=timezone.localdate()).exists()
    out = StringIO()
    call_command("freshness_snapshot", stdout=out)
    assert "Landkreis Nordhausen: 0/0" in out.getvalue()
    assert FreshnessSnapshot.objects.filter(district=district).count() == 1
