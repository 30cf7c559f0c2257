"""Who funds what: totals per programme and year, and the offers whose funding ends.

Which measures count: those of the *current* documents of a district, i.e. not superseded and not
a draft Fortschreibung of another version (its measures are copies of the adopted version's and
would otherwise be counted twice)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from wegweiser.access.permissions import PLAN_VIEW
from wegweiser.access.policy import scope
from wegweiser.catalog.models import FundingProgramme, Offer
from wegweiser.plans.models import Measure, MeasureFunding, OfferFunding, PlanningDocument, ProgrammeBudget

CURRENT_DOCUMENT = ~Q(status=PlanningDocument.Status.SUPERSEDED) & ~Q(
    status=PlanningDocument.Status.DRAFT, previous__isnull=False
)


def current_documents(district: Any) -> QuerySet[PlanningDocument]:
    return PlanningDocument.objects.filter(CURRENT_DOCUMENT, district=district)


@dataclass(frozen=True)
class FundingTotalRow:
    programme_id: Any
    programme: str
    funder: str
    year: int
    amount: Decimal
    own_share: Decimal
    budget: Decimal | None
    measures: int
    offers: int
    offer_amount: Decimal  # sum of OfferFunding.amount_per_year running in that year (not in ``amount``)


@dataclass(frozen=True)
class YearTotal:
    year: int
    amount: Decimal
    own_share: Decimal
    budget: Decimal


@dataclass(frozen=True)
class FundingTotals:
    rows: tuple[FundingTotalRow, ...]
    years: tuple[int, ...]
    by_year: tuple[YearTotal, ...]
    amount: Decimal
    own_share: Decimal


def _programmes(*, actor: Any, district: Any) -> QuerySet[FundingProgramme]:
    queryset = FundingProgramme.objects.filter(Q(district=district) | Q(district__isnull=True))
    return scope(actor=actor, queryset=queryset, permission=PLAN_VIEW)


def _runs_in(start: dt.date | None, end: dt.date | None, year: int) -> bool:
    return (start is None or start <= dt.date(year, 12, 31)) and (end is None or end >= dt.date(year, 1, 1))


def funding_totals(*, actor: Any, district: Any, year_from: int, year_to: int) -> FundingTotals:
    """Per programme and year: what the programme pays for the district's measures, the own share,
    the budget, how many measures and offers it funds (offers of funded measures plus offers with
    an ``OfferFunding`` running that year) and the yearly amounts of those offer fundings."""
    years = tuple(range(year_from, year_to + 1))
    programmes = {p.pk: p for p in _programmes(actor=actor, district=district)}
    funding = scope(
        actor=actor,
        queryset=MeasureFunding.objects.filter(
            measure__goal__document__in=current_documents(district),
            year__in=years,
            programme_id__in=programmes,
        ),
        permission=PLAN_VIEW,
    ).values_list("programme_id", "year", "amount", "own_share", "measure_id")
    amount: dict[tuple[Any, int], Decimal] = defaultdict(Decimal)
    own: dict[tuple[Any, int], Decimal] = defaultdict(Decimal)
    measures: dict[tuple[Any, int], set[Any]] = defaultdict(set)
    for programme_id, year, value, own_share, measure_id in funding:
        amount[programme_id, year] += value
        own[programme_id, year] += own_share
        measures[programme_id, year].add(measure_id)
    measure_offers: dict[Any, set[Any]] = defaultdict(set)
    all_measures = set().union(*measures.values()) if measures else set()
    for measure_id, offer_id in Measure.offers.through.objects.filter(
        measure_id__in=all_measures
    ).values_list("measure_id", "offer_id"):
        measure_offers[measure_id].add(offer_id)
    offers: dict[tuple[Any, int], set[Any]] = defaultdict(set)
    for key, ids in measures.items():
        for measure_id in ids:
            offers[key] |= measure_offers[measure_id]
    offer_amount: dict[tuple[Any, int], Decimal] = defaultdict(Decimal)
    offer_funding = OfferFunding.objects.filter(
        offer__district=district, programme_id__in=programmes
    ).values_list("programme_id", "offer_id", "funded_from", "funded_until", "amount_per_year")
    for programme_id, offer_id, start, end, per_year in scope(
        actor=actor, queryset=offer_funding, permission=PLAN_VIEW
    ):
        for year in years:
            if _runs_in(start, end, year):
                offers[programme_id, year].add(offer_id)
                offer_amount[programme_id, year] += per_year or Decimal(0)
    budgets = {
        (programme_id, year): value
        for programme_id, year, value in ProgrammeBudget.objects.filter(
            district=district, year__in=years, programme_id__in=programmes
        ).values_list("programme_id", "year", "amount")
    }
    keys = set(amount) | set(offers) | set(budgets)
    rows = []
    for programme_id, year in sorted(keys, key=lambda k: (str(programmes[k[0]]).lower(), k[1])):
        programme = programmes[programme_id]
        key = (programme_id, year)
        rows.append(
            FundingTotalRow(
                programme_id=programme_id,
                programme=str(programme),
                funder=str(programme.get_funder_display()),
                year=year,
                amount=amount.get(key, Decimal(0)),
                own_share=own.get(key, Decimal(0)),
                budget=budgets.get(key),
                measures=len(measures.get(key, ())),
                offers=len(offers.get(key, ())),
                offer_amount=offer_amount.get(key, Decimal(0)),
            )
        )
    by_year = tuple(
        YearTotal(
            year=year,
            amount=sum((r.amount for r in rows if r.year == year), Decimal(0)),
            own_share=sum((r.own_share for r in rows if r.year == year), Decimal(0)),
            budget=sum((r.budget or Decimal(0) for r in rows if r.year == year), Decimal(0)),
        )
        for year in years
    )
    return FundingTotals(
        rows=tuple(rows),
        years=years,
        by_year=by_year,
        amount=sum((r.amount for r in rows), Decimal(0)),
        own_share=sum((r.own_share for r in rows), Decimal(0)),
    )


@dataclass(frozen=True)
class EndingFundingRow:
    offer_id: Any
    offer: str
    organisation: str
    programme_id: Any
    programme: str
    funded_until: dt.date
    amount_per_year: Decimal | None
    from_programme_period: bool  # True: no OfferFunding row, the programme's period end counts
    measures: tuple[str, ...]
    continuing: tuple[str, ...]  # other programmes that still fund the offer after ``end``

    @property
    def falls_away(self) -> bool:
        """No other programme funds the offer after the period."""
        return not self.continuing


def funding_ending(
    *, actor: Any, district: Any, start: dt.date, end: dt.date, programme: FundingProgramme | None = None
) -> list[EndingFundingRow]:
    """The district's offers (not archived) whose funding by a programme ends between ``start``
    and ``end`` (inclusive), by end date. The end is the ``OfferFunding.funded_until`` or, for a
    programme an offer names without such a row, the programme's ``period_end``."""
    offers = scope(
        actor=actor,
        queryset=Offer.objects.filter(district=district).exclude(state=Offer.State.ARCHIVED),
        permission=PLAN_VIEW,
        path="district",
    )
    programmes = {p.pk: p for p in _programmes(actor=actor, district=district)}
    ends: dict[tuple[Any, Any], tuple[dt.date | None, Decimal | None, bool]] = {}
    for offer_id, programme_id, until, per_year in OfferFunding.objects.filter(
        offer__in=offers, programme_id__in=programmes
    ).values_list("offer_id", "programme_id", "funded_until", "amount_per_year"):
        ends[offer_id, programme_id] = (until, per_year, False)
    for offer_id, programme_id in Offer.funding_programmes.through.objects.filter(
        offer__in=offers, fundingprogramme_id__in=programmes
    ).values_list("offer_id", "fundingprogramme_id"):
        ends.setdefault((offer_id, programme_id), (programmes[programme_id].period_end, None, True))
    hits = [
        (offer_id, programme_id, until, per_year, derived)
        for (offer_id, programme_id), (until, per_year, derived) in ends.items()
        if until is not None and start <= until <= end and (programme is None or programme_id == programme.pk)
    ]
    offer_ids = {hit[0] for hit in hits}
    names = {
        o.pk: (o.name, str(o.organisation))
        for o in Offer.objects.filter(pk__in=offer_ids).select_related("organisation")
    }
    measure_titles: dict[Any, list[str]] = defaultdict(list)
    for offer_id, title in (
        Measure.offers.through.objects.filter(
            offer_id__in=offer_ids, measure__goal__document__in=current_documents(district)
        )
        .order_by("measure__title")
        .values_list("offer_id", "measure__title")
    ):
        measure_titles[offer_id].append(title)
    rows = []
    for offer_id, programme_id, until, per_year, derived in hits:
        continuing = tuple(
            sorted(
                str(programmes[other])
                for (o, other), (other_until, _, _) in ends.items()
                if o == offer_id and other != programme_id and (other_until is None or other_until > end)
            )
        )
        rows.append(
            EndingFundingRow(
                offer_id=offer_id,
                offer=names[offer_id][0],
                organisation=names[offer_id][1],
                programme_id=programme_id,
                programme=str(programmes[programme_id]),
                funded_until=until,
                amount_per_year=per_year,
                from_programme_period=derived,
                measures=tuple(measure_titles.get(offer_id, ())),
                continuing=continuing,
            )
        )
    rows.sort(key=lambda r: (r.funded_until, r.offer.lower(), r.programme))
    return rows


