"""What the planning pages show, assembled from ``planning.supply``, ``planning.need``,
``planning.maps`` and ``planning.charts``: one ``Table`` per figure (the page renders it, the CSV
and Excel downloads write it), the map and the charts as SVG. Reading only; the views stay thin."""

import datetime as dt
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.utils import formats, timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from wegweiser.catalog.models import Taxonomy, TaxonomyTerm
from wegweiser.core.models import Language
from wegweiser.districts.models import District, Municipality
from wegweiser.planning.charts import Bar, bar_chart_svg, line_chart_svg
from wegweiser.planning.maps import MapArea, MapPoint, choropleth_svg
from wegweiser.planning.models import Indicator, IndicatorValue
from wegweiser.planning.need import (
    Comparison,
    languages_needed,
    latest_values,
    nationality_indicators,
    nationality_languages,
    population_values,
    supply_against_need,
)
from wegweiser.planning.supply import (
    AREA,
    DISTRICT,
    OUTREACH,
    PLACE,
    REASONS,
    OfferFacts,
    Place,
    SupplyFilter,
    district_offer_count,
    district_offer_counts,
    offer_facts_cached,
    offer_points,
    offers_available_in,
    places_for,
    supply_by_municipality,
    supply_filter,
    supply_matrix,
    term_closures,
)


def reason_labels() -> dict[str, str]:
    return {
        PLACE: _("takes place there"),
        AREA: _("service area"),
        DISTRICT: _("whole district"),
        OUTREACH: _("outreach / mobile"),
    }


def number(value: float | Decimal | int | None, places: int = 0) -> str:
    if value is None:
        return "–"
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)


@dataclass
class Cell:
    value: Any  # raw (CSV, Excel)
    text: str = ""  # as shown
    flag: bool = False  # highlighted (a gap)
    href: str = ""

    def __post_init__(self) -> None:
        if not self.text:
            self.text = "–" if self.value is None else str(self.value)


@dataclass
class Table:
    ident: str
    caption: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    numeric: set[int] = field(default_factory=set)  # right-aligned columns
    row_headers: bool = True  # the first cell of a row names it


@dataclass(frozen=True)
class Params:
    """The planner's choices (all optional)."""

    field: TaxonomyTerm | None = None
    group: TaxonomyTerm | None = None
    kind: TaxonomyTerm | None = None
    language: str = ""
    local_only: bool = False
    on: dt.date | None = None
    since: dt.date | None = None
    indicator: Indicator | None = None
    target: Decimal | None = None
    search_days: int = 90  # the period of the searches without results (planningui.demand)

    def selection(self, on: dt.date | None = None, *, use_on: bool = True) -> SupplyFilter:
        return supply_filter(
            terms=[self.field, self.group, self.kind],
            language=self.language,
            reasons=[PLACE, AREA] if self.local_only else None,
            on=self.on if use_on else on,
        )

    def as_query(self) -> dict[str, str]:
        values = {
            "field": self.field.pk if self.field else "",
            "group": self.group.pk if self.group else "",
            "kind": self.kind.pk if self.kind else "",
            "language": self.language,
            "local_only": "1" if self.local_only else "",
            "on": self.on.isoformat() if self.on else "",
            "since": self.since.isoformat() if self.since else "",
            "indicator": self.indicator.pk if self.indicator else "",
            "target": str(self.target) if self.target is not None else "",
            "search_days": str(self.search_days) if self.search_days != 90 else "",
        }
        return {k: str(v) for k, v in values.items() if v}

    def describe(self) -> str:
        parts = [t.name for t in (self.field, self.group, self.kind) if t is not None]
        if self.language:
            parts.append(_("in %(language)s") % {"language": self.language})
        if self.local_only:
            parts.append(_("local offers only"))
        return ", ".join(parts) or _("all offers")


@dataclass
class Overview:
    district: District
    params: Params
    data_date: dt.date
    need_label: str
    need_date: dt.date | None
    comparison: Comparison
    offers_now: int
    offers_since: int | None
    table: Table
    history: Table
    map_svg: str
    bar_svg: str
    line_svg: str
    languages: dict[str, str]

    @property
    def change(self) -> int | None:
        return None if self.offers_since is None else self.offers_now - self.offers_since


def language_names() -> dict[str, str]:
    field_name = "name_de" if (get_language() or "de").startswith("de") else "name_en"
    return dict(Language.objects.values_list("code", field_name))


def _km(value: float | None) -> str:
    return number(value, 1) if value is not None else "–"


