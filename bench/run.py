"""`make bench`: build synthetic catalogs on SQLite and PostgreSQL and time the public search, the
HSDS API and the HSDS import.

Each (case, database) pair runs in its own process (``python -m bench.run --case C --db D``) on a
freshly created database; the parent collects the JSON results into bench/results/. Server time is
measured around Django's test client (middleware, view, selectors, template or JSON), so it
excludes only the network.

Cases:
- ``nation``: 100,000 offers over the 400 German districts; the directory search and the HSDS API
  in the largest district and 9 random ones; search at scale (``bench/scale.py``) in the largest
  district (about 4,500 offers); the resident memory of a fresh worker that serves searches in all
  400 districts and then through edits (``bench/memory.py``).
- ``one-district``: 100,000 offers in a single district (the API's worst case: it serves one
  district per host name); search at scale (``bench/scale.py``: directory and API search next to
  the raw top-20 query, facet-only browsing, first search after an edit) and the HSDS API.
- ``editions``: the printed catalog (PDF) of 100, 500 and 2,000 offers in German (typst), and of
  100 and 500 in Arabic and Farsi (WeasyPrint), each build in a fresh process, with the time of
  each step (one district of 2,000 offers; building hardly touches the database, so SQLite only).
- ``import``: a district with 10,000 services exported as an HSDS data package and imported into an
  empty catalog (dry run, commit, idempotent re-import).
- ``concurrency``: 8 editors save offers in the back office at the same time for 30 s, over HTTP
  against gunicorn (``bench/concurrency.py``): saves per second, conflicts, errors, latency.
- ``reports``: the nation catalog; a committee report over the largest district built and rendered as
  DOCX and PDF, 5 rounds (``bench/reports.py``).
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

from bench.markdown import write_blocks
from bench.stats import summarise

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench/results"
DATA = ROOT / "bench/data"
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/wegweiser_bench")
# ``indicators`` needs the nation's municipalities, not its offers: a small catalog is generated.
CASES = {
    "nation": 100_000,
    "planning": 100_000,
    "one-district": 100_000,
    "import": 10_000,
    "editions": 2_000,
    "concurrency": 500,
    "confirmations": 10_000,
    "indicators": 4_000,
    "reports": 100_000,
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
    from bench.generate import analyse, generate
    from bench.importing import measure_import
    from bench.scale import measure_scale
    from wegweiser.districts.models import District

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    single = case in ("one-district", "import", "editions", "concurrency", "confirmations")
    generated = generate(offers=offers, districts=1 if single else 400)
    analyse()
    build_seconds = time.perf_counter() - started
    load_before = [round(x, 2) for x in os.getloadavg()]
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
        result["scale"] = measure_scale(district_key=largest, rounds=rounds * 5, edits=20)
        out = DATA / f"memory-{db}.json"
        DATA.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "bench.memory", "--out", str(out)], check=True, cwd=ROOT)
        result["memory"] = json.loads(out.read_text())
    elif case == "planning":
        from bench.planning import measure_planning, planning_data_load

        result["planning_data"] = planning_data_load()
        result["planning"] = measure_planning(district_key=largest, rounds=max(rounds, 5) * 4)
        result["planning_results"] = result["planning"]["results"]
    elif case == "one-district":
        from bench.cpu import measure_cpu

        result["scale"] = measure_scale(district_key=largest, rounds=rounds * 5, edits=10)
        result["cpu"] = measure_cpu(district_key=largest, rounds=rounds * 3)
        result["api"] = measure_api(district_keys=[largest], rounds=rounds)
    elif case == "concurrency":
        from bench.concurrency import measure_concurrency

        result["concurrency"] = measure_concurrency(district_key=largest, seconds=30)
    elif case == "editions":
        from bench.editions import measure_editions

        result["editions"] = measure_editions(district_key=largest, rounds=max(rounds, 3))
    elif case == "confirmations":
        from bench.confirmations import measure_confirmations

        result["confirmations"] = measure_confirmations(district_key=largest, rounds=rounds)
    elif case == "reports":
        from bench.reports import measure_reports

        result["reports"] = measure_reports(district_key=largest, rounds=max(rounds, 5))
    elif case == "indicators":
        from bench.indicators import measure_indicator_import

        result["indicators"] = measure_indicator_import()
    else:
        result["import"] = measure_import(district_key=largest)
    # The machine is shared: the load average (1, 5, 15 min) before and after measuring.
    result["load_average"] = [load_before, [round(x, 2) for x in os.getloadavg()]]
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


EDITION_TARGETS = {"de": 1.0, "ar": 10.0, "fa": 10.0}  # seconds for 500 offers (issue 12)


def _editions_report(machine: str, runs: dict[str, dict]) -> str:
    lines = ["# Printed catalog (PDF) benchmark", "", f"Machine: {machine}.", ""]
    lines += [
        "Whole build as `catalog_pdf_build` runs it: snapshot (database to JSON), document (sections,",
        "facts, indexes, QR codes), engine (typst for every language; right-to-left PDFs then have",
        "their lines put into reading order; rows marked weasyprint are the comparison with the",
        "former right-to-left engine). Every build in a fresh process (typst memoises layout).",
        "*Document with QR drawing*: the document step when the language's QR codes are not cached",
        "yet (first build; they are cached in the database afterwards); the medians are over builds",
        "after it. CPU: time of the building process, all threads — less disturbed by other work on",
        "a shared machine than wall-clock time.",
        "",
    ]
    header = (
        "Offers",
        "Language",
        "Engine",
        "Runs",
        "Document with QR drawing (s)",
        "Median (s)",
        "snapshot / document / engine (s)",
        "Median CPU (s)",
        "Pages",
        "PDF (KB)",
        "Load average after",
    )
    rows: list[tuple] = []
    verdicts: list[str] = []
    for run in runs.values():
        data = run["editions"]
        builds = data.get("builds", data)
        lines[2] += (
            f" Load average before: {' / '.join(str(x) for x in data.get('load_average_before', []))}."
        )
        for r in builds.values():
            steps = r.get("steps_median_s", {})
            rows.append(
                (
                    r["offers"],
                    r["language"],
                    r["engine"],
                    r["runs"],
                    r.get("document_with_qr_drawing_s", ""),
                    r["median_s"],
                    " / ".join(str(steps[s]) for s in ("snapshot", "document", "engine")) if steps else "",
                    r.get("median_cpu_s", ""),
                    r["pages"],
                    r["pdf_kb"],
                    " / ".join(str(x) for x in r.get("load_average", [])),
                )
            )
            target = EDITION_TARGETS.get(r["language"])
            if r["offers"] == 500 and target is not None and r["engine"] == "typst":
                met = "met" if r["median_s"] <= target else "**missed**"
                verdicts.append(
                    f"- 500 offers, {r['language']}: median {r['median_s']} s"
                    f" (CPU {r.get('median_cpu_s', '?')} s) against ≤ {target:g} s — {met}."
                )
    lines += _table(rows, header)
    if verdicts:
        lines += ["", "Targets of issue 12 (wall-clock medians on this machine):", "", *verdicts]
    lines += [
        "",
        "A load average far above the 2 cores means the machine was shared with other work: wall-clock",
        "times are then several times what a quiet machine gives, and even CPU times are inflated",
        "(caches and hyperthreads are shared). `docs/editions.md` has figures from quieter runs.",
    ]
    return "\n".join(lines) + "\n"


def _scale_lines(title: str, runs: dict[str, dict]) -> list[str]:
    """Search at scale: medians next to the raw top-20 query of the same run, and ratios."""
    lines = [f"## {title}", ""]
    rows = []
    for db, run in runs.items():
        scale = run.get("scale")
        if not scale:
            continue
        res, ratios = scale["results"], scale["ratios"]
        for name, text in scale["queries"].items():
            rows.append(
                (
                    db,
                    f"{name} ({text!r}, {scale['hits'][name]:,} hits)",
                    res[f"raw_top20_{name}"]["median_ms"],
                    res[f"directory_{name}"]["median_ms"],
                    ratios[f"directory_{name}_vs_raw"],
                    res[f"api_{name}"]["median_ms"],
                    ratios[f"api_{name}_vs_raw"],
                )
            )
    lines += _table(
        rows,
        ("database", "query", "raw top-20 ms", "directory ms", "directory ×raw", "API ms", "API ×raw"),
    )
    lines += ["", "Facet-only browsing and the first search after an edit (median ms):", ""]
    rows = []
    for db, run in runs.items():
        scale = run.get("scale")
        if not scale:
            continue
        res = scale["results"]
        rows.append(
            (
                db,
                res["browse_all"]["median_ms"],
                res["browse_one_facet"]["median_ms"],
                res["browse_two_facets"]["median_ms"],
                res["search_normal"]["median_ms"],
                res["search_first_after_edit"]["median_ms"],
                scale["ratios"]["first_after_edit_vs_normal"],
            )
        )
    lines += _table(
        rows,
        (
            "database",
            "browse all",
            "one facet",
            "two facets",
            "search",
            "first search after an edit",
            "after edit ×normal",
        ),
    )
    for db, run in runs.items():
        if run.get("scale"):
            lines += ["", f"{db}: {run['scale']['offers']:,} offers; load average {run.get('load_average')}."]
    return [*lines, ""]


def cpu_lines(runs: dict[str, dict]) -> list[str]:
    """CPU time and queries per request (``bench/cpu.py``) next to the raw top-20 query."""
    rows = []
    for db, run in runs.items():
        cpu = run.get("cpu")
        if not cpu:
            continue
        for name in ("broad", "mid", "narrow", "typo", "two_word"):
            raw = cpu["cpu_ms"][f"raw_top20_{name}"]
            rows.append(
                (
                    db,
                    name,
                    raw,
                    f"{cpu['cpu_ms'][f'directory_{name}']} ({cpu['queries'][f'directory_{name}']} q)",
                    cpu["ratios"][f"directory_{name}_cpu_vs_raw"],
                    f"{cpu['cpu_ms'][f'api_{name}']} ({cpu['queries'][f'api_{name}']} q)",
                    cpu["ratios"][f"api_{name}_cpu_vs_raw"],
                )
            )
        for name in ("browse_all", "browse_one_facet"):
            rows.append((db, name, "", f"{cpu['cpu_ms'][name]} ({cpu['queries'][name]} q)", "", "", ""))
    if not rows:
        return []
    lines = ["CPU time of this process per request (median ms; on PostgreSQL without the server's", ""]
    lines[0] += " share) and queries per request:"
    lines += _table(
        rows, ("database", "query", "raw top-20 CPU ms", "directory CPU ms", "×raw", "API CPU ms", "×raw")
    )
    return [*lines, ""]


def _memory_lines(nation: dict[str, dict]) -> list[str]:
    lines = ["## Memory of one web worker", ""]
    lines += [
        "A fresh process serves 3 directory requests (search, facet click, search with facet) in",
        "each of the 400 districts, then 200 edits each followed by a search; resident set size",
        "(VmRSS, /proc/self/status). Target (issue 12): under 300 MB, not growing with the edits.",
        "",
    ]
    rows = []
    for db, run in nation.items():
        mem = run.get("memory")
        if mem:
            rows.append(
                (
                    db,
                    mem["rss_mb_after_setup"],
                    " / ".join(f"{mb}" for _n, mb in mem["rss_mb_after_districts"]),
                    " / ".join(f"{mb}" for _n, mb in mem["rss_mb_after_edits"]),
                    mem["rss_mb_max"],
                )
            )
    lines += _table(
        rows,
        (
            "database",
            "MB after start",
            "MB after 50, 100, … 400 districts",
            "MB after 50, 100, 150, 200 edits",
            "max MB",
        ),
    )
    return lines


def write_reports(machine: str, runs: dict[str, dict[str, dict]]) -> None:
    """bench/results/<case>.md from the JSON results of the cases just run."""
    head = [f"Machine: {machine}. Median, 95th percentile and maximum of server time per request.", ""]
    # search.md: each case's tables in their own generated block; hand-written text around them
    # (notes, earlier and quiet-machine figures) is kept (``bench.markdown``).
    blocks: dict[str, str] = {}
    if "nation" in runs:
        nation = runs["nation"]
        any_run = next(iter(nation.values()))
        lines = ["## Nation catalog", "", *head]
        lines[-2] += f" Offers: {any_run['generated']['offers']} over 400 districts."
        lines += _table(_timing_rows(nation, "results"), TIMING_HEADER)
        for db, run in nation.items():
            lines += [
                "",
                f"{db}: built in {run['build_seconds']} s; largest district {run['largest_district']}.",
            ]
        if any(run.get("scale") for run in nation.values()):
            largest = any_run["largest_district"]["offers"]
            lines += [
                "",
                *_scale_lines(f"The largest district of the nation catalog ({largest:,} offers)", nation),
            ]
        blocks["nation"] = "\n".join(lines)
        if any(run.get("memory") for run in nation.values()):
            blocks["memory"] = "\n".join(_memory_lines(nation))
    if "one-district" in runs:
        offers = next(iter(runs["one-district"].values()))["generated"]["offers"]
        lines = [f"Machine: {machine}. Medians of server time per request.", ""]
        lines += _scale_lines(f"One district of {offers:,} offers", runs["one-district"])
        lines += cpu_lines(runs["one-district"])
        blocks["one-district"] = "\n".join(lines)
    if blocks:
        write_blocks(RESULTS / "search.md", "Search benchmark", blocks)
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
    if "planning" in runs:
        lines = ["# Planning workspace benchmark", "", f"Machine: {machine}.", ""]
        lines += [
            "The nation catalog (100,000 offers over 400 districts) with boundaries and centres for every",
            "municipality and 10 indicators x 5 years of values for every municipality; a planner of the",
            "largest district (by offers) opens the pages (server time through Django's test client).",
            "",
        ]
        lines += [
            "Target (issue 14): overview and matrix of the largest district <= 300 ms median. CPU: time",
            "of the benchmark process per request (on SQLite including the database's work, on",
            "PostgreSQL without the server's) — a better estimate for a quiet machine than wall time",
            "on a shared one. The pages keep a district's offer facts while its catalog is unchanged;",
            "*first request after a catalog change* reads every offer again.",
            "",
        ]
        planning_rows: list[tuple] = [
            (db, case, r["requests"], r["median_ms"], r["p95_ms"], r["max_ms"], r.get("cpu_median_ms", "–"))
            for db, run in runs["planning"].items()
            for case, r in run["planning_results"].items()
        ]
        lines += _table(planning_rows, (*TIMING_HEADER, "median CPU ms"))
        for db, run in runs["planning"].items():
            lines += [
                "",
                f"{db}: districts {run['planning']['districts']}; data {run['planning_data']}; "
                f"load average (1, 5, 15 min) before / after measuring: {run.get('load_average', '–')}.",
            ]
            if run.get("note"):
                lines.append(f"{db}: {run['note']}.")
        (RESULTS / "planning.md").write_text("\n".join(lines) + "\n")
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
        (RESULTS / "editions.md").write_text(_editions_report(machine, runs["editions"]))
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
    if "indicators" in runs:
        _write_indicators(machine, runs["indicators"])
    if "reports" in runs:
        _write_reports(machine, runs["reports"])


def _write_reports(machine: str, runs: dict[str, dict]) -> None:
    lines = ["# Committee report benchmark", "", f"Machine: {machine}.", ""]
    lines += [
        "The nation catalog (100,000 offers over 400 districts); in the largest district a template with",
        "counts, two filtered offer lists, the map, two charts, a measures table (60 measures), funding",
        "totals and changes since the last report (``bench/reports.py``). Seconds per round: the build",
        "(frozen snapshot, PNGs of the figures included), rendering the snapshot as DOCX and as PDF, and",
        "the three together; CPU = user + system of the process and its children.",
        "Target: build + DOCX + PDF <= 10 s median.",
        "",
    ]
    rows = []
    for db, run in runs.items():
        r = run["reports"]
        rows.append(
            (
                db,
                r["data"]["offers"],
                r["table_rows"],
                r["build"]["median"],
                r["build"]["max"],
                r["build_cpu"]["median"],
                r["docx"]["median"],
                r["pdf"]["median"],
                r["pdf_cpu"]["median"],
                r.get("total", {}).get("median", "–"),
                r.get("total_cpu", {}).get("median", "–"),
                " / ".join(map(str, r["load_average_1min"])),
            )
        )
    lines += _table(
        rows,
        (
            "database",
            "offers in district",
            "table rows",
            "build median s",
            "build max s",
            "build CPU s",
            "DOCX median s",
            "PDF median s",
            "PDF CPU s",
            "total median s",
            "total CPU s",
            "load (1 min) per round",
        ),
    )
    lines += ["", "Every offer of the district in one list (size limit of the renderers):", ""]
    lines += _table(
        [
            (
                db,
                run["reports"]["all_offers"]["rows"],
                run["reports"]["all_offers"]["build_s"],
                run["reports"]["all_offers"]["docx_s"],
                run["reports"]["all_offers"].get("pdf_s", "–"),
            )
            for db, run in runs.items()
        ],
        ("database", "rows", "build s", "DOCX s", "PDF s"),
    )
    (RESULTS / "reports.md").write_text("\n".join(lines) + "\n")


def _write_indicators(machine: str, runs: dict[str, dict]) -> None:
    any_run = next(iter(runs.values()))["indicators"]
    lines = ["# Indicator import benchmark", "", f"Machine: {machine}.", ""]
    lines += [
        f"{any_run['values']:,} values: {any_run['municipalities']:,} municipalities in "
        f"{any_run['districts']} districts x {any_run['indicators_per_district']} indicators x "
        f"{any_run['years']} years, imported as one template CSV per district (semicolon, decimal comma)",
        "through the service the back office uses.",
        "Seconds for all districts together; the median and slowest district. Target: commit <= 60 s.",
        "CPU: seconds of the importing process (on SQLite including the database's work, on PostgreSQL",
        "without the server's), a better estimate for a quiet machine than wall time on a shared one.",
        "",
    ]
    rows = [
        (
            db,
            case,
            r["seconds"],
            r.get("cpu_seconds", "–"),
            r["median_district_ms"],
            r["max_district_ms"],
            " / ".join(map(str, r["values"].values())),
        )
        for db, run in runs.items()
        for case, r in run["indicators"]["runs"].items()
    ]
    lines += _table(
        rows,
        (
            "database",
            "step",
            "seconds (all)",
            "CPU s (all)",
            "median ms/district",
            "max ms/district",
            "created / updated / unchanged",
        ),
    )
    for db, run in runs.items():
        lines += ["", f"{db}: load average (1, 5, 15 min) before / after: {run.get('load_average', '–')}."]
    (RESULTS / "indicators.md").write_text("\n".join(lines) + "\n")


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
