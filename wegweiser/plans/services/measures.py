"""Measures, their dated status reports and their indicators."""

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from wegweiser.catalog.models import TaxonomyTerm
from wegweiser.core.services import create_audited, delete_audited, update_audited
from wegweiser.core.tenancy import same_district_check
from wegweiser.plans.models import (
    Goal,
    Measure,
    MeasureIndicator,
    MeasureIndicatorValue,
    MeasureStatus,
    MeasureStatusReport,
)
from wegweiser.plans.services.common import period_check, require_document_change

FIELDS = frozenset(
    {
        "title",
        "description",
        "responsible_organisation",
        "responsible_person",
        "period_start",
        "period_end",
        "status",
        "position",
    }
)
M2M = frozenset({"target_groups", "municipalities", "offers"})
INDICATOR_FIELDS = frozenset(
    {
        "name",
        "unit",
        "source",
        "planning_indicator",
        "catalog_filter",
        "baseline_value",
        "baseline_date",
        "target_value",
        "target_date",
    }
)


def _split(data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    unknown = set(data) - FIELDS - M2M
    if unknown:
        raise ValueError(f"Unknown measure fields: {sorted(unknown)}")
    fields = {k: v for k, v in data.items() if k in FIELDS}
    m2m = {k: list(v) for k, v in data.items() if k in M2M}
    return fields, m2m


def _check(
    *, district_id: Any, fields: Mapping[str, Any], m2m: Mapping[str, Iterable[Any]], measure: Any
) -> None:
    same_district_check(district_id=district_id, values={**fields, **m2m})
    groups = m2m.get("target_groups") or []
    if any(isinstance(t, TaxonomyTerm) and t.taxonomy.role != "target_group" for t in groups):
        raise ValidationError({"target_groups": _("Choose terms of the target group vocabulary.")})
    period_check(
        fields.get("period_start", getattr(measure, "period_start", None)),
        fields.get("period_end", getattr(measure, "period_end", None)),
    )


@transaction.atomic
def measure_create(*, actor: Any, goal: Goal, data: Mapping[str, Any]) -> Measure:
    document = goal.document
    require_document_change(actor=actor, document=document)
    fields, m2m = _split(data)
    _check(district_id=document.district_id, fields=fields, m2m=m2m, measure=None)
    return create_audited(actor=actor, instance=Measure(goal=goal, **fields), m2m=m2m)


@transaction.atomic
def measure_update(
    *, actor: Any, measure: Measure, data: Mapping[str, Any], expected_version: int | None = None
) -> dict[str, list[str]]:
    document = measure.goal.document
    require_document_change(actor=actor, document=document)
    fields, m2m = _split(data)
    _check(district_id=document.district_id, fields=fields, m2m=m2m, measure=measure)
    return update_audited(
        actor=actor,
        instance=measure,
        data=fields,
        m2m=m2m,
        fields=FIELDS | M2M,
        expected_version=expected_version,
    )


@transaction.atomic
def measure_delete(*, actor: Any, measure: Measure) -> None:
    require_document_change(actor=actor, document=measure.goal.document)
    delete_audited(actor=actor, instance=measure, target=measure.goal)


@transaction.atomic
def measure_status_report(
    *,
    actor: Any,
    measure: Measure,
    reported_on: dt.date,
    status: str,
    text: str = "",
) -> MeasureStatusReport:
    """Add a dated status report. The measure takes its status from its newest report: a report
    dated before the newest one fills in the history without changing the current status."""
    require_document_change(actor=actor, document=measure.goal.document)
    if status not in MeasureStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if reported_on > dt.date.today():
        raise ValidationError({"reported_on": _("A status report cannot be dated in the future.")})
    newest = measure.status_reports.order_by("-reported_on", "-created_at").first()
    report = create_audited(
        actor=actor,
        instance=MeasureStatusReport(
            measure=measure,
            reported_on=reported_on,
            status=status,
            text=text,
            author=actor if getattr(actor, "is_authenticated", False) else None,
        ),
        target=measure,
        summary=_("Status report of %(date)s: %(status)s")
        % {"date": reported_on.strftime("%d.%m.%Y"), "status": MeasureStatus(status).label},
    )
    if (newest is None or reported_on >= newest.reported_on) and measure.status != status:
        measure.refresh_from_db()
        update_audited(actor=actor, instance=measure, data={"status": status}, fields={"status"})
    return report


def _indicator_check(*, measure: Measure, data: Mapping[str, Any], indicator: Any = None) -> None:
    unknown = set(data) - INDICATOR_FIELDS
    if unknown:
        raise ValueError(f"Unknown indicator fields: {sorted(unknown)}")
    source = data.get("source", getattr(indicator, "source", MeasureIndicator.Source.MANUAL))
    planning = data.get("planning_indicator", getattr(indicator, "planning_indicator", None))
    if source == MeasureIndicator.Source.PLANNING and planning is None:
        raise ValidationError(
            {"planning_indicator": _("Choose the planning indicator the values come from.")}
        )
    if not isinstance(data.get("catalog_filter", {}), dict):
        raise ValidationError({"catalog_filter": _("The catalog filter must be a JSON object.")})
    same_district_check(district_id=measure.goal.document.district_id, values=dict(data))


@transaction.atomic
def measure_indicator_create(*, actor: Any, measure: Measure, data: Mapping[str, Any]) -> MeasureIndicator:
    require_document_change(actor=actor, document=measure.goal.document)
    _indicator_check(measure=measure, data=data)
    return create_audited(
        actor=actor,
        instance=MeasureIndicator(measure=measure, **data),
        target=measure,
        summary=str(data.get("name", "")),
    )


@transaction.atomic
def measure_indicator_update(
    *, actor: Any, indicator: MeasureIndicator, data: Mapping[str, Any], expected_version: int | None = None
) -> dict[str, list[str]]:
    require_document_change(actor=actor, document=indicator.measure.goal.document)
    _indicator_check(measure=indicator.measure, data=data, indicator=indicator)
    return update_audited(
        actor=actor, instance=indicator, data=data, fields=INDICATOR_FIELDS, expected_version=expected_version
    )


@transaction.atomic
def measure_indicator_delete(*, actor: Any, indicator: MeasureIndicator) -> None:
    require_document_change(actor=actor, document=indicator.measure.goal.document)
    delete_audited(actor=actor, instance=indicator, target=indicator.measure)


@transaction.atomic
def measure_indicator_value_set(
    *, actor: Any, indicator: MeasureIndicator, date: dt.date, value: Decimal
) -> MeasureIndicatorValue:
    """Enter (or correct) the actual value of a manual indicator on a date (reviewers; audited on
    the indicator). A value entered on an earlier version of the document for the same date is
    left as history: the monitoring takes the later entry."""
    require_document_change(actor=actor, document=indicator.measure.goal.document)
    if indicator.source != MeasureIndicator.Source.MANUAL:
        raise ValidationError(_("Values of this indicator are computed; they cannot be entered."))
    if date > timezone.localdate():
        raise ValidationError({"date": _("An actual value cannot be dated in the future.")})
    summary = _("Actual value of %(date)s: %(value)s") % {
        "date": date.strftime("%d.%m.%Y"),
        "value": formats.number_format(value, use_l10n=True),
    }
    existing = MeasureIndicatorValue.objects.filter(measure_indicator=indicator, date=date).first()
    if existing is None:
        return create_audited(
            actor=actor,
            instance=MeasureIndicatorValue(measure_indicator=indicator, date=date, value=value),
            target=indicator,
            summary=summary,
        )
    update_audited(
        actor=actor,
        instance=existing,
        data={"value": value},
        fields={"value"},
        target=indicator,
        summary=summary,
    )
    return existing
