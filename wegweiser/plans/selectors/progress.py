"""Monitoring: how far a document's measures have come, per field of action and goal, and the
actual values of their indicators (entered, from a planning indicator, or counted in the catalog)."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum

from wegweiser.access.permissions import PLAN_VIEW
from wegweiser.access.policy import require
from wegweiser.catalog.models import Offer
from wegweiser.planning.models import IndicatorValue
from wegweiser.plans.models import (
    Measure,
    MeasureIndicator,
    MeasureIndicatorValue,
    MeasureStatus,
    PlanningDocument,
)
from wegweiser.plans.selectors.measures import latest_reports

STATUS_ORDER = [s.value for s in MeasureStatus]


@dataclass(frozen=True)
class IndicatorProgress:
    id: Any
    lineage: Any
    name: str
    unit: str
    source: str
    source_label: str
    baseline_value: Decimal | None
    baseline_date: dt.date | None
    target_value: Decimal | None
    target_date: dt.date | None
    actual_value: Decimal | None
    actual_date: dt.date | None
    reached: bool | None  # None: no target or no actual value yet
    percent: int | None  # share of the way from baseline to target, 0..100


@dataclass(frozen=True)
class MeasureProgress:
    id: Any
    title: str
    status: str
    status_label: str
    last_report_on: dt.date | None
    indicators: tuple[IndicatorProgress, ...]


@dataclass(frozen=True)
class GoalProgress:
    id: Any
    title: str
    measures: tuple[MeasureProgress, ...]
    status_counts: tuple[tuple[str, str, int], ...]  # (status, label, count) in status order
    targets_reached: int
    targets_total: int


@dataclass(frozen=True)
class FieldProgress:
    name: str
    goals: tuple[GoalProgress, ...]
    status_counts: tuple[tuple[str, str, int], ...]
    measures: int
    done: int
    targets_reached: int
    targets_total: int


@dataclass(frozen=True)
class DocumentProgress:
    document_id: Any
    fields: tuple[FieldProgress, ...]
    status_counts: tuple[tuple[str, str, int], ...]
    measures: int
    done: int
    targets_reached: int
    targets_total: int


def _counts(statuses: list[str]) -> tuple[tuple[str, str, int], ...]:
    counter = Counter(statuses)
    return tuple((s.value, str(s.label), counter.get(s.value, 0)) for s in MeasureStatus)


def _catalog_count(indicator: MeasureIndicator, district_id: Any, measure: Measure) -> int:
    """Published, running offers of the district matching the indicator's ``catalog_filter``."""
    spec = indicator.catalog_filter or {}
    queryset = Offer.objects.filter(district_id=district_id, state=Offer.State.PUBLISHED).exclude(
        status=Offer.Status.DEFUNCT
    )
    for key in ("field_of_action", "target_group", "kind"):
        if spec.get(key):
            queryset = queryset.filter(terms__taxonomy__role=key, terms__slug=spec[key])
    if spec.get("language"):
        queryset = queryset.filter(languages__code=spec["language"])
    kinds = spec.get("municipality_kind")
    if kinds:
        kinds = [kinds] if isinstance(kinds, str) else list(kinds)
        queryset = queryset.filter(municipalities__kind__in=kinds)
    if spec.get("municipalities") == "measure":
        queryset = queryset.filter(
            Q(municipalities__in=measure.municipalities.all()) | Q(serves_whole_district=True)
        )
    if spec.get("funding_programme"):
        queryset = queryset.filter(funding_programmes__slug=spec["funding_programme"])
    return queryset.distinct().count()


def indicator_actual(
    indicator: MeasureIndicator, *, on: dt.date | None = None
) -> tuple[Decimal | None, dt.date | None]:
    """The latest actual value of ``indicator`` on or before ``on`` (today if None), and its date.
    Manual: the entered values of every indicator of the same lineage (so a Fortschreibung sees the
    values entered before it; of two values of one date the later entry counts). Planning: the
    planning indicator's value of the latest date, summed over the measure's municipalities (when
    it names none: the district-wide value, else the sum over all municipalities).
    Catalog: the number of offers the catalog holds now (no history: only for ``on`` today)."""
    measure = indicator.measure
    if indicator.source == MeasureIndicator.Source.MANUAL:
        entered = MeasureIndicatorValue.objects.filter(measure_indicator__lineage=indicator.lineage)
        if on is not None:
            entered = entered.filter(date__lte=on)
        latest = entered.order_by("-date", "-created_at").first()  # a later entry corrects
        return (latest.value, latest.date) if latest else (None, None)
    if indicator.source == MeasureIndicator.Source.PLANNING:
        if indicator.planning_indicator_id is None:
            return None, None
        values = IndicatorValue.objects.filter(indicator_id=indicator.planning_indicator_id, breakdown="")
        if on is not None:
            values = values.filter(date__lte=on)
        municipalities = list(measure.municipalities.values_list("pk", flat=True))
        if municipalities:
            values = values.filter(municipality_id__in=municipalities)
        elif values.filter(municipality__isnull=True).exists():
            values = values.filter(municipality__isnull=True)  # the district-wide value
        # else: the sum over all municipalities of the district
        latest_date = values.order_by("-date").values_list("date", flat=True).first()
        if latest_date is None:
            return None, None
        total = values.filter(date=latest_date).aggregate(total=Sum("value"))["total"]
        return total, latest_date
    if on is not None and on < dt.date.today():
        return None, None
    return Decimal(_catalog_count(indicator, measure.goal.document.district_id, measure)), dt.date.today()


