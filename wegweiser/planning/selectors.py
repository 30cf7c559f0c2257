"""Reading indicators and their values (for the planning pages, charts, downloads and exports).

Values are returned as ``Decimal`` keyed by municipality id. ``district`` is always explicit: a
caller scopes it to the acting user first (``access.policy``); passing ``actor`` makes the
selector check the view permission itself (and answer 404-style ``PermissionDenied``)."""

import datetime
import statistics
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Min, QuerySet, Sum

from wegweiser.access import permissions
from wegweiser.access.policy import require, scope
from wegweiser.districts.models import District
from wegweiser.planning.models import Indicator, IndicatorImport, IndicatorValue, NationalityGroup
from wegweiser.planning.models.indicators import NATIONALITY_GROUP


def _check(actor: Any, district: District | Any, permission: str) -> None:
    if actor is not None:
        require(actor=actor, permission=permission, district=district)


def _indicator(district: District | Any, indicator: Indicator | str) -> Indicator:
    if isinstance(indicator, Indicator):
        if indicator.district_id != getattr(district, "pk", district):
            raise Indicator.DoesNotExist("indicator of another district")
        return indicator
    return Indicator.objects.get(district=district, code=indicator)


def indicators_for(
    *, district: District | Any, actor: Any = None, topic: str | None = None
) -> list[Indicator]:
    """The district's indicators (by topic and name), with ``value_count``, ``first_date`` and
    ``last_date`` annotated."""
    _check(actor, district, permissions.INDICATOR_VIEW)
    queryset = Indicator.objects.filter(district=district)
    if topic is not None:
        queryset = queryset.filter(topic=topic)
    return list(
        queryset.annotate(
            value_count=Count("values"), first_date=Min("values__date"), last_date=Max("values__date")
        ).order_by("topic", "name")
    )


def indicators_scoped(*, actor: Any) -> QuerySet[Indicator]:
    """Every indicator ``actor`` may read (the back office's list)."""
    return scope(actor=actor, queryset=Indicator.objects.all(), permission=permissions.INDICATOR_VIEW)


def indicator_get(*, district: District | Any, code: str, actor: Any = None) -> Indicator:
    """One indicator of the district by code (``Indicator.DoesNotExist`` otherwise)."""
    _check(actor, district, permissions.INDICATOR_VIEW)
    return Indicator.objects.get(district=district, code=code)


def indicator_dates(*, indicator: Indicator, breakdown: str | None = None) -> list[datetime.date]:
    """The reference dates the indicator has values for, oldest first (of the total, or of the
    parts of ``breakdown``)."""
    queryset = IndicatorValue.objects.filter(indicator=indicator, breakdown=breakdown or "")
    return list(queryset.order_by("date").values_list("date", flat=True).distinct())


def indicator_breakdowns(*, indicator: Indicator) -> dict[str, list[str]]:
    """{breakdown: [parts]} the indicator's values are broken down by (without the total)."""
    result: dict[str, list[str]] = defaultdict(list)
    rows = (
        IndicatorValue.objects.filter(indicator=indicator)
        .exclude(breakdown="")
        .values_list("breakdown", "breakdown_value")
        .distinct()
        .order_by("breakdown", "breakdown_value")
    )
    for breakdown, part in rows:
        result[breakdown].append(part)
    return dict(result)


def _latest_date(indicator: Indicator, breakdown: str) -> datetime.date | None:
    return (
        IndicatorValue.objects.filter(indicator=indicator, breakdown=breakdown)
        .aggregate(last=Max("date"))
        .get("last")
    )


