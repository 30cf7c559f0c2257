"""Invented freshness for the demo district, so that the freshness page shows something: most
offers confirmed recently (by link, phone, the office or on publication), some due within the
next weeks, a few overdue; a few open confirmation requests (one reminded, one escalated); and a
daily trend of the last six months, marked as demo (``FreshnessSnapshot.is_demo``)."""

import datetime as dt
import random

from django.utils import timezone

from wegweiser.catalog.models import Offer
from wegweiser.districts.models import District
from wegweiser.freshness.models import ConfirmationRequest, FreshnessSnapshot, OfferConfirmation
from wegweiser.freshness.periods import months_after, months_before
from wegweiser.freshness.services import confirmation_record
from wegweiser.freshness.snapshots import freshness_snapshot_take

TREND_DAYS = 182
METHODS = [
    OfferConfirmation.Method.LINK,
    OfferConfirmation.Method.PHONE,
    OfferConfirmation.Method.OFFICE,
    OfferConfirmation.Method.LINK,
]


def _last_checked(n: int, today: dt.date, period_start: dt.date) -> tuple[str, dt.date]:
    if n % 13 == 5:  # overdue by two to ten months
        return "overdue", months_before(period_start, 2 + n % 9)
    if n % 7 == 2:  # due within the next four weeks
        return "due_soon", period_start + dt.timedelta(days=3 + n % 25)
    return "current", today - dt.timedelta(days=(n * 37) % 300)


def demo_freshness_load(*, district: District) -> dict[str, int]:
    """Give the (just loaded) demo offers varied confirmation dates, open requests and a trend."""
    rng = random.Random(13)
    today = timezone.localdate()
    now = timezone.now()
    period_start = months_before(today, district.stale_after_months)
    offers = list(Offer.objects.filter(district=district, state=Offer.State.PUBLISHED).order_by("name"))
    counts = {"overdue": 0, "due_soon": 0, "current": 0, "requests": 0}
    for n, offer in enumerate(offers):
        kind, last = _last_checked(n, today, period_start)
        counts[kind] += 1
        published = last - dt.timedelta(days=rng.choice([0, 0, 60, 200]))
        # Published (and so checked) on ``published``, confirmed again on ``last`` if later.
        Offer.objects.filter(pk=offer.pk).update(
            published_at=timezone.make_aware(dt.datetime.combine(published, dt.time(10))),
            assured_date=published,
        )
        OfferConfirmation.objects.filter(offer=offer, method=OfferConfirmation.Method.PUBLICATION).update(
            confirmed_on=published
        )
        if last > published:
            offer.refresh_from_db()
            confirmation_record(
                actor=None,
                offer=offer,
                method=METHODS[n % len(METHODS)],
                on=last,
                email="kontakt@traeger.example.org",
                note="Demo",
            )
        if kind == "due_soon" or (kind == "overdue" and n % 2):
            asked = now - dt.timedelta(days=rng.randint(5, 40))
            ConfirmationRequest.objects.create(
                district=district,
                organisation_id=offer.organisation_id,
                offer=offer,
                due_date=months_after(last, district.stale_after_months),
                requested_at=asked,
                reminded_at=asked + dt.timedelta(days=14) if kind == "overdue" else None,
                escalated_at=asked + dt.timedelta(days=28) if kind == "overdue" and n % 3 == 0 else None,
            )
            counts["requests"] += 1
    _demo_trend(district=district, today=today, published=len(offers), rng=rng)
    freshness_snapshot_take(actor=None, day=today)  # today's figures, measured
    return counts


def _demo_trend(*, district: District, today: dt.date, published: int, rng: random.Random) -> None:
    """An invented daily history of the last six months, rising from about half confirmed to
    today's share; every row is marked as demo."""
    current = Offer.objects.filter(
        district=district, state=Offer.State.PUBLISHED, assured_date__gte=months_before(today, 12)
    ).count()
    rows = []
    for days_back in range(TREND_DAYS, 0, -1):
        day = today - dt.timedelta(days=days_back)
        total = max(1, published - days_back // 30)
        share = 0.5 + (current / max(1, published) - 0.5) * (TREND_DAYS - days_back) / TREND_DAYS
        confirmed = min(total, max(0, round(total * share + rng.uniform(-1.5, 1.5))))
        rows.append(
            FreshnessSnapshot(district=district, day=day, published=total, confirmed=confirmed, is_demo=True)
        )
    FreshnessSnapshot.objects.bulk_create(rows)
