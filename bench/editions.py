"""Time building the printed catalog (data snapshot, document, typesetting) for 100, 500 and
2,000 offers in German, Arabic and Farsi (typst; right-to-left PDFs then put into reading
order), and Arabic at 500 offers through WeasyPrint for comparison, the way an edition build
does it.

Every build runs in a fresh child process (``python -m bench.editions SIZE LANGUAGE``): typst
memoises layout within a process, so a second build of the same catalog in one process would
be several times faster than any build a worker does after an edit. Before the builds, one
process runs snapshot and document only, which draws the language's QR codes (then cached in
the database, as in production): its document time is reported as "document with QR drawing";
the medians are over the builds after it.

Steps, as ``catalog_pdf_build`` runs them: *snapshot* (offers from the database into JSON),
*document* (sections, facts, indexes, QR codes) and *engine* (typst or WeasyPrint to PDF).
Wall-clock and CPU time (``time.process_time``: this process, all threads) are both reported;
CPU time is less disturbed by other work on a shared machine."""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SIZES = [100, 500, 2000]
LANGUAGES = ["de", "ar", "fa"]
# Right to left at 100 and 500 offers (500 is the size of the target).
RIGHT_TO_LEFT_SIZES = [100, 500]
# The former right-to-left engine for comparison: (size, language); one such build takes
# minutes on a loaded shared machine. BENCH_EDITIONS_WEASYPRINT_RUNS sets how many (default 1,
# 0 leaves it out). For a quick run: BENCH_EDITIONS_SIZES=500 BENCH_EDITIONS_RUNS=2.
WEASYPRINT_COMPARISON = [(500, "ar")]
ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = {
    "ar": (
        "عرض رقم {n} لتعلم اللغة والاستشارة",
        "دورة للنساء فقط؛ يتم الاعتناء بالأطفال في الغرفة المجاورة.",
    ),
    "fa": (
        "پیشنهاد شمارهٔ {n} برای یادگیری زبان و مشاوره",
        "دوره فقط برای زنان؛ از کودکان در اتاق کناری نگهداری می‌شود.",
    ),
}


def _translations(district: Any) -> None:
    """Give every offer an Arabic and a Farsi name and short description (as a translated
    district would)."""
    from wegweiser.catalog.models import Offer, OfferTranslation

    pks = list(Offer.objects.filter(district=district).values_list("pk", flat=True))
    rows = [
        OfferTranslation(master_id=pk, language_id=language, name=name.format(n=n), short_description=short)
        for language, (name, short) in TRANSLATIONS.items()
        for n, pk in enumerate(pks)
    ]
    OfferTranslation.objects.bulk_create(rows, ignore_conflicts=True)


def build_once(
    *, district_key: str, size: int, language: str, render: bool = True, engine: str | None = None
) -> dict[str, Any]:
    """One build of the first ``size`` public offers (by name), step by step; without
    ``render`` only snapshot and document (which draws the QR codes the cache lacks)."""
    from wegweiser.catalog.selectors.public import offer_public_queryset
    from wegweiser.districts.models import District
    from wegweiser.publishing.document import DocumentOptions, catalog_document
    from wegweiser.publishing.rendering import catalog_pdf_render
    from wegweiser.publishing.snapshot import Selection, edition_snapshot_collect

    district = District.objects.get(key=district_key)
    ids = list(offer_public_queryset(district=district).order_by("name").values_list("pk", flat=True))
    selection = Selection(offer_ids=ids[:size])
    options = DocumentOptions(title="Angebotskatalog", language=language)
    marks = [(time.perf_counter(), time.process_time())]
    snapshot = edition_snapshot_collect(district=district, language=language, selection=selection)
    marks.append((time.perf_counter(), time.process_time()))
    doc = catalog_document(snapshot=snapshot, options=options)
    marks.append((time.perf_counter(), time.process_time()))
    if not render:
        return {"document_s": marks[2][0] - marks[1][0]}
    rendered = catalog_pdf_render(doc, engine=engine)
    marks.append((time.perf_counter(), time.process_time()))
    steps = ("snapshot", "document", "engine")
    return {
        "offers": len(snapshot["offers"]),
        "engine": rendered.engine,
        "pages": rendered.pages,
        "pdf_kb": len(rendered.pdf) // 1024,
        "wall_s": {step: marks[i + 1][0] - marks[i][0] for i, step in enumerate(steps)},
        "cpu_s": {step: marks[i + 1][1] - marks[i][1] for i, step in enumerate(steps)},
    }


def _child_build(
    *, district_key: str, size: int, language: str, render: bool = True, engine: str = ""
) -> dict[str, Any]:
    output = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.editions",
            district_key,
            str(size),
            language,
            "" if render else "prepare",
            engine,
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ.copy(),
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def _median(builds: list[dict[str, Any]], kind: str, step: str | None = None) -> float:
    values = [sum(b[kind].values()) if step is None else b[kind][step] for b in builds]
    return round(statistics.median(values), 2)


def measure_editions(*, district_key: str, rounds: int) -> dict:
    from wegweiser.districts.models import District

    _translations(District.objects.get(key=district_key))
    results: dict[str, dict] = {}
    load_before = os.getloadavg()
    comparison_runs = int(os.environ.get("BENCH_EDITIONS_WEASYPRINT_RUNS", "1"))
    sizes = [int(n) for n in os.environ.get("BENCH_EDITIONS_SIZES", "").split(",") if n] or SIZES
    cases = [(size, language, "") for size in sizes for language in LANGUAGES]
    cases = [(s, lang, e) for s, lang, e in cases if lang == "de" or s in RIGHT_TO_LEFT_SIZES]
    cases += [(s, lang, "weasyprint") for s, lang in WEASYPRINT_COMPARISON if comparison_runs]
    for size, language, engine in cases:
        # The first build of a language draws its QR codes; later ones read them from the cache.
        cold = _child_build(district_key=district_key, size=size, language=language, render=False)
        count = comparison_runs if engine else int(os.environ.get("BENCH_EDITIONS_RUNS", max(rounds, 5)))
        builds = [
            _child_build(district_key=district_key, size=size, language=language, engine=engine)
            for _ in range(count)
        ]
        first = builds[0]
        key = f"{size}-{language}-{first['engine']}"
        results[key] = {
            "offers": first["offers"],
            "language": language,
            "engine": first["engine"],
            "runs": len(builds),
            "document_with_qr_drawing_s": round(cold["document_s"], 2),
            "median_s": _median(builds, "wall_s"),
            "min_s": round(min(sum(b["wall_s"].values()) for b in builds), 2),
            "median_cpu_s": _median(builds, "cpu_s"),
            "steps_median_s": {step: _median(builds, "wall_s", step) for step in first["wall_s"]},
            "steps_median_cpu_s": {step: _median(builds, "cpu_s", step) for step in first["cpu_s"]},
            "pages": first["pages"],
            "pdf_kb": first["pdf_kb"],
            "load_average": [round(x, 1) for x in os.getloadavg()],
        }
        print(f"editions {key}: {results[key]}", flush=True)
    return {"load_average_before": [round(x, 1) for x in load_before], "builds": results}


if __name__ == "__main__":  # child process: one build, its timings as JSON on the last line
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    key, size, language, mode, engine = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    build = build_once(
        district_key=key, size=size, language=language, render=mode != "prepare", engine=engine or None
    )
    print(json.dumps(build))
