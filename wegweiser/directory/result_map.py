"""The map of a results page: the district's municipalities as SVG, drawn on the server with the
planning maps' projection (``planning.maps``: no tiles, no request to anyone), and a numbered
marker for each offer of the page that has a located place — the numbers of the list. Offers at
the same place share one marker ("3, 7"). The place searched near is marked with a ring.

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
CHAR = 7.6
TOP = (
    FONT + 8.0
)  # room above the topmost point for its marker  # approximate width of a digit or comma at FONT


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


def result_municipality_names(district: District) -> list[tuple[str, str]]:
    """(short name, slug) of the district's municipalities: suggestions for the "near" field."""
    return [(name.split(",")[0], slug) for name, slug in district.municipalities.values_list("name", "slug")]


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
    for (lat, lon), entries in sorted(markers.items(), key=lambda item: item[1][0][0], reverse=True):
        x, y = project(lon, lat)
        label = ", ".join(str(n) for n, _name in entries)
        width = max(FONT + 6, len(label) * CHAR + 8)
        names = "; ".join(f"{n}: {name}" for n, name in entries)
        out.append(
            f'<g class="marker" data-numbers="{escape(label)}"><title>{escape(names)}</title>'
            f'<rect x="{x - width / 2:.1f}" y="{y - FONT - 4:.1f}" width="{width:.1f}" height="{FONT + 6}" '
            f'rx="4" fill="#08519c" stroke="#fff" stroke-width="1.5"/>'
            f'<text x="{x:.1f}" y="{y - 2.5:.1f}" fill="#fff">{escape(label)}</text></g>'
        )
    out.append("</g>")
    out.append(
        f'<text x="4" y="{project.height - 3:.0f}" font-size="9" fill="#444">'
        f"{escape('© GeoBasis-DE / BKG 2021 (Daten verändert)')}</text>"
    )
    out.append("</svg>")
    return ResultMap(svg="".join(out), rows=rows, marked=sum(len(m) for m in markers.values()))
