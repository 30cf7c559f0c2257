"""Funding: what a programme pays for a measure per year, a programme's budget and deadlines in
a district, and how long it funds an offer."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wegweiser.access.permissions import PLAN_CHANGE
from wegweiser.access.policy import require
from wegweiser.catalog.models import FundingProgramme, Offer
from wegweiser.core.services import create_audited, delete_audited, update_audited
from wegweiser.core.tenancy import same_district_check
from wegweiser.districts.models import District
from wegweiser.plans.models import Measure, MeasureFunding, OfferFunding, ProgrammeBudget, ProgrammeDeadline
from wegweiser.plans.services.common import period_check, require_document_change


def _money(value: Decimal | None, field: str) -> None:
    if value is not None and value < 0:
        raise ValidationError({field: _("Amounts cannot be negative.")})


@transaction.atomic
def measure_funding_set(
    *,
    actor: Any,
    measure: Measure,
    programme: FundingProgramme,
    year: int,
    amount: Decimal,
    own_share: Decimal = Decimal(0),
) -> MeasureFunding:
    """What ``programme`` pays for ``measure`` in ``year``, and the own share (creates or replaces)."""
    document = measure.goal.document
    require_document_change(actor=actor, document=document)
    same_district_check(district_id=document.district_id, values={"programme": programme})
    _money(amount, "amount")
    _money(own_share, "own_share")
    existing = MeasureFunding.objects.filter(measure=measure, programme=programme, year=year).first()
    if existing is None:
        return create_audited(
            actor=actor,
            instance=MeasureFunding(
                measure=measure, programme=programme, year=year, amount=amount, own_share=own_share
            ),
            target=measure,
            summary=_("Funding %(programme)s %(year)s") % {"programme": programme, "year": year},
        )
    update_audited(
        actor=actor,
        instance=existing,
        data={"amount": amount, "own_share": own_share},
        fields={"amount", "own_share"},
        target=measure,
    )
    return existing


@transaction.atomic
def measure_funding_delete(*, actor: Any, funding: MeasureFunding) -> None:
    require_document_change(actor=actor, document=funding.measure.goal.document)
    delete_audited(actor=actor, instance=funding, target=funding.measure)


@transaction.atomic
def programme_budget_set(
    *, actor: Any, programme: FundingProgramme, district: District, year: int, amount: Decimal
) -> ProgrammeBudget:
    require(actor=actor, permission=PLAN_CHANGE, district=district)
    same_district_check(district_id=district.pk, values={"programme": programme})
    _money(amount, "amount")
    existing = ProgrammeBudget.objects.filter(programme=programme, district=district, year=year).first()
    if existing is None:
        return create_audited(
            actor=actor,
            instance=ProgrammeBudget(programme=programme, district=district, year=year, amount=amount),
        )
    update_audited(actor=actor, instance=existing, data={"amount": amount}, fields={"amount"})
    return existing


@transaction.atomic
def programme_budget_delete(*, actor: Any, budget: ProgrammeBudget) -> None:
    require(actor=actor, permission=PLAN_CHANGE, obj=budget)
    delete_audited(actor=actor, instance=budget)


@transaction.atomic
def programme_deadline_create(
    *, actor: Any, programme: FundingProgramme, district: District, date: dt.date, description: str
) -> ProgrammeDeadline:
    require(actor=actor, permission=PLAN_CHANGE, district=district)
    same_district_check(district_id=district.pk, values={"programme": programme})
    return create_audited(
        actor=actor,
        instance=ProgrammeDeadline(
            programme=programme, district=district, date=date, description=description
        ),
    )


@transaction.atomic
def programme_deadline_delete(*, actor: Any, deadline: ProgrammeDeadline) -> None:
    require(actor=actor, permission=PLAN_CHANGE, obj=deadline)
    delete_audited(actor=actor, instance=deadline)


@transaction.atomic
def offer_funding_set(
    *,
    actor: Any,
    offer: Offer,
    programme: FundingProgramme,
    funded_from: dt.date | None = None,
    funded_until: dt.date | None = None,
    amount_per_year: Decimal | None = None,
) -> OfferFunding:
    """How long (and with how much a year) ``programme`` funds ``offer`` (creates or replaces).
    Funding is kept by reviewers (``PLAN_CHANGE``): editors keep the offer, not who pays for it."""
    require(actor=actor, permission=PLAN_CHANGE, obj=offer)
    same_district_check(district_id=offer.district_id, values={"programme": programme})
    period_check(funded_from, funded_until, field="funded_until")
    _money(amount_per_year, "amount_per_year")
    data = {"funded_from": funded_from, "funded_until": funded_until, "amount_per_year": amount_per_year}
    existing = OfferFunding.objects.filter(offer=offer, programme=programme).first()
    if existing is None:
        return create_audited(actor=actor, instance=OfferFunding(offer=offer, programme=programme, **data))
    update_audited(actor=actor, instance=existing, data=data, fields=set(data))
    return existing


@transaction.atomic
def offer_funding_delete(*, actor: Any, funding: OfferFunding) -> None:
    require(actor=actor, permission=PLAN_CHANGE, obj=funding)
    delete_audited(actor=actor, instance=funding)