def indicator_values_for(
    *,
    district: District | Any,
    indicator: Indicator | str,
    date: datetime.date | None = None,
    breakdown: str | None = None,
    part: str | None = None,
    actor: Any = None,
) -> dict[Any, Decimal]:
    """{municipality id: value} of one indicator on one date (the latest when ``date`` is None).

    Without ``breakdown`` the totals; where a municipality has no total but parts of a breakdown,
    the sum of one breakdown's parts stands in for it (only for indicators that aggregate by sum).
    With ``breakdown`` and ``part`` the values of that part; with ``breakdown`` alone the sum of
    its parts. District-level values (no municipality) are not included: see
    ``indicator_district_value``."""
    _check(actor, district, permissions.INDICATOR_VIEW)
    indicator = _indicator(district, indicator)
    wanted = breakdown or ""
    if date is None:
        date = _latest_date(indicator, wanted)
        if date is None and not breakdown:
            date = IndicatorValue.objects.filter(indicator=indicator).aggregate(last=Max("date"))["last"]
        if date is None:
            return {}
    rows = IndicatorValue.objects.filter(indicator=indicator, date=date, municipality__isnull=False)
    if breakdown:
        rows = rows.filter(breakdown=breakdown)
        if part is not None:
            return dict(rows.filter(breakdown_value=part).values_list("municipality_id", "value"))
        return dict(
            rows.values("municipality_id")
            .annotate(total=Sum("value"))
            .values_list("municipality_id", "total")
        )
    result: dict[Any, Decimal] = dict(rows.filter(breakdown="").values_list("municipality_id", "value"))
    if indicator.aggregation == Indicator.Aggregation.SUM:
        # Sum of the parts of the first breakdown where the file gave no total.
        first = rows.exclude(breakdown="").order_by("breakdown").values_list("breakdown", flat=True).first()
        if first:
            sums = (
                rows.filter(breakdown=first)
                .exclude(municipality_id__in=list(result))
                .values("municipality_id")
                .annotate(total=Sum("value"))
                .values_list("municipality_id", "total")
            )
            result.update(dict(sums))
    return result


def indicator_parts_for(
    *,
    district: District | Any,
    indicator: Indicator | str,
    breakdown: str,
    date: datetime.date | None = None,
    actor: Any = None,
) -> dict[Any, dict[str, Decimal]]:
    """{municipality id: {part: value}} of one breakdown on one date (the latest by default)."""
    _check(actor, district, permissions.INDICATOR_VIEW)
    indicator = _indicator(district, indicator)
    if date is None:
        date = _latest_date(indicator, breakdown)
        if date is None:
            return {}
    result: dict[Any, dict[str, Decimal]] = defaultdict(dict)
    rows = IndicatorValue.objects.filter(
        indicator=indicator, date=date, breakdown=breakdown, municipality__isnull=False
    ).values_list("municipality_id", "breakdown_value", "value")
    for municipality_id, part, value in rows:
        result[municipality_id][part] = value
    return dict(result)


def indicator_district_value(
    *,
    district: District | Any,
    indicator: Indicator | str,
    date: datetime.date | None = None,
    breakdown: str | None = None,
    part: str | None = None,
    actor: Any = None,
) -> Decimal | None:
    """The indicator's value for the whole district: the district-level value where one was
    imported, otherwise the municipalities' values aggregated as the indicator says (sum, mean,
    mean weighted by population); None for indicators that do not aggregate or have no values."""
    _check(actor, district, permissions.INDICATOR_VIEW)
    indicator = _indicator(district, indicator)
    if date is None:
        date = _latest_date(indicator, breakdown or "")
        if date is None:
            return None
    own = IndicatorValue.objects.filter(
        indicator=indicator,
        date=date,
        municipality__isnull=True,
        breakdown=breakdown or "",
        breakdown_value=part or "",
    ).values_list("value", flat=True)
    if not (breakdown and part is None):
        first = own.first()
        if first is not None:
            return first
    values = indicator_values_for(
        district=district, indicator=indicator, date=date, breakdown=breakdown, part=part
    )
    if not values:
        return None
    if indicator.aggregation == Indicator.Aggregation.SUM:
        return sum(values.values(), Decimal(0))
    if indicator.aggregation == Indicator.Aggregation.MEAN:
        return Decimal(statistics.fmean(values.values())).quantize(Decimal("0.0001"))
    if indicator.aggregation == Indicator.Aggregation.WEIGHTED_MEAN:
        from wegweiser.districts.models import Municipality

        weights: dict[Any, int] = {
            pk: population
            for pk, population in Municipality.objects.filter(
                pk__in=list(values), population__isnull=False
            ).values_list("pk", "population")
            if population is not None
        }
        total = sum(weights.values())
        if not total:
            return None
        weighted = sum((values[m] * weights[m] for m in weights), Decimal(0))
        return (weighted / total).quantize(Decimal("0.0001"))
    return None