def _need(district: District, params: Params, places: Sequence[Place]) -> tuple[dict, str, dt.date | None]:
    if params.indicator is None:
        dates = Municipality.objects.filter(district=district).values_list("population_date", flat=True)
        return population_values(places), _("population"), max([d for d in dates if d], default=None)
    values, date = latest_values(indicator=params.indicator, on=params.on)
    return values, params.indicator.name, date


def _needed_languages(district: District, params: Params) -> dict[Any, dict[str, Decimal]]:
    mapping = nationality_languages(district=district)
    if not mapping:
        return {}
    sources = nationality_indicators(district=district)
    if not sources:
        return {}
    return languages_needed(indicator=sources[0], mapping=mapping, on=params.on)


def overview_build(
    *, district: District, params: Params, link: Callable[[str], str] = lambda ags: ""
) -> Overview:
    """The district overview: supply against need per municipality, the map, the charts and the
    change since ``params.since``."""
    places = places_for(district=district)
    facts = offer_facts_cached(district=district, places=places)
    boundaries = dict(Municipality.objects.filter(district=district).values_list("id", "boundary"))
    selection = params.selection()  # the terms' closures are read once, other dates reuse them
    supply = supply_by_municipality(facts=facts, places=places, selection=selection)
    earlier = None
    if params.since is not None:
        earlier = supply_by_municipality(
            facts=facts, places=places, selection=selection.on_day(params.since), distances=False
        )
    need, need_label, need_date = _need(district, params, places)
    comparison = supply_against_need(
        supply=supply,
        need=need,
        needed_languages=_needed_languages(district, params),
        target=float(params.target) if params.target is not None else None,
        earlier=earlier,
    )
    names = language_names()
    data_date = params.on or timezone.localdate()
    table = _overview_table(comparison, params, need_label, names, link)
    areas = [
        MapArea(
            ags=row.place.ags,
            name=row.place.name,
            boundary=boundaries.get(row.place.id),
            value=row.per_1000,
            label=number(row.per_1000, 1) if row.per_1000 is not None else "–",
            latitude=row.place.latitude,
            longitude=row.place.longitude,
            highlight=row.gap,  # no links inside the map (an image): the table links each municipality
        )
        for row in comparison.rows
    ]
    benchmark_text = _benchmark_text(comparison)
    map_title = _("Offers per 1,000 (%(need)s): %(what)s, %(date)s") % {
        "need": need_label,
        "what": params.describe(),
        "date": formats.date_format(data_date, "SHORT_DATE_FORMAT"),
    }
    map_svg = choropleth_svg(
        areas=areas,
        title=map_title,
        description=_(
            "Map of the municipalities of %(district)s, shaded by offers per 1,000; hatched: %(benchmark)s. "
            "The table below holds the same figures."
        )
        % {"district": district.name, "benchmark": benchmark_text},
        points=[
            MapPoint(lat, lon, name) for lat, lon, name in offer_points(facts=facts, selection=selection)
        ],
        fmt=lambda v: number(v, 1),
        highlight_text=benchmark_text,
        ident="overview-map",
    )
    ranked = sorted(comparison.rows, key=lambda r: (r.per_1000 is None, -(r.per_1000 or 0), r.place.name))
    bar_svg = bar_chart_svg(
        bars=[Bar(r.place.name.split(",")[0], r.per_1000, r.gap) for r in ranked],
        title=_("Offers per 1,000 (%(need)s) by municipality") % {"need": need_label},
        description=_("Bars in red and marked “!”: %(benchmark)s.") % {"benchmark": benchmark_text},
        fmt=lambda v: number(v, 1),
        benchmark=comparison.benchmark,
        benchmark_text=_benchmark_short(comparison),
        ident="overview-bars",
    )
    history = _history(facts, params, selection, data_date)
    line_svg = line_chart_svg(
        points=[(cells[0].text, cells[1].value) for cells in history.rows],
        title=_("Offers in the district over time: %(what)s") % {"what": params.describe()},
        description=_("Number of offers active on each date; the table holds the same figures."),
        fmt=lambda v: number(v),
        ident="overview-line",
    )
    return Overview(
        district=district,
        params=params,
        data_date=data_date,
        need_label=need_label,
        need_date=need_date,
        comparison=comparison,
        offers_now=int(history.rows[-1][1].value),
        offers_since=(
            district_offer_count(facts=facts, selection=selection.on_day(params.since))
            if params.since
            else None
        ),
        table=table,
        history=history,
        map_svg=map_svg,
        bar_svg=bar_svg,
        line_svg=line_svg,
        languages=names,
    )


