"""Choropleth maps of a district's municipalities as SVG, drawn on the server from the boundaries
``district_setup`` stores (no tile server, no request to anyone else).

Projection: equirectangular, longitudes scaled by the cosine of the district's middle latitude,
so that shapes keep their proportions within a district (good enough at this scale; not for
maps of a whole country). North is up.

Every shape carries ``data-ags`` (the official key) and a ``<title>``; classes are told apart by
colour, by the value written into the shape and in the legend; municipalities below the benchmark
get a hatched overlay in addition, so that colour never carries the message alone. The data table
beside the map (in the page) carries the same figures for screen readers."""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.translation import gettext as _

# Light to dark blue (ColorBrewer "Blues", 5 classes); text is drawn dark with a white halo.
PALETTE = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#f0f0f0"
WIDTH = 640.0
MARGIN = 8.0
LEGEND_WIDTH = 260.0


@dataclass
class MapArea:
    """One municipality on a map."""

    ags: str
    name: str
    boundary: dict[str, Any] | None
    value: float | None
    label: str = ""  # the value as written (e.g. "2,4")
    latitude: float | None = None
    longitude: float | None = None
    highlight: bool = False  # hatched: below the benchmark
    href: str = ""


@dataclass
class MapPoint:
    latitude: float
    longitude: float
    title: str


@dataclass
class Projection:
    """lon/lat → SVG x/y for one map."""

    min_lon: float
    max_lat: float
    scale: float
    cos_lat: float
    width: float = WIDTH
    height: float = 0.0

    @classmethod
    def fit(cls, rings: Sequence[Sequence[Sequence[float]]], width: float = WIDTH) -> "Projection":
        lons = [p[0] for ring in rings for p in ring]
        lats = [p[1] for ring in rings for p in ring]
        if not lons:
            return cls(0, 0, 1, 1, width, width / 2)
        cos_lat = math.cos(math.radians((min(lats) + max(lats)) / 2))
        span_x = max((max(lons) - min(lons)) * cos_lat, 1e-9)
        span_y = max(max(lats) - min(lats), 1e-9)
        scale = (width - 2 * MARGIN) / span_x
        return cls(min(lons), max(lats), scale, cos_lat, width, span_y * scale + 2 * MARGIN)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            MARGIN + (lon - self.min_lon) * self.cos_lat * self.scale,
            MARGIN + (self.max_lat - lat) * self.scale,
        )


def rings_of(geometry: dict[str, Any] | None) -> list[list[list[float]]]:
    """The rings (outer and holes) of a GeoJSON Polygon or MultiPolygon."""
    if not geometry:
        return []
    if geometry.get("type") == "Polygon":
        return [list(r) for r in geometry["coordinates"]]
    if geometry.get("type") == "MultiPolygon":
        return [list(r) for polygon in geometry["coordinates"] for r in polygon]
    return []


def path_data(geometry: dict[str, Any] | None, project: Projection) -> str:
    parts = []
    for ring in rings_of(geometry):
        points = [project(lon, lat) for lon, lat, *_ in ring]
        if len(points) < 3:
            continue
        parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


def class_breaks(values: Sequence[float], classes: int = len(PALETTE)) -> list[float]:
    """Upper bounds of up to ``classes`` quantile classes over the distinct values."""
    distinct = sorted(set(values))
    if not distinct:
        return []
    if len(distinct) <= classes:
        return distinct
    return [
        distinct[min(len(distinct) - 1, math.ceil(len(distinct) * (i + 1) / classes) - 1)]
        for i in range(classes)
    ]


def class_of(value: float | None, breaks: Sequence[float]) -> int | None:
    if value is None or not breaks:
        return None
    for index, upper in enumerate(breaks):
        if value <= upper:
            return index
    return len(breaks) - 1


def _colour(index: int | None, breaks: Sequence[float]) -> str:
    if index is None:
        return NO_DATA
    # Spread fewer classes over the whole palette (2 classes: lightest and darkest).
    step = (len(PALETTE) - 1) / max(len(breaks) - 1, 1)
    return PALETTE[round(index * step)]


@dataclass
class Legend:
    entries: list[tuple[str, str]] = field(default_factory=list)  # (colour, text)


def legend_for(breaks: Sequence[float], fmt: Callable[[float], str]) -> Legend:
    legend = Legend()
    lower: float | None = None
    for index, upper in enumerate(breaks):
        if lower is None:
            text = _("up to %(upper)s") % {"upper": fmt(upper)}
        else:
            text = _("over %(lower)s to %(upper)s") % {"lower": fmt(lower), "upper": fmt(upper)}
        legend.entries.append((_colour(index, breaks), text))
        lower = upper
    return legend