def indicator_series(
    *,
    district: District | Any,
    indicator: Indicator | str,
    municipality: Any = None,
    breakdown: str | None = None,
    part: str | None = None,
    actor: Any = None,
) -> dict[datetime.date, Decimal]:
    """{date: value} over time for one municipality (a Municipality or its id), or for the whole
    district (``municipality`` None: aggregated as in ``indicator_district_value``)."""
    _check(actor, district, permissions.INDICATOR_VIEW)
    indicator = _indicator(district, indicator)
    if municipality is not None:
        rows = IndicatorValue.objects.filter(
            indicator=indicator,
            municipality_id=getattr(municipality, "pk", municipality),
            breakdown=breakdown or "",
        )
        if part is not None:
            return dict(rows.filter(breakdown_value=part).order_by("date").values_list("date", "value"))
        if breakdown:
            return dict(
                rows.values("date").annotate(total=Sum("value")).order_by("date").values_list("date", "total")
            )
        return dict(rows.filter(breakdown_value="").order_by("date").values_list("date", "value"))
    result = {}
    for date in indicator_dates(indicator=indicator, breakdown=breakdown):
        value = indicator_district_value(
            district=district, indicator=indicator, date=date, breakdown=breakdown, part=part
        )
        if value is not None:
            result[date] = value
    return result


# --- languages needed -------------------------------------------------------------------------


def nationality_groups_for(*, district: District | Any, actor: Any = None) -> list[NationalityGroup]:
    """The district's nationality groups with their languages (prefetched), in sort order."""
    _check(actor, district, permissions.NATIONALITY_GROUP_VIEW)
    return list(NationalityGroup.objects.filter(district=district).prefetch_related("languages"))


def language_needs_for(*, district: District | Any, actor: Any = None) -> dict[str, list[str]]:
    """The staff-edited mapping {nationality group code: [language codes, most important first
    as ordered by the languages' sort order]}."""
    return {
        group.code: [language.code for language in group.languages.all()]
        for group in nationality_groups_for(district=district, actor=actor)
    }


def languages_needed_for(
    *,
    district: District | Any,
    indicator: Indicator | str,
    date: datetime.date | None = None,
    actor: Any = None,
) -> dict[Any, dict[str, Decimal]]:
    """{municipality id: {language code: people}}: an indicator broken down by nationality group
    (e.g. foreign nationals) translated into languages through the mapping. A person counts for
    every language their group is mapped to; groups without a mapping count under "" (unknown)."""
    mapping = language_needs_for(district=district, actor=actor)
    parts = indicator_parts_for(
        district=district, indicator=indicator, breakdown=NATIONALITY_GROUP, date=date
    )
    result: dict[Any, dict[str, Decimal]] = {}
    for municipality_id, values in parts.items():
        languages: dict[str, Decimal] = defaultdict(Decimal)
        for group, value in values.items():
            for code in mapping.get(group) or [""]:
                languages[code] += value
        result[municipality_id] = dict(languages)
    return result


def indicator_imports_recent(
    *, actor: Any, district: District | Any, limit: int = 10
) -> list[IndicatorImport]:
    """The district's latest uploads (for the import page)."""
    queryset = scope(
        actor=actor,
        queryset=IndicatorImport.objects.filter(district=district),
        permission=permissions.INDICATOR_VIEW,
    )
    return list(queryset.defer("data").select_related("actor")[:limit])
