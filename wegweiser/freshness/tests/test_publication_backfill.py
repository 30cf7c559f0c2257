"""Migration 0003: published offers without a confirmation date get their publication day."""

import datetime as dt
import importlib
from collections.abc import Callable

import pytest
from django.apps import apps
from django.utils import timezone

from wegweiser.catalog.models import Offer
from wegweiser.freshness.models import OfferConfirmation

backfill = importlib.import_module("wegweiser.freshness.migrations.0003_publication_counts_as_checked")


@pytest.mark.django_db
def test_published_offers_without_a_date_count_as_checked_on_their_publication_day(
    make_offer: Callable,
) -> None:
    published_long_ago = make_offer("Alt veröffentlicht")
    confirmed = make_offer("Bestätigt")
    draft = make_offer("Entwurf", publish=False)
    OfferConfirmation.objects.all().delete()
    when = timezone.make_aware(dt.datetime(2024, 5, 6, 23, 30))
    Offer.objects.filter(pk=published_long_ago.pk).update(assured_date=None, published_at=when)
    Offer.objects.filter(pk=confirmed.pk).update(assured_date=dt.date(2026, 1, 2))

    backfill.forwards(apps, None)

    published_long_ago.refresh_from_db()
    confirmed.refresh_from_db()
    draft.refresh_from_db()
    assert published_long_ago.assured_date == timezone.localdate(when)
    assert confirmed.assured_date == dt.date(2026, 1, 2) and draft.assured_date is None
    entry = OfferConfirmation.objects.get()
    assert (entry.offer_id, entry.method, entry.confirmed_on) == (
        published_long_ago.pk,
        "publication",
        timezone.localdate(when),
    )