def _reached(
    baseline: Decimal | None, target: Decimal | None, actual: Decimal | None
) -> tuple[bool | None, int | None]:
    if target is None or actual is None:
        return None, None
    rising = baseline is None or target >= baseline
    reached = actual >= target if rising else actual <= target
    if baseline is None or baseline == target:
        return reached, 100 if reached else None
    share = (actual - baseline) / (target - baseline) * 100
    return reached, int(max(Decimal(0), min(Decimal(100), share)))


def indicator_progress(indicator: MeasureIndicator, *, on: dt.date | None = None) -> IndicatorProgress:
    actual, actual_date = indicator_actual(indicator, on=on)
    reached, percent = _reached(indicator.baseline_value, indicator.target_value, actual)
    return IndicatorProgress(
        id=indicator.pk,
        lineage=indicator.lineage,
        name=indicator.name,
        unit=indicator.unit,
        source=indicator.source,
        source_label=str(indicator.get_source_display()),
        baseline_value=indicator.baseline_value,
        baseline_date=indicator.baseline_date,
        target_value=indicator.target_value,
        target_date=indicator.target_date,
        actual_value=actual,
        actual_date=actual_date,
        reached=reached,
        percent=percent,
    )


def document_progress(*, actor: Any, document: PlanningDocument) -> DocumentProgress:
    """Progress of ``document``: per field of action (in vocabulary order, goals without one
    last) and goal, the status of its measures and how many indicator targets are reached."""
    require(actor=actor, permission=PLAN_VIEW, obj=document)
    measures = (
        Measure.objects.filter(goal__document=document)
        .select_related("goal__field_of_action", "goal__document")
        .prefetch_related("indicators__measure__goal__document", "municipalities")
        .order_by("position", "title")
    )
    latest = latest_reports(lineages={m.lineage for m in measures})
    by_goal: dict[Any, list[Measure]] = {}
    for measure in measures:
        by_goal.setdefault(measure.goal_id, []).append(measure)
    goals = document.goals.select_related("field_of_action").order_by("position", "title")
    fields: dict[Any, tuple[str, int, list[GoalProgress]]] = {}
    for goal in goals:
        measure_rows = []
        for measure in by_goal.get(goal.pk, []):
            report = latest.get(measure.lineage)
            measure_rows.append(
                MeasureProgress(
                    id=measure.pk,
                    title=measure.title,
                    status=measure.status,
                    status_label=str(measure.get_status_display()),
                    last_report_on=report.reported_on if report else None,
                    indicators=tuple(indicator_progress(i) for i in measure.indicators.all()),
                )
            )
        indicators = [i for m in measure_rows for i in m.indicators]
        progress = GoalProgress(
            id=goal.pk,
            title=goal.title,
            measures=tuple(measure_rows),
            status_counts=_counts([m.status for m in measure_rows]),
            targets_reached=sum(1 for i in indicators if i.reached),
            targets_total=sum(1 for i in indicators if i.target_value is not None),
        )
        term = goal.field_of_action
        key = term.pk if term else None
        order = term.sort_order if term else 10**6
        fields.setdefault(key, (term.name if term else "", order, []))[2].append(progress)
    field_rows = []
    for name, _order, goal_rows in sorted(fields.values(), key=lambda f: (f[1], f[0])):
        statuses = [m.status for g in goal_rows for m in g.measures]
        field_rows.append(
            FieldProgress(
                name=name,
                goals=tuple(goal_rows),
                status_counts=_counts(statuses),
                measures=len(statuses),
                done=statuses.count(MeasureStatus.DONE),
                targets_reached=sum(g.targets_reached for g in goal_rows),
                targets_total=sum(g.targets_total for g in goal_rows),
            )
        )
    statuses = [m.status for f in field_rows for g in f.goals for m in g.measures]
    return DocumentProgress(
        document_id=document.pk,
        fields=tuple(field_rows),
        status_counts=_counts(statuses),
        measures=len(statuses),
        done=statuses.count(MeasureStatus.DONE),
        targets_reached=sum(f.targets_reached for f in field_rows),
        targets_total=sum(f.targets_total for f in field_rows),
    )
