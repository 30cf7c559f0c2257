"""Committee reports on the nation catalog: in the largest district (by offers) a template with
the demo's kinds of blocks (counts by field and target group, an offer list filtered by a funding
programme and one by a field of action, the planning map, the bar chart, offers over time, a
measures table of a planning document with 60 measures, funding totals over two years, changes
since the last report) is built repeatedly; each build (the frozen snapshot, PNGs included) and its
rendering as DOCX and PDF are timed, wall clock and CPU (this process and its children), and their
sum per round (what a committee report costs from the click to both files: the target). A second
template lists every offer of the district, to show the size limit of each renderer."""

import datetime as dt
import os
import random
import resource
import statistics
import time
from decimal import Decimal

from django.db import transaction

from wegweiser.catalog.models import FundingProgramme, Offer, TaxonomyTerm
from wegweiser.districts.models import District, Municipality
from wegweiser.districts.municipality_data import _state_file

TEMPLATE = """# Angebotsstruktur im Landkreis

Insgesamt gibt es {{ anzahl }} aktuelle Angebote,
davon {{ anzahl feld="sprache-bildung" }} in Sprache & Bildung,
{{ anzahl feld="beratung" }} in Beratung & Orientierung
und {{ anzahl zielgruppe="gefluechtete" }} für Geflüchtete.
Über die Armutspräventionsrichtlinie werden
{{ anzahl foerderung="ESF+ Armutsprävention" }} Angebote gefördert.

## Geförderte Angebote

{{ angebote foerderung="ESF+ Armutsprävention" }}

## Sprache & Bildung für Familien

{{ angebote feld="sprache-bildung" zielgruppe="familien" }}

## Räumliche Verteilung

{{ karte }}

{{ diagramm art="gemeinden" feld="sprache-bildung" }}

{{ diagramm art="verlauf" }}

## Maßnahmen

{{ massnahmen dokument="712/18" }}

{{ foerdersummen von="2026" bis="2027" }}

## Veränderungen

{{ aenderungen }}
"""
EVERYTHING = "# Alle Angebote\n\n{{ angebote }}\n"
PROGRAMMES = ["ESF+ Armutsprävention", "LSZ", "Integrationsrichtlinie", "MBE", "JMD", "KIM", "Kita-Programm"]


@transaction.atomic
def reports_data_load(*, district: District, seed: int = 15) -> dict:
    """Boundaries of the district's municipalities, funding programmes on its offers, and a
    planning document with 3 goals x 20 measures funded over two years."""
    from wegweiser.plans.services.documents import document_create
    from wegweiser.plans.services.funding import measure_funding_set
    from wegweiser.plans.services.goals import goal_create
    from wegweiser.plans.services.measures import measure_create

    rng = random.Random(seed)
    municipalities = list(Municipality.objects.filter(district=district))
    by_ags = {m.ags: m for m in municipalities}
    for row in (_state_file(district.key[:2]) or {}).get("municipalities", []):
        m = by_ags.get(row["ags"])
        if m is not None:
            m.boundary = row["boundary"]
            lon, lat = row.get("point") or (None, None)
            if lat is not None:
                m.latitude = Decimal(str(lat)).quantize(Decimal("0.000001"))
                m.longitude = Decimal(str(lon)).quantize(Decimal("0.000001"))
    Municipality.objects.bulk_update(municipalities, ["boundary", "latitude", "longitude"])
    programmes = [
        FundingProgramme.objects.create(
            district=district, name=name, short_name=name, slug=f"bench-{n}", funder="land"
        )
        for n, name in enumerate(PROGRAMMES)
    ]
    through = Offer.funding_programmes.through
    offer_ids = list(Offer.objects.filter(district=district).values_list("id", flat=True))
    through.objects.bulk_create(
        [
            through(offer_id=pk, fundingprogramme_id=programmes[rng.randrange(len(programmes))].pk)
            for pk in offer_ids
        ],
        batch_size=2000,
    )
    document = document_create(
        actor=None,
        district=district,
        data={"kind": "strategy", "title": "Armutspräventionsstrategie", "decision_number": "712/18"},
    )
    fields = list(TaxonomyTerm.objects.filter(taxonomy__role="field_of_action")[:3])
    for g, field in enumerate(fields):
        goal = goal_create(
            actor=None, document=document, data={"title": f"Ziel {g + 1}", "field_of_action": field}
        )
        for n in range(20):
            measure = measure_create(
                actor=None,
                goal=goal,
                data={
                    "title": f"Maßnahme {g + 1}.{n + 1}",
                    "status": rng.choice(["planned", "in_progress", "done"]),
                    "period_start": dt.date(2025, 1, 1),
                    "period_end": dt.date(2027, 12, 31),
                },
            )
            for year in (2026, 2027):
                measure_funding_set(
                    actor=None,
                    measure=measure,
                    programme=programmes[n % len(programmes)],
                    year=year,
                    amount=Decimal(rng.randint(5, 80) * 1000),
                    own_share=Decimal(rng.randint(1, 20) * 1000),
                )
    return {"offers": len(offer_ids), "municipalities": len(municipalities), "measures": 60}


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(fn: object) -> tuple[object, float, float]:
    wall, cpu = time.perf_counter(), _cpu()
    value = fn()  # type: ignore[operator]
    return value, round(time.perf_counter() - wall, 3), round(_cpu() - cpu, 3)


