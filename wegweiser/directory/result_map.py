"""The map of a results page: the district's municipalities as SVG, drawn on the server with the
planning maps' projection (``planning.maps``: no tiles, no request to anyone), and a numbered
marker for each offer of the page that has a located place — the numbers of the list. Offers at
the same place share one marker ("3, 7"); markers that would hide each other (offers in one town)
are moved to the nearest free position, with a line back to their place (``place_boxes``). The
place searched near is marked with a ring.

The map is a picture (``role="img"`` with a title and a description); the same facts are in the
list and in a table beside the map (``rows``), so nothing is only on the map."""

from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.translation import gettext as _

from wegweiser.catalog.selectors.cards import Card
from wegweiser.catalog.selectors.opening import WEEKDAYS
from wegweiser.catalog.selectors.places import NearPlace
from wegweiser.districts.models import District
from wegweiser.planning.maps import Projection, path_data, rings_of

WIDTH = 400.0
FONT = 13
CHAR = 7.6  # approximate width of a digit or comma at FONT
TOP = FONT + 8.0  # room above the topmost point for its marker
HEIGHT = FONT + 6  # a marker's box
GAP = 2.0  # between two boxes moved apart


@dataclass(frozen=True)
class MapRow:
    """One line of the table beside the map."""

    number: int
    name: str
    place: str
    distance_km: float | None
    on_map: bool


@dataclass(frozen=True)
class ResultMap:
    svg: str
    rows: list[MapRow]
    marked: int  # offers with a marker


def weekday_choices() -> list[tuple[str, str]]:
    """(code, name) of the weekdays for the filter, in the interface language."""
    names: tuple[str, ...] = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"))
    names += (_("Saturday"), _("Sunday"))
    return list(zip(WEEKDAYS, names, strict=True))


def _boundaries(district: District) -> list[tuple[str, str, dict[str, Any] | None]]:
    return list(district.municipalities.order_by("name").values_list("ags", "name", "boundary"))


