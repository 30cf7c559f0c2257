"""Writing the freshness records. ``confirmation_record`` is the one place that stores a
confirmation: it sets the offer's HSDS ``assured_date``, keeps the history and closes the offer's
open confirmation requests. Permission checks stay with the callers (``offer_confirm`` for staff,
the signed links and the partner portal for providers)."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.catalog.models import Offer
from wegweiser.core.services import update_audited
from wegweiser.districts.services import district_catalog_changed
from wegweiser.freshness.models import ConfirmationRequest, OfferConfirmation

CONFIRMATION_FIELDS = ("assured_date", "assurer", "assurer_email")

_ANSWER_FOR_METHOD: dict[str, str] = {
    OfferConfirmation.Method.LINK: ConfirmationRequest.Answer.CURRENT,
    OfferConfirmation.Method.PORTAL: ConfirmationRequest.Answer.CURRENT,
    OfferConfirmation.Method.PHONE: ConfirmationRequest.Answer.PHONE,
    OfferConfirmation.Method.OFFICE: ConfirmationRequest.Answer.STAFF,
}


@transaction.atomic
def confirmation_record(
    *,
    actor: Any,
    offer: Offer,
    method: str,
    on: dt.date | None = None,
    email: str = "",
    note: str = "",
) -> OfferConfirmation:
    """Record that ``offer``'s information is current as of ``on`` (default: today), confirmed
    by ``actor`` (a user, or None for a provider answering by link, identified by ``email``)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    day = on or timezone.localdate()
    email = email or (getattr(user, "email", "") or "")
    data = {"assured_date": day, "assurer": user, "assurer_email": email}
    update_audited(
        actor=actor, instance=offer, data=data, fields=CONFIRMATION_FIELDS, summary=_("Confirmed as current")
    )
    confirmation = OfferConfirmation.objects.create(
        district_id=offer.district_id,
        offer=offer,
        confirmed_on=day,
        method=method,
        user=user,
        email=email,
        note=note[:500],
    )
    ConfirmationRequest.objects.filter(offer=offer, answered_at__isnull=True).update(
        answered_at=timezone.now(),
        answer=_ANSWER_FOR_METHOD.get(method, ConfirmationRequest.Answer.SUPERSEDED),
        answered_by=user,
        answered_by_email=email,
        updated_at=timezone.now(),
    )
    # The confirmation date is public (offer page, open-data API) and may bring back an offer
    # hidden as overdue: the district's cached catalog views are rebuilt.
    district_catalog_changed(district_ids=[offer.district_id])
    return confirmation
