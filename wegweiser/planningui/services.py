"""Writes of the planning workspace: freezing an analysis."""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wegweiser.access.permissions import PLANNING_VIEW
from wegweiser.access.policy import require
from wegweiser.core.services import create_audited
from wegweiser.districts.models import District
from wegweiser.planningui.analysis import Overview, Table
from wegweiser.planningui.models import FrozenAnalysis

if TYPE_CHECKING:
    from wegweiser.planningui.demand import DemandView


def _table_data(table: Table) -> dict[str, Any]:
    return {
        "ident": table.ident,
        "caption": table.caption,
        "headers": table.headers,
        "numeric": sorted(table.numeric),
        "rows": [[[_plain(c.value), c.text, c.flag] for c in row] for row in table.rows],
    }


def _plain(value: Any) -> Any:
    return value if value is None or isinstance(value, bool | int | float | str) else str(value)


@transaction.atomic
def frozen_analysis_create(
    *, actor: Any, district: District, name: str, overview: Overview, demand: "DemandView | None" = None
) -> FrozenAnalysis:
    """Save the district overview as it is now: parameters, description, data date and every
    figure and table (with the searches without results, ``demand``), so that it reads the
    same later."""
    require(actor=actor, permission=PLANNING_VIEW, district=district)
    name = (name or "").strip()
    if not name:
        raise ValidationError(
            {"name": _("Give the analysis a name, e.g. “Bestandsanalyse Sprache & Bildung”.")}
        )
    comparison = overview.comparison
    analysis = FrozenAnalysis(
        district=district,
        name=name[:200],
        params=overview.params.as_query(),
        description=f"{overview.params.describe()} / {overview.need_label}"[:400],
        data_date=overview.data_date,
        snapshot={
            "figures": {
                "offers": overview.offers_now,
                "benchmark": comparison.benchmark,
                "benchmark_is_target": comparison.benchmark_is_target,
                "gaps": len(comparison.gaps),
                "municipalities": len(comparison.rows),
                "need": overview.need_label,
                "need_date": overview.need_date.isoformat() if overview.need_date else None,
            },
            "municipalities": {
                row.place.ags: {
                    "name": row.place.name,
                    "offers": row.offers,
                    "per_1000": None if row.per_1000 is None else round(row.per_1000, 2),
                    "gap": row.gap,
                }
                for row in comparison.rows
            },
            "tables": [_table_data(overview.table), _table_data(overview.history)]
            + ([_table_data(demand.fields), _table_data(demand.texts)] if demand else []),
            "map_svg": overview.map_svg,
            "demand_svg": demand.bar_svg if demand else "",
            "demand": {"searches": demand.demand.total, "change": demand.demand.change} if demand else None,
        },
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    return create_audited(actor=actor, instance=analysis, summary=_("Analysis frozen"))


def table_from_data(data: dict[str, Any]) -> Table:
    """A frozen table back as a ``Table`` for the page and the downloads."""
    from wegweiser.planningui.analysis import Cell

    return Table(
        ident=data["ident"],
        caption=data["caption"],
        headers=data["headers"],
        numeric=set(data["numeric"]),
        rows=[[Cell(value, text, flag) for value, text, flag in row] for row in data["rows"]],
    )