def _summary(values: list[float]) -> dict:
    return {"median": round(statistics.median(values), 3), "max": round(max(values), 3), "n": len(values)}


def measure_reports(*, district_key: str, rounds: int = 5) -> dict:
    from wegweiser.reports.rendering.docx import report_docx
    from wegweiser.reports.rendering.pdf import report_pdf
    from wegweiser.reports.services import report_build, report_template_create

    district = District.objects.get(key=district_key)
    data = reports_data_load(district=district)
    template = report_template_create(
        actor=None, district=district, data={"title": "Bench", "body": TEMPLATE}
    )
    timings: dict[str, list[float]] = {
        k: [] for k in ("build", "build_cpu", "docx", "pdf", "pdf_cpu", "total", "total_cpu")
    }
    loads = []
    snapshot_rows = 0
    for _round in range(rounds):
        loads.append(round(os.getloadavg()[0], 2))
        report, wall, cpu = _timed(lambda: report_build(actor=None, template=template))
        timings["build"].append(wall)
        timings["build_cpu"].append(cpu)
        snapshot = report.snapshot  # type: ignore[attr-defined]
        snapshot_rows = sum(len((b.get("table") or {}).get("rows", [])) for b in snapshot["blocks"])
        _docx, docx_wall, docx_cpu = _timed(lambda snapshot=snapshot: report_docx(snapshot))
        timings["docx"].append(docx_wall)
        _pdf, pdf_wall, pdf_cpu = _timed(lambda snapshot=snapshot: report_pdf(snapshot))
        timings["pdf"].append(pdf_wall)
        timings["pdf_cpu"].append(pdf_cpu)
        timings["total"].append(round(wall + docx_wall + pdf_wall, 3))
        timings["total_cpu"].append(round(cpu + docx_cpu + pdf_cpu, 3))
    everything = report_template_create(
        actor=None, district=district, data={"title": "Alle", "body": EVERYTHING}
    )
    full, full_build, _c = _timed(lambda: report_build(actor=None, template=everything))
    _d, full_docx, _c = _timed(lambda: report_docx(full.snapshot))  # type: ignore[attr-defined]
    _p, full_pdf, _c = _timed(lambda: report_pdf(full.snapshot))  # type: ignore[attr-defined]
    return {
        "district": district_key,
        "data": data,
        "rounds": rounds,
        "table_rows": snapshot_rows,
        "load_average_1min": loads,
        **{k: _summary(v) for k, v in timings.items()},
        "all_offers": {
            "rows": len(full.snapshot["blocks"][0]["table"]["rows"]),  # type: ignore[attr-defined]
            "build_s": full_build,
            "docx_s": full_docx,
            "pdf_s": full_pdf,
        },
    }