@dataclass(frozen=True)
class OfferPlanLink:
    measure_id: Any
    measure: str
    status_label: str
    goal: str
    document_id: Any
    document: str
    decision: str  # "Beschluss 712/18 (Kreistag, 12.03.2018)" or ""
    document_status: str


def offer_plan_links(*, actor: Any, offer: Offer) -> list[OfferPlanLink]:
    """The measures (and so goals, documents and decisions) an offer serves, newest document first."""
    queryset = scope(
        actor=actor, queryset=Measure.objects.filter(offers=offer), permission=PLAN_VIEW
    ).select_related("goal__document")
    links = []
    for measure in queryset.order_by("-goal__document__decision_date", "goal__document__title", "title"):
        document = measure.goal.document
        parts = [document.get_adopted_by_display()] if document.adopted_by else []
        if document.decision_date:
            parts.append(document.decision_date.strftime("%d.%m.%Y"))
        decision = ""
        if document.decision_number:
            decision = document.decision_number + (f" ({', '.join(str(p) for p in parts)})" if parts else "")
        links.append(
            OfferPlanLink(
                measure_id=measure.pk,
                measure=measure.title,
                status_label=str(measure.get_status_display()),
                goal=measure.goal.title,
                document_id=document.pk,
                document=f"{document.title} (v{document.version})",
                decision=decision,
                document_status=str(document.get_status_display()),
            )
        )
    return links
