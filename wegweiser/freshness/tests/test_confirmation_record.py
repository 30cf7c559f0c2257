import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from wegweiser.catalog.services.offers import offer_confirm
from wegweiser.freshness.models import ConfirmationRequest, OfferConfirmation


@pytest.mark.django_db
def test_a_phone_confirmation_stamps_the_offer_keeps_history_and_closes_the_open_request(
    make_offer: Callable, editor: Any
) -> None:
    offer = make_offer("Sprachcafé")
    request = ConfirmationRequest.objects.create(
        district=offer.district, organisation=offer.organisation, offer=offer, due_date=dt.date(2027, 1, 1)
    )
    offer_confirm(actor=editor, offer=offer, on=dt.date(2026, 12, 1), method="phone", note="Frau Demo, Tel.")
    offer.refresh_from_db()
    request.refresh_from_db()
    assert offer.assured_date == dt.date(2026, 12, 1) and offer.assurer == editor
    confirmation = OfferConfirmation.objects.get(offer=offer, method="phone")
    assert (confirmation.method, confirmation.user, confirmation.note) == ("phone", editor, "Frau Demo, Tel.")
    assert request.answered_at is not None and request.answer == ConfirmationRequest.Answer.PHONE


@pytest.mark.django_db
def test_a_planner_cannot_confirm(make_offer: Callable, planner: Any) -> None:
    from django.core.exceptions import PermissionDenied

    offer = make_offer("Sprachcafé")
    with pytest.raises(PermissionDenied):
        offer_confirm(actor=planner, offer=offer)
    assert not OfferConfirmation.objects.exclude(method="publication").exists()
