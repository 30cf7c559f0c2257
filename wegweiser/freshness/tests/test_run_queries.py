"""The number of queries of a run does not depend on the number of offers: 20 and 200 offers of
the same 10 organisations take the same queries (only the batched INSERTs may split, on SQLite
after ~60 rows; see ``runs.BATCH``)."""

import datetime as dt
import math
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wegweiser.catalog.models import Offer
from wegweiser.catalog.tests.factories import OrganisationFactory
from wegweiser.freshness.services.runs import confirmations_run
from wegweiser.freshness.tests.conftest import Smtp, at

pytestmark = pytest.mark.django_db


def _catalog(district: Any, offers: int, organisations: int = 10) -> None:
    owners = [
        OrganisationFactory(district=district, name=f"Träger {i} (Demo)", email=f"traeger{i}@example.org")
        for i in range(organisations)
    ]
    published = timezone.make_aware(dt.datetime(2026, 1, 10, 9))
    Offer.objects.bulk_create(
        [
            Offer(
                district=district,
                organisation=owners[i % organisations],
                name=f"Angebot {i}",
                slug=f"angebot-{i}",
                short_description="Demo",
                state=Offer.State.PUBLISHED,
                published_at=published,
            )
            for i in range(offers)
        ]
    )


def _run(when: dt.datetime, district: Any) -> tuple[int, int]:
    """(queries other than INSERT, INSERTs) of one run at ``when``."""
    with time_machine.travel(when, tick=False), CaptureQueriesContext(connection) as queries:
        confirmations_run(district=district)
    inserts = sum(1 for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("INSERT"))
    return len(queries.captured_queries) - inserts, inserts


def _cycle(district: Any) -> dict[str, tuple[int, int]]:
    return {
        "asked": _run(at(2026, 12, 14), district),
        "reminded": _run(at(2026, 12, 28), district),
        "escalated": _run(at(2027, 1, 11), district),
    }


def test_query_count_of_a_run_is_the_same_for_20_and_200_offers(
    office: Any, other_district: Any, smtp: Smtp
) -> None:
    other_district.office_email = "integration@eichsfeld.example.org"
    other_district.save()
    _catalog(office, 20)
    _catalog(other_district, 200)
    small, large = _cycle(office), _cycle(other_district)
    assert len(smtp.messages) == 2 * (10 + 10 + 1)
    assert {k: v[0] for k, v in small.items()} == {k: v[0] for k, v in large.items()}
    # The INSERTs (requests, e-mails, the e-mails' offer lists) come in batches of many rows.
    assert large["asked"][1] <= 3 * math.ceil(200 / 50)
