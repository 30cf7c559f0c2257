"""One indicator of a measure and the actual values entered for it (manual indicators)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import Http404

from wegweiser.access.permissions import PLAN_VIEW
from wegweiser.access.policy import scope
from wegweiser.plans.models import MeasureIndicator, MeasureIndicatorValue


@dataclass(frozen=True)
class EnteredValue:
    date: dt.date
    value: Decimal
    version: int  # the version of the document the value was entered on
    current: bool  # entered on this indicator (not on an earlier version's copy)


def measure_indicator_get(*, actor: Any, district: Any, pk: Any) -> MeasureIndicator:
    """One indicator of a measure of ``district`` the actor may read, with its measure, goal and
    document; 404 otherwise (also for another district's)."""
    queryset = scope(
        actor=actor,
        queryset=MeasureIndicator.objects.filter(measure__goal__document__district=district),
        permission=PLAN_VIEW,
    )
    try:
        return queryset.select_related("measure__goal__document", "planning_indicator").get(pk=pk)
    except (MeasureIndicator.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def indicator_values(*, indicator: MeasureIndicator) -> list[EnteredValue]:
    """The values entered for ``indicator`` and for the copies of it in the other versions of
    its document (same lineage: the monitoring reads them together), newest first. One query."""
    rows = (
        MeasureIndicatorValue.objects.filter(measure_indicator__lineage=indicator.lineage)
        .order_by("-date", "-created_at")
        .values_list(
            "date", "value", "measure_indicator_id", "measure_indicator__measure__goal__document__version"
        )
    )
    seen: set[dt.date] = set()
    result = []
    for date, value, indicator_id, version in rows:
        if date in seen:  # two versions hold a value of the same date: the monitoring takes one
            continue
        seen.add(date)
        result.append(
            EnteredValue(date=date, value=value, version=version, current=indicator_id == indicator.pk)
        )
    return result
