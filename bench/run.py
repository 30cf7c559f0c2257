"""`make bench`: build synthetic catalogs on SQLite and PostgreSQL and time the public search, the
HSDS API and the HSDS import.

Each (case, database) pair runs in its own process (``python -m bench.run --case C --db D``) on a
freshly created database; the parent collects the JSON results into bench/results/. Server time is
measured around Django's test client (middleware, view, selectors, template or JSON), so it
excludes only the network.

Cases:
- ``nation``: 100,000 offers over the 400 German districts; the directory search and the HSDS API
  in the largest district and 9 random ones.
- ``one-district``: 100,000 offers in a single district (the API's worst case: it serves one
  district per host name); the HSDS API.
- ``editions``: the printed catalog (PDF) of 100, 500 and 2,000 offers in German (typst) and Arabic
  (WeasyPrint), and German through WeasyPrint for comparison
  (one district of 2,000 offers; building is independent of the database, so SQLite only).
- ``import``: a district with 10,000 services exported as an HSDS data package and imported into an
  empty catalog (dry run, commit, idempotent re-import).
- ``concurrency``: 8 editors save offers in the back office at the same time for 30 s, over HTTP
  against gunicorn (``bench/concurrency.py``): saves per second, conflicts, errors, latency.
- ``confirmations``: the confirmation runs of one district with 10,000 offers of 1,000
  organisations, sending to a local SMTP server (``bench/confirmations.py``): seconds and queries.
"""

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import time
from pathlib import Path

from bench.stats import summarise

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench/results"
DATA = ROOT / "bench/data"
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/wegweiser_bench")
CASES = {
    "nation": 100_000,
    "one-district": 100_000,
    "import": 10_000,
    "editions": 2_000,
    "concurrency": 500,
    "confirmations": 10_000,
}
DATABASES = ["sqlite", "postgres"]

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


def _district_sizes() -> dict[str, int]:
    from django.db.models import Count

    from wegweiser.catalog.models import Offer

    return dict(Offer.objects.values_list("district__key").annotate(n=Count("id")))


def measure_search(sample: list[str], rounds: int) -> dict:
    from django.test import Client

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
    return summarise(timings)


def measure(case: str, db: str, offers: int, rounds: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.api import measure_api
    from bench.generate import generate
    from bench.importing import measure_import
    from wegweiser.districts.models import District

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    single = case in ("one-district", "import", "editions", "concurrency", "confirmations")
    generated = generate(offers=offers, districts=1 if single else 400)
    build_seconds = time.perf_counter() - started
    sizes = _district_sizes()
    largest = max(sizes, key=lambda k: sizes[k])
    result: dict = {
        "case": case,
        "database": db,
        "generated": generated,
        "build_seconds": round(build_seconds, 1),
        "largest_district": {"key": largest, "offers": sizes[largest]},
    }
    if case == "nation":
        districts = list(District.objects.order_by("key").values_list("key", flat=True))
        sample = [largest, *random.Random(7).sample(districts, 9)]
        result["sampled_districts"] = sample
        result["results"] = measure_search(sample, rounds)
        result["api"] = measure_api(district_keys=sample, rounds=1)
    elif case == "one-district":
        result["api"] = measure_api(district_keys=[largest], rounds=rounds * 5)
    elif case == "concurrency":
        from bench.concurrency import measure_concurrency

        result["concurrency"] = measure_concurrency(district_key=largest, seconds=30)
    elif case == "editions":
        from bench.editions import measure_editions

        result["editions"] = measure_editions(district_key=largest, rounds=max(rounds, 3))
    elif case == "confirmations":
        from bench.confirmations import measure_confirmations

        result["confirmations"] = measure_confirmations(district_key=largest, rounds=rounds)
    else:
        result["import"] = measure_import(district_key=largest)
    return result


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


def _table(rows: list[tuple], header: tuple) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]


def _timing_rows(runs: dict[str, dict], key: str) -> list[tuple]:
    return [
        (db, case, r["requests"], r["median_ms"], r["p95_ms"], r["max_ms"])
        for db, run in runs.items()
        for case, r in run[key].items()
    ]


TIMING_HEADER = ("database", "case", "requests", "median ms", "p95 ms", "max ms")