def result_map(
    *, district: District, cards: list[Card], first_number: int, near: NearPlace | None, name_of: Any
) -> ResultMap | None:
    """The map of ``cards`` (numbered from ``first_number``); None when no card has a located
    place and nothing was searched near. ``name_of(card)``: the offer's name as the list shows it."""
    rows: list[MapRow] = []
    markers: dict[tuple[float, float], list[tuple[int, str]]] = {}
    for index, card in enumerate(cards):
        number = first_number + index
        place = card.map_place
        where = ", ".join(p for p in [place.name, place.municipality] if p) if place else ""
        if not where:
            where = ", ".join(card.municipalities) or _("no fixed place")
        rows.append(MapRow(number, name_of(card), where, card.distance_km, place is not None))
        if place is not None and place.latitude is not None and place.longitude is not None:
            markers.setdefault((place.latitude, place.longitude), []).append((number, name_of(card)))
    if not markers and near is None:
        return None
    areas = _boundaries(district)
    # Fitted to the municipalities and to every marker (a place just outside the district too).
    points = [[lon, lat] for lat, lon in markers] + ([[near.longitude, near.latitude]] if near else [])
    project = Projection.fit(
        [ring for _ags, _name, b in areas for ring in rings_of(b)] + [points], width=WIDTH
    )
    title = _("Map of the offers on this page")
    description = _(
        "%(marked)s of %(count)s offers on this page have a place on the map; the numbers are "
        "those of the list. The same facts are in the table below the map."
    ) % {"marked": sum(len(m) for m in markers.values()), "count": len(cards)}
    if near is not None:
        description += " " + _("The ring marks %(place)s.") % {"place": near.label}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="result-map" '
        f'viewBox="0 {-TOP:.0f} {project.width:.0f} {project.height + TOP:.0f}" role="img" '
        'aria-labelledby="result-map-title result-map-desc" font-family="sans-serif">',
        f'<title id="result-map-title">{escape(title)}</title>',
        f'<desc id="result-map-desc">{escape(description)}</desc>',
        '<g class="areas" fill="#f4f4f0" stroke="#777" stroke-width="0.8" stroke-linejoin="round">',
    ]
    for ags, name, boundary in areas:
        out.append(
            f'<path d="{path_data(boundary, project)}" fill-rule="evenodd" data-ags="{escape(ags)}">'
            f"<title>{escape(name.split(',')[0])}</title></path>"
        )
    out.append("</g>")
    if near is not None:
        x, y = project(near.longitude, near.latitude)
        out.append(
            f'<g class="near"><circle cx="{x:.1f}" cy="{y:.1f}" r="11" fill="none" stroke="#b30000" '
            f'stroke-width="3"/><circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#b30000"/>'
            f"<title>{escape(near.label)}</title></g>"
        )
    out.append(f'<g class="markers" font-size="{FONT}" font-weight="bold" text-anchor="middle">')
    ordered = sorted(markers.items(), key=lambda item: item[1][0][0])  # the list's order
    labels = [", ".join(str(n) for n, _name in entries) for _point, entries in ordered]
    anchors = [
        (*project(lon, lat), max(HEIGHT, len(label) * CHAR + 8))
        for ((lat, lon), _e), label in zip(ordered, labels, strict=True)
    ]
    boxes = place_boxes(anchors, bounds=(0.0, -TOP, project.width, project.height))
    drawn = []
    for (_point, entries), label, (x, y, width), (bx, by) in zip(
        ordered, labels, anchors, boxes, strict=True
    ):
        names = "; ".join(f"{n}: {name}" for n, name in entries)
        moved = ""
        if (bx, by) != _home(x, y, width):  # moved off its place: a line leads back to it
            ex = min(max(x, bx), bx + width)
            ey = min(max(y, by), by + HEIGHT)
            moved = (
                f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{ex:.1f}" y2="{ey:.1f}" '
                'stroke="#08519c" stroke-width="1.5"/>'
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#08519c" stroke="#fff" stroke-width="1"/>'
            )
        drawn.append(
            f'<g class="marker" data-numbers="{escape(label)}"><title>{escape(names)}</title>{moved}'
            f'<rect x="{bx:.1f}" y="{by:.1f}" width="{width:.1f}" height="{HEIGHT}" '
            f'rx="4" fill="#08519c" stroke="#fff" stroke-width="1.5"/>'
            f'<text x="{bx + width / 2:.1f}" y="{by + FONT + 1.5:.1f}" fill="#fff">{escape(label)}</text></g>'
        )
    out += reversed(drawn)  # the first numbers on top
    out.append("</g>")
    out.append(
        f'<text x="4" y="{project.height - 3:.0f}" font-size="9" fill="#444">'
        f"{escape('© GeoBasis-DE / BKG 2021 (Daten verändert)')}</text>"
    )
    out.append("</svg>")
    return ResultMap(svg="".join(out), rows=rows, marked=sum(len(m) for m in markers.values()))


def place_boxes(
    anchors: list[tuple[float, float, float]], *, bounds: tuple[float, float, float, float]
) -> list[tuple[float, float]]:
    """The top-left corner of each marker's box (``anchors``: the point's x, y and the box's
    width, in the order of the list): above its point where that box is free, else the nearest
    free position around it (stacked above or below, or beside), so that no number hides
    another — offers in one town lie close together. Inside ``bounds`` (x0, y0, x1, y1) where
    possible; a box with no free position keeps its place."""
    placed: list[tuple[float, float, float, float]] = []
    corners = []
    x0, y0, x1, y1 = bounds
    step = HEIGHT + GAP
    for x, y, width in anchors:
        home = _home(x, y, width)
        beside = width + 2 * GAP  # a box of its own width beside the one above the point
        offsets = sorted(  # nearest first, above before below; (0, 0): its own place
            ((dx, dy * step) for dy in range(-6, 7) for dx in (0.0, beside, -beside)),
            key=lambda o: (abs(o[0]) + abs(o[1]), o[1] > 0, abs(o[0])),
        )
        corner = home
        for dx, dy in offsets:
            bx, by = home[0] + dx, home[1] + dy
            box = (bx, by, bx + width, by + HEIGHT)
            inside = bx >= x0 and by >= y0 and box[2] <= x1 and box[3] <= y1
            if inside and not any(_overlap(box, other) for other in placed):
                corner = (bx, by)
                break
        placed.append((corner[0], corner[1], corner[0] + width, corner[1] + HEIGHT))
        corners.append(corner)
    return corners


def _home(x: float, y: float, width: float) -> tuple[float, float]:
    """The top-left corner of a marker's box right above its point."""
    return (x - width / 2, y - FONT - 4)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] + GAP and b[0] < a[2] + GAP and a[1] < b[3] + GAP and b[1] < a[3] + GAP
