"""The map SVG: one shape per municipality keyed by its official key, in the right place (drawn
from the real boundaries ``district_setup`` loads), a legend, no request to anyone else; charts."""

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from wegweiser.districts.models import Municipality
from wegweiser.districts.setup import district_setup
from wegweiser.planning.charts import Bar, bar_chart_svg, line_chart_svg
from wegweiser.planning.maps import MapArea, MapPoint, Projection, choropleth_svg, class_breaks, rings_of

SVG = "{http://www.w3.org/2000/svg}"


def _polygons(d: str) -> list[list[tuple[float, float]]]:
    polygons = []
    for ring in re.findall(r"M([^Z]*)Z", d):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", ring)]
        polygons.append(list(zip(numbers[0::2], numbers[1::2], strict=True)))
    return polygons


def _inside(x: float, y: float, polygons: list[list[tuple[float, float]]]) -> bool:
    """Even-odd rule over all rings (holes included)."""
    inside = False
    for ring in polygons:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


@pytest.fixture
def nordhausen(db: Any) -> list[Municipality]:
    district = district_setup(actor=None, key="16062").district
    return list(Municipality.objects.filter(district=district))


def _areas(municipalities: list[Municipality]) -> list[MapArea]:
    return [
        MapArea(
            ags=m.ags,
            name=m.name,
            boundary=m.boundary,
            value=float(m.population or 0),
            latitude=float(m.latitude) if m.latitude is not None else None,
            longitude=float(m.longitude) if m.longitude is not None else None,
            highlight=m.ags == "16062041",
        )
        for m in municipalities
    ]


def test_one_shape_per_municipality_keyed_by_official_key(nordhausen: list[Municipality]) -> None:
    svg = choropleth_svg(areas=_areas(nordhausen), title="Einwohner", highlight_text="unter dem Median")
    root = ET.fromstring(svg)  # noqa: S314
    shapes = root.findall(f".//{SVG}path[@data-ags]")
    assert sorted(s.get("data-ags", "") for s in shapes) == sorted(m.ags for m in nordhausen)
    assert len(nordhausen) > 10
    assert root.get("role") == "img" and root.find(f"{SVG}title").text == "Einwohner"  # type: ignore[union-attr]
    assert "aria-labelledby" in root.attrib
    assert not re.search(r"(href|src)=\"https?:", svg)  # nothing loaded from anyone else


def test_nordhausen_stadt_contains_its_centre(nordhausen: list[Municipality]) -> None:
    areas = _areas(nordhausen)
    svg = choropleth_svg(areas=areas, title="Einwohner")
    town = next(m for m in nordhausen if m.name == "Nordhausen, Stadt")
    projection = Projection.fit([ring for a in areas for ring in rings_of(a.boundary)])
    x, y = projection(float(town.longitude), float(town.latitude))  # type: ignore[arg-type]
    root = ET.fromstring(svg)  # noqa: S314
    shapes = {s.get("data-ags"): s for s in root.iter(f"{SVG}path") if s.get("data-ags")}
    assert _inside(x, y, _polygons(shapes["16062041"].get("d", "")))
    others = [ags for ags, shape in shapes.items() if _inside(x, y, _polygons(shape.get("d", "")))]
    assert others == ["16062041"]
    # North is up: Ellrich (north-west of Nordhausen) is drawn left of and above it.
    ellrich = next(m for m in nordhausen if m.name.startswith("Ellrich"))
    ex, ey = projection(float(ellrich.longitude), float(ellrich.latitude))  # type: ignore[arg-type]
    assert ex < x and ey < y


def test_the_svg_draws_nordhausens_centre_inside_nordhausen_stadt_only(
    nordhausen: list[Municipality],
) -> None:
    """Independent of the test's own projection: the map itself places a point at the centre
    coordinates of the municipality directory (GV-ISys), the shapes come from the BKG
    boundaries; the point must fall inside the shape keyed 16062041 and no other, and the
    centres of every other municipality inside their own shape."""
    svg = choropleth_svg(
        areas=_areas(nordhausen),
        title="Einwohner",
        points=[MapPoint(float(m.latitude), float(m.longitude), m.ags) for m in nordhausen],  # type: ignore[arg-type]
    )
    root = ET.fromstring(svg)  # noqa: S314
    shapes = {
        s.get("data-ags"): _polygons(s.get("d", "")) for s in root.iter(f"{SVG}path") if s.get("data-ags")
    }
    inside = {}
    for circle in root.iter(f"{SVG}circle"):
        title = circle.find(f"{SVG}title")
        if title is None:
            continue
        x, y = float(circle.get("cx", "0")), float(circle.get("cy", "0"))
        inside[title.text] = [ags for ags, polygons in shapes.items() if _inside(x, y, polygons)]
    assert inside["16062041"] == ["16062041"]
    assert inside == {m.ags: [m.ags] for m in nordhausen}


def test_points_labels_hatching_and_legend(nordhausen: list[Municipality]) -> None:
    svg = choropleth_svg(
        areas=_areas(nordhausen),
        title="Angebote",
        points=[MapPoint(51.505, 10.79, "Deutschkurs <VHS>")],
        highlight_text="Lücke",
    )
    assert "<title>Deutschkurs &lt;VHS&gt;</title>" in svg
    assert 'class="highlights"' in svg and "Lücke" in svg
    assert ">Nordhausen<tspan" in svg


def test_class_breaks_are_quantiles_of_the_distinct_values() -> None:
    assert class_breaks([1, 2, 3]) == [1, 2, 3]
    assert class_breaks(list(range(1, 11))) == [2, 4, 6, 8, 10]
    assert class_breaks([]) == []


def test_a_map_without_values_still_draws_every_shape() -> None:
    square = {"type": "Polygon", "coordinates": [[[10, 51], [11, 51], [11, 52], [10, 52], [10, 51]]]}
    svg = choropleth_svg(areas=[MapArea("16999001", "A", square, None)], title="leer")
    assert 'data-ags="16999001"' in svg and "nodata" in svg


def test_charts_carry_title_and_values() -> None:
    bars = bar_chart_svg(
        bars=[Bar("Adorf", 10, highlight=True), Bar("Bedorf", 20)],
        title="Je 1.000",
        benchmark=20,
        benchmark_text="Median",
    )
    root = ET.fromstring(bars)  # noqa: S314
    assert root.get("role") == "img" and "10 !" in bars and "Median" in bars
    line = line_chart_svg(points=[("2024", 3), ("2025", 5)], title="Angebote")
    line_root = ET.fromstring(line)  # noqa: S314
    assert line_root.find(f"{SVG}title").text == "Angebote"  # type: ignore[union-attr]
    assert ">5<" in line
