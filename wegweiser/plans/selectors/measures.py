"""The measures table: one row per measure of a district (or of one document)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from wegweiser.access.permissions import PLAN_VIEW
from wegweiser.access.policy import scope
from wegweiser.plans.models import Measure, MeasureStatusReport, PlanningDocument


@dataclass(frozen=True)
class MeasureRow:
    id: Any
    lineage: Any
    document_id: Any
    document_title: str
    decision_number: str
    field_of_action: str
    goal_id: Any
    goal_title: str
    title: str
    description: str
    status: str
    status_label: str
    responsible_organisation: str
    responsible_person: str
    period_start: dt.date | None
    period_end: dt.date | None
    target_groups: tuple[str, ...]
    municipalities: tuple[str, ...]
    offers: tuple[str, ...]
    funding_amount: Decimal
    funding_own_share: Decimal
    programmes: tuple[str, ...]
    last_report_on: dt.date | None
    last_report_text: str


def measures_table(
    *, actor: Any, district: Any, document: PlanningDocument | None = None
) -> list[MeasureRow]:
    """The measures of ``district`` (of ``document`` if given) the actor may read, in document,
    goal and measure order. A constant number of queries however many measures there are."""
    queryset = Measure.objects.filter(goal__document__district=district)
    if document is not None:
        queryset = queryset.filter(goal__document=document)
    queryset = (
        scope(actor=actor, queryset=queryset, permission=PLAN_VIEW)
        .select_related("goal__document", "goal__field_of_action", "responsible_organisation")
        .prefetch_related(
            "target_groups",
            "municipalities",
            "offers",
            "funding__programme",
            Prefetch(
                "status_reports", queryset=MeasureStatusReport.objects.order_by("-reported_on", "-created_at")
            ),
        )
        .order_by(
            "-goal__document__decision_date",
            "goal__document__title",
            "goal__position",
            "goal__title",
            "position",
            "title",
        )
    )
    rows = []
    for measure in queryset:
        goal = measure.goal
        reports = list(measure.status_reports.all())
        funding = list(measure.funding.all())
        rows.append(
            MeasureRow(
                id=measure.pk,
                lineage=measure.lineage,
                document_id=goal.document_id,
                document_title=goal.document.title,
                decision_number=goal.document.decision_number,
                field_of_action=goal.field_of_action.name if goal.field_of_action else "",
                goal_id=goal.pk,
                goal_title=goal.title,
                title=measure.title,
                description=measure.description,
                status=measure.status,
                status_label=str(measure.get_status_display()),
                responsible_organisation=str(measure.responsible_organisation or ""),
                responsible_person=measure.responsible_person,
                period_start=measure.period_start,
                period_end=measure.period_end,
                target_groups=tuple(t.name for t in measure.target_groups.all()),
                municipalities=tuple(sorted(m.name for m in measure.municipalities.all())),
                offers=tuple(sorted(o.name for o in measure.offers.all())),
                funding_amount=sum((f.amount for f in funding), Decimal(0)),
                funding_own_share=sum((f.own_share for f in funding), Decimal(0)),
                programmes=tuple(sorted({str(f.programme) for f in funding})),
                last_report_on=reports[0].reported_on if reports else None,
                last_report_text=reports[0].text if reports else "",
            )
        )
    return rows
