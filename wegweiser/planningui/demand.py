"""The demand signal on the planning pages: searches of the public directory that found nothing
(``planning.demand.missed_search_demand``), as two tables and a bar chart for the district
overview, the municipality profile, the PDF and the frozen analyses."""

from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from wegweiser.districts.models import District, Municipality
from wegweiser.planning.charts import Bar, bar_chart_svg
from wegweiser.planning.demand import Demand, missed_search_demand
from wegweiser.planningui.analysis import Cell, Params, Table, number

TEXTS_SHOWN = 50


@dataclass
class DemandView:
    demand: Demand
    fields: Table
    texts: Table
    bar_svg: str

    @property
    def tables(self) -> dict[str, Table]:
        return {self.fields.ident: self.fields, self.texts.ident: self.texts}


def _date(day: Any) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _change(value: int | None) -> Cell:
    if value is None:
        return Cell(None)
    return Cell(value, f"{value:+d}" if value else "±0")


def demand_build(
    *, actor: Any, district: District, params: Params, municipality: Municipality | None = None
) -> DemandView:
    demand = missed_search_demand(
        actor=actor,
        district=district,
        on=params.on,
        days=params.search_days,
        since=params.since,
        municipality=municipality,
    )
    period = _("%(start)s–%(end)s") % {"start": _date(demand.start), "end": _date(demand.end)}
    change_header = (
        [
            _("Change against %(start)s–%(end)s")
            % {"start": _date(demand.since_start), "end": _date(demand.since_end)}
        ]
        if demand.since_end
        else []
    )
    where = municipality.name if municipality else district.name
    names = {g.term.pk: g.term.name for g in demand.fields if g.term is not None}
    fields = Table(
        ident="demand-fields",
        caption=_("Searches without results by field of action, %(where)s, %(period)s")
        % {"where": where, "period": period},
        headers=[
            _("Field of action"),
            _("Searches without results"),
            *change_header,
            _("Different search texts"),
            _("Most frequent search texts"),
        ],
        numeric={1, 2, 3} if change_header else {1, 2},
    )
    for group in demand.fields:
        row = [
            Cell(group.term.name if group.term else _("no field of action recognised")),
            Cell(group.now, number(group.now)),
        ]
        if change_header:
            row.append(_change(group.change))
        row += [
            Cell(len(group.texts), number(len(group.texts))),
            Cell("; ".join(f"{t.text} ({t.now})" for t in group.texts[:5] if t.now)),
        ]
        fields.rows.append(row)
    texts = Table(
        ident="demand-texts",
        caption=_("Most frequent searches without results, %(where)s, %(period)s")
        % {"where": where, "period": period},
        headers=[
            _("Search text"),
            _("Fields of action"),
            _("Searches without results"),
            *change_header,
            *([] if municipality else [_("Municipality chosen in the search")]),
        ],
        numeric={2, 3} if change_header else {2},
    )
    for text in demand.texts[:TEXTS_SHOWN]:
        row = [
            Cell(text.text),
            Cell(", ".join(names[pk] for pk in text.field_ids) or "–"),
            Cell(text.now, number(text.now)),
        ]
        if change_header:
            row.append(_change(text.change))
        if not municipality:
            row.append(Cell("; ".join(f"{name} ({n})" for name, n in text.municipalities) or "–"))
        texts.rows.append(row)
    bars = [
        Bar(g.term.name if g.term else _("no field of action recognised"), float(g.now))
        for g in demand.fields
        if g.now
    ]
    bar_svg = (
        bar_chart_svg(
            bars=bars,
            title=_("Searches without results by field of action, %(where)s, %(period)s")
            % {"where": where, "period": period},
            description=_("Number of public searches that found no offer; the table holds the same figures."),
            fmt=lambda v: number(v),
            ident="demand-bars",
        )
        if bars
        else ""
    )
    return DemandView(demand=demand, fields=fields, texts=texts, bar_svg=bar_svg)