def write_reports(machine: str, runs: dict[str, dict[str, dict]]) -> None:
    """bench/results/<case>.md from the JSON results of the cases just run."""
    head = [f"Machine: {machine}. Median, 95th percentile and maximum of server time per request.", ""]
    if "nation" in runs:
        nation = runs["nation"]
        any_run = next(iter(nation.values()))
        lines = ["# Search benchmark", "", *head]
        lines[-2] += f" Offers: {any_run['generated']['offers']} over 400 districts."
        lines += _table(_timing_rows(nation, "results"), TIMING_HEADER)
        for db, run in nation.items():
            lines += [
                "",
                f"{db}: built in {run['build_seconds']} s; largest district {run['largest_district']}.",
            ]
        (RESULTS / "search.md").write_text("\n".join(lines) + "\n")
    api_parts = []
    for case, title in [
        ("nation", "%(offers)s offers over 400 districts (the largest district and 9 random ones)"),
        ("one-district", "%(offers)s offers in one district"),
    ]:
        if case in runs:
            offers = next(iter(runs[case].values()))["generated"]["offers"]
            api_parts.append((title % {"offers": f"{offers:,}"}, runs[case]))
    if api_parts:
        lines = ["# HSDS API benchmark", "", *head]
        lines[-1:] = [
            "Every request except `cache_hit` starts from an empty response cache.",
            "",
        ]
        for title, runs_ in api_parts:
            lines += [f"## {title}", ""]
            lines += _table(_timing_rows(runs_, "api"), TIMING_HEADER)
            for db, run in runs_.items():
                lines += ["", f"{db}: largest district {run['largest_district']}."]
            lines.append("")
        (RESULTS / "api.md").write_text("\n".join(lines) + "\n")
    if "import" in runs:
        lines = ["# HSDS import benchmark", "", f"Machine: {machine}.", ""]
        rows = []
        for db, run in runs["import"].items():
            imp = run["import"]
            rows.append((db, "export", imp["services"], imp["export_seconds"], ""))
            for case, r in imp["runs"].items():
                rows.append((db, case, imp["services"], r["seconds"], r["services"]))
        lines += _table(
            rows, ("database", "step", "services", "seconds", "services created/updated/unchanged")
        )
        size = next(iter(runs["import"].values()))["import"]["package_bytes"]
        lines += ["", f"Data package: {size / 1e6:.1f} MB (zip)."]
        (RESULTS / "import.md").write_text("\n".join(lines) + "\n")
    if "editions" in runs:
        lines = ["# Printed catalog (PDF) benchmark", "", f"Machine: {machine}.", ""]
        lines += [
            "Whole build: data snapshot, layout, tagged PDF. Left-to-right languages are typeset by typst,",
            "right-to-left ones by WeasyPrint; German through WeasyPrint is shown for comparison.",
            "Median of 5 runs with typst, 3 with WeasyPrint (at 2,000 offers: one run).",
            "",
        ]
        edition_rows: list[tuple] = [
            (r["offers"], r["language"], r["engine"], r["runs"], r["median_s"], r["pages"], r["pdf_kb"])
            for run in runs["editions"].values()
            for r in run["editions"].values()
        ]
        lines += _table(
            edition_rows, ("Offers", "Language", "Engine", "Runs", "Median (s)", "Pages", "PDF (KB)")
        )
        (RESULTS / "editions.md").write_text("\n".join(lines) + "\n")
    if "concurrency" in runs:
        lines = ["# Concurrent editing benchmark", "", f"Machine: {machine}.", ""]
        lines += [
            "8 editors (threads with their own session) open the change form of a random offer out of 16",
            "and save it with a changed notice, for 30 s, over HTTP against gunicorn (4 workers x 2",
            "threads) on a file database. *Conflicts* are saves refused by the optimistic lock because",
            "another editor saved the same offer in between (the user sees who changed what);",
            '*errors* are everything else (HTTP 500 such as "database is locked", timeouts).',
            "The load generator and the server share the machine (and with other work running on it).",
            "",
        ]
        concurrency_rows: list[tuple] = [
            (
                db,
                r["seconds"],
                r["saved"],
                r["saves_per_second"],
                r["conflicts_refused"],
                r["errors"],
                r["save_median_ms"],
                r["save_p95_ms"],
                r["open_median_ms"],
                " / ".join(str(x) for x in r.get("load_average", [])),
            )
            for db, run in runs["concurrency"].items()
            for r in [run["concurrency"]]
        ]
        lines += _table(
            concurrency_rows,
            (
                "database",
                "seconds",
                "saved",
                "saves/s",
                "conflicts",
                "errors",
                "save median ms",
                "save p95 ms",
                "open form median ms",
                "load average before / after",
            ),
        )
        (RESULTS / "concurrency.md").write_text("\n".join(lines) + "\n")
    if "confirmations" in runs:
        from bench.confirmations_report import confirmations_report

        (RESULTS / "confirmations.md").write_text(confirmations_report(machine, runs["confirmations"]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--case", choices=list(CASES), help="child process: run one case")
    parser.add_argument("--db", choices=DATABASES, help="child process: on one database")
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated cases to run")
    parser.add_argument("--dbs", default=",".join(DATABASES), help="comma-separated databases")
    parser.add_argument("--offers", type=int, help="override the case's number of offers")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.case:  # child process: one case on one database
        result = measure(args.case, args.db, args.offers or CASES[args.case], args.rounds)
        Path(args.out).write_text(json.dumps(result, indent=2))
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    runs: dict[str, dict[str, dict]] = {}
    for case in args.cases.split(","):
        for db in args.dbs.split(","):
            if case == "editions" and db != "sqlite":
                continue  # typesetting does not touch the database
            out = RESULTS / f"{case}-{db}.json"
            env = os.environ | {
                "BENCH_DATABASE_URL": _prepare(db),
                "DJANGO_SETTINGS_MODULE": "bench.settings",
            }
            offers = args.offers or CASES[case]
            cmd = [sys.executable, "-m", "bench.run", "--case", case, "--db", db, "--offers", str(offers)]
            cmd += ["--rounds", str(args.rounds), "--out", str(out)]
            print(f"== {case} on {db}: generating {offers} offers and measuring …", flush=True)
            subprocess.run(cmd, check=True, env=env, cwd=ROOT)
            runs.setdefault(case, {})[db] = json.loads(out.read_text())
    # Reports cover every case with results on disk, so that a partial run keeps the others.
    for case in CASES:
        for db in DATABASES:
            path = RESULTS / f"{case}-{db}.json"
            if path.exists() and db not in runs.get(case, {}):
                runs.setdefault(case, {})[db] = json.loads(path.read_text())
    write_reports(machine, {case: runs[case] for case in CASES if case in runs})
    for name in ("search", "api", "import", "editions", "concurrency", "confirmations"):
        path = RESULTS / f"{name}.md"
        if path.exists():
            print(path.read_text())


if __name__ == "__main__":
    main()
