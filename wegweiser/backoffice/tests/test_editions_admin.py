"""Back-office lists of the publishing domain: constant number of queries."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wegweiser.publishing.models import Delivery, Dispatch, Edition, Recipient, RecipientList


def _dispatches(district: Any, count: int) -> None:
    edition = Edition.objects.create(
        district=district, number=Edition.objects.count() + 1, title="K", language_id="de", state="released"
    )
    for n in range(count):
        recipients = RecipientList.objects.create(district=district, name=f"Liste {edition.number}-{n}")
        dispatch = Dispatch.objects.create(
            edition=edition, recipient_list=recipients, subject="Betreff", body="Text"
        )
        for i, state in enumerate(["sent", "failed", "pending"]):
            recipient = Recipient.objects.create(
                recipient_list=recipients, name="X", email=f"{n}-{i}@example.org"
            )
            Delivery.objects.create(
                dispatch=dispatch,
                edition=edition,
                recipient=recipient,
                name="X",
                email=recipient.email,
                state=state,
            )


@pytest.mark.django_db
def test_dispatch_log_list_needs_the_same_queries_for_one_or_many_dispatches(
    client: Client, district: Any, reviewer: Any
) -> None:
    client.force_login(reviewer)
    _dispatches(district, 1)
    with CaptureQueriesContext(connection) as one:
        page = client.get("/admin/publishing/dispatch/")
    assert "gesendet: 1" in page.content.decode() and "fehlgeschlagen: 1" in page.content.decode()
    _dispatches(district, 5)
    with CaptureQueriesContext(connection) as six:
        assert client.get("/admin/publishing/dispatch/").status_code == 200
    assert len(six) == len(one)
