"""Time the import of indicator values: 10 indicators × 5 years for every municipality of the
400 districts (the nation catalog's municipalities: all of Germany's), one template CSV per
district as staff would upload it. Dry run, commit into empty tables, re-import unchanged; the
total over all districts (wall and CPU time of this process) and the median per district."""

import csv
import io
import statistics
import time

from wegweiser.districts.models import District, Municipality
from wegweiser.planning.models import Indicator, IndicatorValue
from wegweiser.planning.services import indicator_values_import

INDICATORS = 10
YEARS = [2020, 2021, 2022, 2023, 2024]
HEADER = ["Schlüssel", "Gemeinde", "Indikator", "Stichtag", "Wert"]


def _files() -> dict[str, tuple[District, bytes, int]]:
    """{district key: (district, the CSV template filled in, number of values)}."""
    municipalities: dict[object, list[tuple[str, str, int]]] = {}
    for district_id, ags, name, population in Municipality.objects.values_list(
        "district_id", "ags", "name", "population"
    ):
        municipalities.setdefault(district_id, []).append((ags, name, population or 0))
    files = {}
    for district in District.objects.order_by("key"):
        out = io.StringIO(newline="")
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        count = 0
        for ags, name, population in municipalities.get(district.pk, []):
            for n in range(INDICATORS):
                for year in YEARS:
                    value = f"{population * (n + 1) * (year - 2000) / 1000:.1f}".replace(".", ",")
                    writer.writerow([ags, name, f"indikator-{n}", f"31.12.{year}", value])
                    count += 1
        files[district.key] = (district, out.getvalue().encode("utf-8"), count)
    return files


def measure_indicator_import() -> dict:
    districts = list(District.objects.all())
    Indicator.objects.bulk_create(
        [
            Indicator(district=d, code=f"indikator-{n}", name=f"Indikator {n}", unit="Personen")
            for d in districts
            for n in range(INDICATORS)
        ]
    )
    t0 = time.perf_counter()
    files = _files()
    prepare_seconds = round(time.perf_counter() - t0, 2)
    values = sum(n for _d, _data, n in files.values())
    runs: dict[str, dict] = {}
    for case, commit in [
        ("dry_run", False),
        ("commit_into_empty_tables", True),
        ("reimport_unchanged", True),
    ]:
        per_district = []
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        started = time.perf_counter()
        cpu_started = time.process_time()
        for district, data, _n in files.values():
            t0 = time.perf_counter()
            report = indicator_values_import(
                actor=None, district=district, file_name="werte.csv", data=data, commit=commit
            )
            per_district.append(time.perf_counter() - t0)
            assert report.ok, [str(p) for p in report.errors[:5]]
            for outcome in counts:
                counts[outcome] += sum(c[outcome] for c in report.counts.values())
        runs[case] = {
            "seconds": round(time.perf_counter() - started, 1),
            "cpu_seconds": round(time.process_time() - cpu_started, 1),
            "median_district_ms": round(statistics.median(per_district) * 1000, 1),
            "max_district_ms": round(max(per_district) * 1000, 1),
            "values": counts,
        }
    assert IndicatorValue.objects.count() == values
    return {
        "districts": len(files),
        "municipalities": Municipality.objects.count(),
        "indicators_per_district": INDICATORS,
        "years": len(YEARS),
        "values": values,
        "file_bytes": sum(len(data) for _d, data, _n in files.values()),
        "prepare_seconds": prepare_seconds,
        "runs": runs,
    }
