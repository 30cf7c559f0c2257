"""`make bench`: build the synthetic catalog on SQLite and PostgreSQL and time the public search.

Each database runs in its own process (``python -m bench.run --db sqlite|postgres``); the parent
collects the JSON results into bench/results/. Server time is measured around Django's test
client (middleware, view, selectors, template), so it excludes only the network.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench/results"
DATA = ROOT / "bench/data"
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/wegweiser_bench")

QUERIES = [
    "Deutschkurs",
    "Sprachkurse",
    "Beratung",
    "Integrationskurs",
    "Flüchtlinge",
    "Fluechtlinge",
    "Kinderbetreuung",
    "Bewerbung",
    "Arbeit",
    "Frauen",
    "Elterncafe",
    "Migrationsberatung",
    "Hausaufgabenhilfe",
    "Sprachkuts",
    "Ausbildung",
    "Jugendliche",
    "Wohnungssuche",
    "Gesundheit",
    "Beratung Frauen",
    "language course",
]
FACETS = ["group=frauen", "field=sprache-bildung&free=1", "language=ar&language=uk", "kind=kurs&childcare=1"]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(db: str, offers: int, rounds: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    import random

    from django.core.management import call_command
    from django.test import Client

    from bench.generate import generate
    from wegweiser.districts.models import District

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    generated = generate(offers=offers)
    build_seconds = time.perf_counter() - started

    rng = random.Random(7)
    districts = list(District.objects.order_by("key").values_list("key", flat=True))
    from wegweiser.catalog.models import Offer

    sizes = {
        k: n
        for k, n in Offer.objects.values_list("district__key").annotate(
            n=__import__("django").db.models.Count("id")
        )
    }
    largest = max(sizes, key=lambda k: sizes[k])
    sample = [largest, *rng.sample(districts, 9)]
    client = Client()
    timings: dict[str, list[float]] = {
        "first_request_after_change": [],
        "search": [],
        "search_with_facets": [],
        "browse_facets_only": [],
    }
    # The first request after a change to a district's catalog builds its facet index; it is
    # measured on its own, every later request uses the cached index.
    for key in sample:
        t0 = time.perf_counter()
        client.get("/de/angebote/", {"q": "Beratung"}, HTTP_HOST=f"d{key}.bench")
        timings["first_request_after_change"].append((time.perf_counter() - t0) * 1000)
    for _ in range(rounds):
        for key in sample:
            host = f"d{key}.bench"
            for n, query in enumerate(QUERIES):
                t0 = time.perf_counter()
                response = client.get("/de/angebote/", {"q": query}, HTTP_HOST=host)
                timings["search"].append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200
                facet = FACETS[n % len(FACETS)]
                t0 = time.perf_counter()
                response = client.get(f"/de/angebote/?q={query}&{facet}", HTTP_HOST=host)
                timings["search_with_facets"].append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200
            t0 = time.perf_counter()
            client.get(f"/de/angebote/?{FACETS[0]}", HTTP_HOST=host)
            timings["browse_facets_only"].append((time.perf_counter() - t0) * 1000)
    summary = {
        name: {
            "requests": len(values),
            "median_ms": round(statistics.median(values), 2),
            "p95_ms": round(_percentile(values, 0.95), 2),
            "max_ms": round(max(values), 2),
        }
        for name, values in timings.items()
    }
    return {
        "database": db,
        "generated": generated,
        "build_seconds": round(build_seconds, 1),
        "largest_district": {"key": largest, "offers": sizes[largest]},
        "sampled_districts": sample,
        "results": summary,
    }


def _prepare(db: str) -> str:
    if db == "sqlite":
        DATA.mkdir(parents=True, exist_ok=True)
        path = DATA / "bench.sqlite3"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    name = PG_URL.rsplit("/", 1)[1]
    admin = PG_ADMIN_URL.replace("postgres://", "").split("@")[1].split("/")[0]
    host, port = admin.split(":")
    for sql in [f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"]:
        subprocess.run(
            ["psql", "-h", host, "-p", port, "-U", "postgres", "-q", "-c", sql, "postgres"], check=True
        )
    return PG_URL


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"])
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.db:  # child process: one database
        result = measure(args.db, args.offers, args.rounds)
        Path(args.out).write_text(json.dumps(result, indent=2))
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    combined = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "offers": args.offers,
        "runs": {},
    }
    for db in ["sqlite", "postgres"]:
        out = RESULTS / f"search-{db}.json"
        env = os.environ | {"BENCH_DATABASE_URL": _prepare(db), "DJANGO_SETTINGS_MODULE": "bench.settings"}
        cmd = [
            sys.executable,
            "-m",
            "bench.run",
            "--db",
            db,
            "--offers",
            str(args.offers),
            "--rounds",
            str(args.rounds),
            "--out",
            str(out),
        ]
        print(f"== {db}: generating {args.offers} offers and measuring …", flush=True)
        subprocess.run(cmd, check=True, env=env, cwd=ROOT)
        combined["runs"][db] = json.loads(out.read_text())
    lines = [
        "# Search benchmark",
        "",
        f"Machine: {combined['machine']}. Offers: {args.offers} over 400 districts.",
        "",
        "| database | case | requests | median ms | p95 ms | max ms |",
        "|---|---|---|---|---|---|",
    ]
    for db, run in combined["runs"].items():
        for case, r in run["results"].items():
            lines.append(
                f"| {db} | {case} | {r['requests']} | {r['median_ms']} | {r['p95_ms']} | {r['max_ms']} |"
            )
    for db, run in combined["runs"].items():
        lines.append("")
        lines.append(f"{db}: built in {run['build_seconds']} s; largest district {run['largest_district']}.")
    (RESULTS / "search.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