def choropleth_svg(
    *,
    areas: Sequence[MapArea],
    title: str,
    description: str = "",
    points: Sequence[MapPoint] = (),
    fmt: Callable[[float], str] = lambda v: f"{v:g}",
    highlight_text: str = "",
    ident: str = "map",
    labels: bool | None = None,
    attribution: str = "© GeoBasis-DE / BKG 2021 (Daten verändert)",
) -> str:
    """The map as an SVG document (a string; safe to put into a page or to download)."""
    project = Projection.fit([ring for a in areas for ring in rings_of(a.boundary)])
    values = [a.value for a in areas if a.value is not None]
    breaks = class_breaks(values)
    legend = legend_for(breaks, fmt)
    total_width = project.width + LEGEND_WIDTH
    legend_rows = len(legend.entries) + 1 + (1 if highlight_text else 0) + (1 if points else 0)
    height = max(project.height, 40 + legend_rows * 22) + 18
    if labels is None:
        labels = len(areas) <= 60
    t, d = f"{ident}-title", f"{ident}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="0 0 {total_width:.0f} {height:.0f}" '
        f'width="{total_width:.0f}" height="{height:.0f}" role="img" aria-labelledby="{t} {d}" '
        'font-family="sans-serif">',
        f'<title id="{t}">{escape(title)}</title>',
        f'<desc id="{d}">{escape(description)}</desc>',
        "<defs>"
        f'<pattern id="{ident}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="none"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#b30000" stroke-width="2"/></pattern>'
        f'<pattern id="{ident}-nodata" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="{NO_DATA}"/><circle cx="4" cy="4" r="1" fill="#767676"/></pattern>'
        "</defs>",
        '<g class="areas" stroke="#333" stroke-width="0.7" stroke-linejoin="round">',
    ]
    for area in areas:
        index = class_of(area.value, breaks)
        fill = _colour(index, breaks) if index is not None else f"url(#{ident}-nodata)"
        value_text = area.label or (fmt(area.value) if area.value is not None else _("no value"))
        shape = (
            f'<path d="{path_data(area.boundary, project)}" fill="{fill}" fill-rule="evenodd" '
            f'data-ags="{escape(area.ags)}" data-value="{"" if area.value is None else area.value}">'
            f"<title>{escape(area.name)}: {escape(value_text)}</title></path>"
        )
        if area.href:
            shape = f'<a href="{escape(area.href)}">{shape}</a>'
        out.append(shape)
    out.append("</g>")
    hatched = [a for a in areas if a.highlight and a.boundary]
    if hatched:
        out.append(f'<g class="highlights" fill="url(#{ident}-hatch)" stroke="#b30000" stroke-width="1.5">')
        for area in hatched:
            out.append(f'<path d="{path_data(area.boundary, project)}" fill-rule="evenodd"/>')
        out.append("</g>")
    if points:
        out.append('<g class="points" fill="#000" stroke="#fff" stroke-width="1">')
        for point in points:
            x, y = project(point.longitude, point.latitude)
            out.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3"><title>{escape(point.title)}</title></circle>'
            )
        out.append("</g>")
    if labels:
        # The white halo is a copy of the text drawn underneath (not paint-order, which PDF
        # renderers such as WeasyPrint ignore), so that labels read on every class colour.
        texts = []
        for area in areas:
            if area.latitude is None or area.longitude is None:
                continue
            x, y = project(area.longitude, area.latitude)
            name = area.name.split(",")[0]
            value_text = area.label or (fmt(area.value) if area.value is not None else "–")
            texts.append(
                f'<text x="{x:.1f}" y="{y:.1f}">{escape(name)}'
                f'<tspan x="{x:.1f}" dy="11" font-weight="bold">{escape(value_text)}</tspan></text>'
            )
        out.append(
            '<g class="labels" font-size="10" text-anchor="middle" aria-hidden="true">'
            '<g fill="#fff" stroke="#fff" stroke-width="3" stroke-linejoin="round">'
            + "".join(texts)
            + '</g><g fill="#111">'
            + "".join(texts)
            + "</g></g>"
        )
    lx = project.width + 10
    out.append(f'<g class="legend" font-size="11" fill="#111" transform="translate({lx:.0f} 16)">')
    y = 0.0
    for colour, text in legend.entries:
        out.append(
            f'<rect x="0" y="{y:.0f}" width="18" height="14" fill="{colour}" stroke="#333" '
            'stroke-width="0.7"/>'
            f'<text x="24" y="{y + 11:.0f}">{escape(text)}</text>'
        )
        y += 22
    out.append(
        f'<rect x="0" y="{y:.0f}" width="18" height="14" fill="url(#{ident}-nodata)" stroke="#333" '
        f'stroke-width="0.7"/><text x="24" y="{y + 11:.0f}">{escape(_("no value"))}</text>'
    )
    y += 22
    if highlight_text:
        out.append(
            f'<rect x="0" y="{y:.0f}" width="18" height="14" fill="url(#{ident}-hatch)" stroke="#b30000" '
            f'stroke-width="1.5"/><text x="24" y="{y + 11:.0f}">{escape(highlight_text)}</text>'
        )
        y += 22
    if points:
        out.append(
            f'<circle cx="9" cy="{y + 7:.0f}" r="3" fill="#000" stroke="#fff"/>'
            f'<text x="24" y="{y + 11:.0f}">{escape(_("offer location"))}</text>'
        )
    out.append("</g>")
    out.append(
        f'<text x="{MARGIN:.0f}" y="{height - 4:.0f}" font-size="9" fill="#444">{escape(attribution)}</text>'
    )
    out.append("</svg>")
    return "".join(out)
