"""Two versions of a document side by side: goals and measures matched by ``lineage``, each
added, changed, dropped or unchanged, with the indicator values at each version's date."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from wegweiser.access.permissions import PLAN_VIEW
from wegweiser.access.policy import require
from wegweiser.plans.models import Goal, Measure, MeasureIndicator, PlanningDocument
from wegweiser.plans.selectors.progress import indicator_actual

ADDED, CHANGED, DROPPED, UNCHANGED = "added", "changed", "dropped", "unchanged"


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class IndicatorAtDates:
    name: str
    unit: str
    old_target: Decimal | None
    new_target: Decimal | None
    old_value: Decimal | None
    old_value_date: dt.date | None
    new_value: Decimal | None
    new_value_date: dt.date | None


@dataclass(frozen=True)
class MeasureChange:
    change: str
    lineage: Any
    old_title: str
    new_title: str
    old_status: str
    new_status: str
    changes: tuple[FieldChange, ...]
    indicators: tuple[IndicatorAtDates, ...]


@dataclass(frozen=True)
class GoalChange:
    change: str
    lineage: Any
    field_of_action: str
    old_title: str
    new_title: str
    changes: tuple[FieldChange, ...]
    measures: tuple[MeasureChange, ...]


@dataclass(frozen=True)
class DocumentComparison:
    old_id: Any
    new_id: Any
    old_date: dt.date
    new_date: dt.date
    goals: tuple[GoalChange, ...]
    counts: dict[str, int]  # measures per change kind

    def count(self, change: str) -> int:
        return self.counts.get(change, 0)


def reference_date(document: PlanningDocument) -> dt.date:
    """The date a version stands for: its decision date, else the start of its period, else
    when it was created."""
    return document.decision_date or document.period_start or document.created_at.date()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _goal_fields(goal: Goal) -> dict[str, str]:
    return {
        _("Title"): goal.title,
        _("Field of action"): goal.field_of_action.name if goal.field_of_action else "",
        _("Description"): goal.description,
    }


def _measure_fields(measure: Measure) -> dict[str, str]:
    return {
        _("Title"): measure.title,
        _("Description"): measure.description,
        _("Status"): str(measure.get_status_display()),
        _("Responsible organisation"): _text(measure.responsible_organisation),
        _("Responsible person"): measure.responsible_person,
        _("Period from"): _text(measure.period_start),
        _("Period until"): _text(measure.period_end),
        _("Target groups"): ", ".join(sorted(t.name for t in measure.target_groups.all())),
        _("Municipalities"): ", ".join(sorted(m.name for m in measure.municipalities.all())),
        _("Offers"): ", ".join(sorted(o.name for o in measure.offers.all())),
        _("Indicator targets"): "; ".join(
            f"{i.name}: {_text(i.target_value)}"
            for i in sorted(measure.indicators.all(), key=lambda i: i.name)
        ),
    }


def _diff(old: dict[str, str], new: dict[str, str]) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(label=k, old=old[k], new=new[k]) for k in old if old[k] != new.get(k))


def _indicators(
    old: Measure | None, new: Measure | None, old_date: dt.date, new_date: dt.date
) -> tuple[IndicatorAtDates, ...]:
    old_items: dict[Any, MeasureIndicator] = {i.lineage: i for i in old.indicators.all()} if old else {}
    new_items: dict[Any, MeasureIndicator] = {i.lineage: i for i in new.indicators.all()} if new else {}
    rows = []
    for lineage in list(old_items) + [k for k in new_items if k not in old_items]:
        o, n = old_items.get(lineage), new_items.get(lineage)
        either = n or o
        assert either is not None
        old_value, old_value_date = indicator_actual(o or either, on=old_date)
        new_value, new_value_date = indicator_actual(n or either, on=new_date)
        rows.append(
            IndicatorAtDates(
                name=either.name,
                unit=either.unit,
                old_target=o.target_value if o else None,
                new_target=n.target_value if n else None,
                old_value=old_value,
                old_value_date=old_value_date,
                new_value=new_value,
                new_value_date=new_value_date,
            )
        )
    return tuple(rows)


def _goals(document: PlanningDocument) -> list[Goal]:
    return list(
        document.goals.select_related("field_of_action")
        .prefetch_related(
            "measures__target_groups",
            "measures__municipalities",
            "measures__offers",
            "measures__responsible_organisation",
            "measures__indicators__measure__goal__document",
        )
        .order_by("position", "title")
    )


def document_compare(*, actor: Any, old: PlanningDocument, new: PlanningDocument) -> DocumentComparison:
    """``new`` against ``old`` (any two documents the actor may read; meant for two versions of
    one chain, whose goals and measures share their lineage)."""
    require(actor=actor, permission=PLAN_VIEW, obj=old)
    require(actor=actor, permission=PLAN_VIEW, obj=new)
    old_date, new_date = reference_date(old), reference_date(new)
    old_goals = {g.lineage: g for g in _goals(old)}
    new_goals = {g.lineage: g for g in _goals(new)}
    counts: dict[str, int] = {ADDED: 0, CHANGED: 0, DROPPED: 0, UNCHANGED: 0}
    goal_rows = []
    order = [k for k in new_goals] + [k for k in old_goals if k not in new_goals]
    for lineage in order:
        og, ng = old_goals.get(lineage), new_goals.get(lineage)
        old_measures = {m.lineage: m for m in og.measures.all()} if og else {}
        new_measures = {m.lineage: m for m in ng.measures.all()} if ng else {}
        measure_rows = []
        for m_lineage in [k for k in new_measures] + [k for k in old_measures if k not in new_measures]:
            om, nm = old_measures.get(m_lineage), new_measures.get(m_lineage)
            if om and nm:
                changes = _diff(_measure_fields(om), _measure_fields(nm))
                change = CHANGED if changes else UNCHANGED
            else:
                changes = ()
                change = ADDED if nm else DROPPED
            counts[change] += 1
            measure_rows.append(
                MeasureChange(
                    change=change,
                    lineage=m_lineage,
                    old_title=om.title if om else "",
                    new_title=nm.title if nm else "",
                    old_status=str(om.get_status_display()) if om else "",
                    new_status=str(nm.get_status_display()) if nm else "",
                    changes=changes,
                    indicators=_indicators(om, nm, old_date, new_date),
                )
            )
        if og and ng:
            goal_changes = _diff(_goal_fields(og), _goal_fields(ng))
            goal_change = (
                CHANGED if goal_changes or any(m.change != UNCHANGED for m in measure_rows) else UNCHANGED
            )
        else:
            goal_changes = ()
            goal_change = ADDED if ng else DROPPED
        either = ng or og
        assert either is not None
        goal_rows.append(
            GoalChange(
                change=goal_change,
                lineage=lineage,
                field_of_action=either.field_of_action.name if either.field_of_action else "",
                old_title=og.title if og else "",
                new_title=ng.title if ng else "",
                changes=goal_changes,
                measures=tuple(measure_rows),
            )
        )
    return DocumentComparison(
        old_id=old.pk,
        new_id=new.pk,
        old_date=old_date,
        new_date=new_date,
        goals=tuple(goal_rows),
        counts=counts,
    )