def _benchmark_short(comparison: Comparison) -> str:
    if comparison.benchmark is None:
        return ""
    key = _("target") if comparison.benchmark_is_target else _("median")
    return f"{key} {number(comparison.benchmark, 1)}"


def _benchmark_text(comparison: Comparison) -> str:
    if comparison.benchmark is None:
        return _("no benchmark")
    if comparison.benchmark_is_target:
        return _("below the target of %(value)s") % {"value": number(comparison.benchmark, 1)}
    return _("below the district median of %(value)s") % {"value": number(comparison.benchmark, 1)}


def _languages_text(codes: Sequence[str], names: dict[str, str]) -> str:
    return ", ".join(names.get(c, c) for c in codes) or "–"


def _overview_table(
    comparison: Comparison, params: Params, need_label: str, names: dict[str, str], link: Callable[[str], str]
) -> Table:
    headers = [
        _("Municipality"),
        _("Official key"),
        need_label,
        _("Offers"),
        _("Offers per 1,000"),
        pgettext("capacity", "Places"),
        _("Places per 1,000"),
        _("Nearest offer (km, straight line)"),
        _("Waiting lists"),
        _("Languages needed"),
        _("Languages needed but not offered"),
        _("Gap"),
    ]
    if params.since:
        headers.insert(
            4, _("Change since %(date)s") % {"date": formats.date_format(params.since, "SHORT_DATE_FORMAT")}
        )
    table = Table(
        ident="overview-table",
        caption=_("Supply against need per municipality (%(what)s)") % {"what": params.describe()},
        headers=headers,
        numeric={2, 3, 4, 5, 6, 7, 8} | ({9} if params.since else set()),
    )
    for row in comparison.rows:
        cells = [
            Cell(row.place.name, href=link(row.place.ags)),
            Cell(row.place.ags),
            Cell(float(row.need) if row.need is not None else None, number(row.need)),
            Cell(row.offers, number(row.offers)),
            Cell(_round(row.per_1000), number(row.per_1000, 1), flag=row.gap),
            Cell(
                row.supply.places if row.supply.places_known else None,
                number(row.supply.places if row.supply.places_known else None),
            ),
            Cell(_round(row.places_per_1000), number(row.places_per_1000, 1)),
            Cell(_round(row.nearest_km), _km(row.nearest_km)),
            Cell(row.supply.waiting_lists, number(row.supply.waiting_lists)),
            Cell(", ".join(row.languages_needed), _languages_text(row.languages_needed, names)),
            Cell(
                ", ".join(row.languages_missing),
                _languages_text(row.languages_missing, names),
                flag=bool(row.languages_missing),
            ),
            Cell(row.gap, _("yes") if row.gap else _("no"), flag=row.gap),
        ]
        if params.since:
            change = row.change or 0
            cells.insert(4, Cell(change, f"{change:+d}" if change else "±0"))
        table.rows.append(cells)
    return table


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _history(
    facts: Sequence[OfferFacts], params: Params, selection: SupplyFilter, data_date: dt.date
) -> Table:
    """District offers on 1 January of the last five years and on the data date (one pass over
    the offers for all six dates)."""
    dates = [dt.date(data_date.year - n, 1, 1) for n in range(5, 0, -1)]
    table = Table(
        ident="history-table",
        caption=_("Offers in the district over time (%(what)s)") % {"what": params.describe()},
        headers=[_("Date"), _("Offers")],
        numeric={1},
    )
    counts = district_offer_counts(facts=facts, selection=selection, days=[*dates, params.on])
    for day, count in zip([*dates, data_date], counts, strict=True):
        table.rows.append(
            [Cell(day.isoformat(), formats.date_format(day, "SHORT_DATE_FORMAT")), Cell(count, number(count))]
        )
    return table


# --- matrix -----------------------------------------------------------------------------------


@dataclass
class Matrix:
    district: District
    params: Params
    data_date: dt.date
    need_label: str
    table: Table


