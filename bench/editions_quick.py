"""A quick check of the printed catalog's cost on an existing benchmark database: the first
N public offers of a district in German, Arabic and Farsi, each built RUNS times in a fresh
process (``bench.editions``), with wall-clock and CPU medians (the build as ``build_once``
times it, and the whole child process including Python and Django start-up) and the load
average. It does not generate data: run ``make bench`` (or ``bench.run --cases editions``)
once, or generate a district with ``bench.generate``, and point BENCH_DATABASE_URL at it.

    BENCH_DATABASE_URL=sqlite:///bench/data/bench.sqlite3 \\
        python -m bench.editions_quick [--district KEY] [--offers 500] [--runs 3] [de ar fa]
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _child(key: str, size: int, language: str, mode: str = "") -> tuple[dict[str, Any], float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    output = subprocess.run(
        [sys.executable, "-m", "bench.editions", key, str(size), language, mode, ""],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return json.loads(output.strip().splitlines()[-1]), wall, cpu


def _largest_district() -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.db.models import Count

    from wegweiser.districts.models import District

    return District.objects.annotate(n=Count("offers")).order_by("-n").values_list("key", flat=True)[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("languages", nargs="*", default=["de", "ar", "fa"])
    parser.add_argument("--district", default="")
    parser.add_argument("--offers", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    key = args.district or _largest_district()
    print(f"district {key}, {args.offers} offers; load average {os.getloadavg()}", flush=True)
    for language in args.languages:
        _child(key, args.offers, language, "prepare")  # draws the QR codes the cache lacks
        builds = [_child(key, args.offers, language) for _ in range(args.runs)]

        def median(values: list[float]) -> float:
            return round(statistics.median(values), 2)

        timings = [b for b, _wall, _cpu in builds]
        steps = {
            step: (median([t["wall_s"][step] for t in timings]), median([t["cpu_s"][step] for t in timings]))
            for step in ("snapshot", "document", "engine")
        }
        build_wall = median([sum(t["wall_s"].values()) for t in timings])
        build_cpu = median([sum(t["cpu_s"].values()) for t in timings])
        process_wall = median([wall for _b, wall, _cpu in builds])
        process_cpu = median([cpu for _b, _wall, cpu in builds])
        print(
            f"{language}: build wall {build_wall} s, CPU {build_cpu} s;"
            f" process wall {process_wall} s, CPU {process_cpu} s;"
            f" steps (wall, CPU) {steps}; {timings[0]['pages']} pages, {timings[0]['pdf_kb']} KB;"
            f" load average {tuple(round(x, 1) for x in os.getloadavg())}",
            flush=True,
        )


if __name__ == "__main__":
    main()
