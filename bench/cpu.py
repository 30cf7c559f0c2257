"""CPU time and queries per search request, next to the raw top-20 query (issue 12).

Wall-clock times on a shared machine measure the other work as much as ours; the CPU time of
this process (``time.process_time``: Python, Django, the template and, on SQLite, the database
engine itself, which runs in-process) does not grow with the load. On PostgreSQL the server's
own CPU time is in another process and not included, so the raw query's CPU there is only the
client's share.

Run against a benchmark database (``BENCH_DATABASE_URL``); ``--generate N`` first migrates it
and fills it with one district of N offers (``bench.generate``) when it has no offers yet, so
the same database can be measured with two checkouts (before/after a change)::

    BENCH_DATABASE_URL=sqlite:///bench/data/scale.sqlite3 python -m bench.cpu --generate 100000 \
        --rounds 5 [--profile directory_broad] [--out FILE]

Each request is timed (CPU and wall) on its own; query counts come from a separate pass with
``CaptureQueriesContext`` (which adds a little overhead of its own)."""

import argparse
import cProfile
import json
import os
import pstats
import statistics
import time
from collections.abc import Callable
from pathlib import Path

SCALE_QUERIES = {
    "broad": "Beratung",
    "mid": "Frauen",
    "narrow": "Nähcafé",
    "typo": "Sprachkuts",
    "two_word": "Beratung Frauen",
}


def _timed(call: Callable[[], object]) -> tuple[float, float]:
    c0, t0 = time.process_time(), time.perf_counter()
    call()
    return (time.process_time() - c0) * 1000, (time.perf_counter() - t0) * 1000


def requests_for(district_key: str) -> dict[str, Callable[[], object]]:
    """Every request of the benchmark by name: the raw query, the directory, the API."""
    from django.core.cache import cache
    from django.test import Client

    from bench.scale import raw_top20
    from wegweiser.districts.models import District

    district = District.objects.get(key=district_key)
    client = Client()
    host = f"d{district_key}.bench"

    def get(url: str, data: dict | None = None, *, cold: bool = False) -> Callable[[], object]:
        def run() -> object:
            if cold:
                cache.clear()  # the API answer is built, not served from the response cache
            response = client.get(url, data or {}, HTTP_HOST=host)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return run

    calls: dict[str, Callable[[], object]] = {}
    for name, text in SCALE_QUERIES.items():
        raw = raw_top20(district, text)
        calls[f"raw_top20_{name}"] = raw
        calls[f"directory_{name}"] = get("/de/angebote/", {"q": text})
        calls[f"api_{name}"] = get(f"/api/hsds/v3/services?per_page=50&search={text}", cold=True)
    calls["browse_all"] = get("/de/angebote/")
    calls["browse_one_facet"] = get("/de/angebote/", {"group": "frauen"})
    return calls


def measure_cpu(*, district_key: str, rounds: int, profile: str = "", profile_out: str = "") -> dict:
    """Median CPU and wall ms per request over ``rounds`` interleaved rounds, queries per
    request, and the ratios to the raw top-20 query of the same query text."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    calls = requests_for(district_key)
    for call in calls.values():  # warm up: imports, templates, the database's page cache
        call()
    queries = {}
    for name, call in calls.items():
        with CaptureQueriesContext(connection) as captured:
            call()
        queries[name] = len(captured.captured_queries)
    cpu: dict[str, list[float]] = {name: [] for name in calls}
    wall: dict[str, list[float]] = {name: [] for name in calls}
    load_before = [round(x, 2) for x in os.getloadavg()]
    for _ in range(rounds):
        for name, call in calls.items():
            c, w = _timed(call)
            cpu[name].append(c)
            wall[name].append(w)
    result: dict = {
        "district": district_key,
        "rounds": rounds,
        "load_average": [load_before, [round(x, 2) for x in os.getloadavg()]],
        "cpu_ms": {name: round(statistics.median(v), 2) for name, v in cpu.items()},
        "wall_ms": {name: round(statistics.median(v), 2) for name, v in wall.items()},
        "queries": queries,
    }
    ratios = {}
    for name in SCALE_QUERIES:
        for kind in ("directory", "api"):
            for measure in ("cpu_ms", "wall_ms"):
                raw = result[measure][f"raw_top20_{name}"]
                ratios[f"{kind}_{name}_{measure[:-3]}_vs_raw"] = round(
                    result[measure][f"{kind}_{name}"] / raw, 2
                )
    result["ratios"] = ratios
    if profile:
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(max(rounds, 5)):
            calls[profile]()
        profiler.disable()
        stats = pstats.Stats(profiler)
        if profile_out:
            stats.dump_stats(profile_out)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--district", default="")
    parser.add_argument("--profile", default="", help="a request name to profile, e.g. directory_broad")
    parser.add_argument("--profile-out", default="", help="write the profile's statistics there")
    parser.add_argument("--generate", type=int, default=0, help="offers in one district, if none yet")
    parser.add_argument("--out")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count

    from wegweiser.catalog.models import Offer

    if args.generate:
        from bench.generate import analyse, generate

        call_command("migrate", verbosity=0)
        if not Offer.objects.exists():
            generate(offers=args.generate, districts=1)
            analyse()

    key = args.district
    if not key:
        sizes = dict(Offer.objects.values_list("district__key").annotate(n=Count("id")))
        key = max(sizes, key=lambda k: sizes[k])
    result = measure_cpu(
        district_key=key, rounds=args.rounds, profile=args.profile, profile_out=args.profile_out
    )
    text = json.dumps(result, indent=2)
    if args.out:
        Path(args.out).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