def matrix_build(
    *, district: District, params: Params, link: Callable[[str], str] = lambda ags: ""
) -> Matrix:
    """Municipalities × fields of action: offers and offers per 1,000 of the need; cells below the
    column's median (or the target) are flagged."""
    places = places_for(district=district)
    facts = offer_facts_cached(district=district, places=places)
    fields = list(
        TaxonomyTerm.objects.filter(
            taxonomy__role=Taxonomy.Role.FIELD_OF_ACTION, parent__isnull=True
        ).order_by("sort_order", "name")
    )
    base = supply_filter(
        terms=[params.group, params.kind],
        language=params.language,
        reasons=[PLACE, AREA] if params.local_only else None,
        on=params.on,
    )
    columns = list(zip([f.pk for f in fields], term_closures(fields), strict=True))
    matrix = supply_matrix(facts=facts, places=places, columns=columns, selection=base)
    need, need_label, _date = _need(district, params, places)
    table = Table(
        ident="matrix-table",
        caption=_("Offers per municipality and field of action (per 1,000 %(need)s in brackets)")
        % {"need": need_label},
        headers=[_("Municipality"), need_label, *[f.name for f in fields]],
        numeric=set(range(1, len(fields) + 2)),
    )
    ratios: dict[Any, dict[Any, float | None]] = {}
    benchmarks: dict[Any, float | None] = {}
    for term in fields:
        column = matrix[term.pk]
        ratios[term.pk] = {p.id: column[p.id].per_1000(need.get(p.id)) for p in places}
        known = [r for r in ratios[term.pk].values() if r is not None]
        benchmarks[term.pk] = (
            float(params.target)
            if params.target is not None
            else (statistics.median(known) if known else None)
        )
    for place in places:
        row = [
            Cell(place.name, href=link(place.ags)),
            Cell(float(need[place.id]) if place.id in need else None, number(need.get(place.id))),
        ]
        for term in fields:
            supply = matrix[term.pk][place.id]
            ratio = ratios[term.pk][place.id]
            benchmark = benchmarks[term.pk]
            gap = ratio is not None and benchmark is not None and ratio < benchmark
            text = f"{number(supply.offers)} ({number(ratio, 1)})"
            row.append(Cell(supply.offers, text + (" ▼" if gap else ""), flag=gap))
        table.rows.append(row)
    return Matrix(
        district=district,
        params=params,
        data_date=params.on or timezone.localdate(),
        need_label=need_label,
        table=table,
    )


# --- municipality profile ---------------------------------------------------------------------


@dataclass
class Profile:
    district: District
    municipality: Municipality
    data_date: dt.date
    by_role: list[Table]
    distances: Table
    indicators: Table
    offers: Table
    languages: Table
    map_svg: str


def profile_build(*, district: District, municipality: Municipality, params: Params) -> Profile:
    """One municipality: its indicators, its supply by field of action, target group and kind
    (with offers per 1,000 inhabitants), the languages delivered, the distance to the nearest
    offer of each kind, and the offers available there."""
    places = places_for(district=district)
    facts = offer_facts_cached(district=district, places=places)
    place = next(p for p in places if p.id == municipality.pk)
    terms = list(
        TaxonomyTerm.objects.filter(
            taxonomy__role__in=[
                Taxonomy.Role.FIELD_OF_ACTION,
                Taxonomy.Role.TARGET_GROUP,
                Taxonomy.Role.KIND,
            ],
            parent__isnull=True,
        )
        .select_related("taxonomy")
        .order_by("taxonomy__role", "sort_order", "name")
    )
    closures = dict(zip([t.pk for t in terms], term_closures(terms), strict=True))
    base = params.selection()
    titles = {
        Taxonomy.Role.FIELD_OF_ACTION: _("Offers by field of action"),
        Taxonomy.Role.TARGET_GROUP: _("Offers by target group"),
        Taxonomy.Role.KIND: _("Offers by kind of offer"),
    }
    labels = reason_labels()
    by_role = []
    distances = Table(
        ident="distance-table",
        caption=_("Straight-line distance from the centre of %(name)s to the nearest offer")
        % {"name": municipality.name},
        headers=[_("Kind of offer"), _("Nearest offer (km, straight line)")],
        numeric={1},
    )
    for role, title in titles.items():
        table = Table(
            ident=f"role-{role}",
            caption=title,
            headers=[
                _("Category"),
                _("Offers"),
                _("Offers per 1,000 inhabitants"),
                *[labels[r] for r in REASONS],
            ],
            numeric={1, 2, 3, 4, 5, 6},
        )
        for term in (t for t in terms if t.taxonomy.role == role):
            selection = SupplyFilter(
                term_sets=(*base.term_sets, closures[term.pk]),
                language=base.language,
                reasons=base.reasons,
                on=base.on,
            )
            supply = supply_by_municipality(
                facts=facts, places=[place], selection=selection, distances=role == Taxonomy.Role.KIND
            )[place.id]
            per_1000 = supply.per_1000(place.population)
            table.rows.append(
                [
                    Cell(term.name),
                    Cell(supply.offers, number(supply.offers)),
                    Cell(_round(per_1000), number(per_1000, 1)),
                    *[Cell(supply.by_reason[r], number(supply.by_reason[r])) for r in REASONS],
                ]
            )
            if role == Taxonomy.Role.KIND:
                distances.rows.append(
                    [Cell(term.name), Cell(_round(supply.nearest_km), _km(supply.nearest_km))]
                )
        by_role.append(table)
    available = offers_available_in(facts=facts, place=place, selection=base)
    offers = Table(
        ident="offer-table",
        caption=_("Offers available in %(name)s") % {"name": municipality.name},
        headers=[_("Offer"), _("Why available here"), pgettext("capacity", "Places"), _("Languages")],
        numeric={2},
    )
    names = language_names()
    delivered: dict[str, int] = {}
    for offer, reason in available:
        offers.rows.append(
            [
                Cell(offer.name),
                Cell(reason, labels[reason]),
                Cell(offer.places, number(offer.places)),
                Cell(", ".join(sorted(offer.languages)), _languages_text(sorted(offer.languages), names)),
            ]
        )
        for code in offer.languages:
            delivered[code] = delivered.get(code, 0) + 1
    languages = Table(
        ident="language-table",
        caption=_("Languages offers are delivered in"),
        headers=[_("Language"), _("Offers")],
        numeric={1},
    )
    for code, count in sorted(delivered.items(), key=lambda pair: (-pair[1], pair[0])):
        languages.rows.append([Cell(names.get(code, code)), Cell(count, number(count))])
    indicators = Table(
        ident="indicator-table",
        caption=_("Indicators (latest value)"),
        headers=[_("Indicator"), _("Value"), _("Unit"), _("Reference date"), _("Source")],
        numeric={1},
    )
    indicators.rows.append(
        [
            Cell(_("population")),
            Cell(municipality.population, number(municipality.population)),
            Cell(_("persons")),
            Cell(
                municipality.population_date.isoformat() if municipality.population_date else None,
                formats.date_format(municipality.population_date, "SHORT_DATE_FORMAT")
                if municipality.population_date
                else "–",
            ),
            Cell("Destatis"),
        ]
    )
    latest: dict[Any, tuple[dt.date, Decimal]] = {}
    values = IndicatorValue.objects.filter(
        indicator__district=district, municipality=municipality, breakdown=""
    )
    if params.on:
        values = values.filter(date__lte=params.on)
    for indicator_id, date, value in values.order_by("date").values_list("indicator_id", "date", "value"):
        latest[indicator_id] = (date, value)
    for indicator in Indicator.objects.filter(pk__in=list(latest)).order_by("topic", "name"):
        date, value = latest[indicator.pk]
        indicators.rows.append(
            [
                Cell(indicator.name + (" (Demo)" if indicator.is_demo else "")),
                Cell(float(value), number(value, indicator.decimals)),
                Cell(indicator.unit),
                Cell(date.isoformat(), formats.date_format(date, "SHORT_DATE_FORMAT")),
                Cell(indicator.source),
            ]
        )
    boundaries = dict(Municipality.objects.filter(district=district).values_list("id", "boundary"))
    all_supply = supply_by_municipality(facts=facts, places=places, selection=base, distances=False)
    map_svg = choropleth_svg(
        areas=[
            MapArea(
                ags=p.ags,
                name=p.name,
                boundary=boundaries.get(p.id),
                value=all_supply[p.id].offers,
                label=number(all_supply[p.id].offers),
                latitude=p.latitude,
                longitude=p.longitude,
                highlight=p.id == place.id,
            )
            for p in places
        ],
        title=_("Offers per municipality; %(name)s hatched") % {"name": municipality.name},
        description=_("Map of %(district)s with the number of offers available in each municipality.")
        % {"district": district.name},
        points=[MapPoint(lat, lon, name) for lat, lon, name in offer_points(facts=facts, selection=base)],
        highlight_text=municipality.short_name,
        ident="profile-map",
    )
    return Profile(
        district=district,
        municipality=municipality,
        data_date=params.on or timezone.localdate(),
        by_role=by_role,
        distances=distances,
        indicators=indicators,
        offers=offers,
        languages=languages,
        map_svg=map_svg,
    )


def query_string(params: Params, **extra: str) -> str:
    return urlencode(params.as_query() | {k: v for k, v in extra.items() if v})
