"""Time building the printed catalog (data snapshot, layout, PDF) for 100, 500 and 2,000 offers,
in German (typst) and in Arabic (WeasyPrint), the way an edition build does it; German once more
through WeasyPrint, to show what the engine choice buys."""

import statistics
import time

from wegweiser.catalog.models import Offer, OfferTranslation
from wegweiser.catalog.selectors.public import offer_public_queryset
from wegweiser.districts.models import District
from wegweiser.publishing.document import DocumentOptions
from wegweiser.publishing.services.editions import catalog_pdf_build
from wegweiser.publishing.snapshot import Selection

SIZES = [100, 500, 2000]
# (language, engine): None is the engine the language gets in production.
RUNS = [("de", None), ("ar", None), ("de", "weasyprint")]


def _arabic_translations(district: District) -> None:
    """Give every offer an Arabic name and short description (as a translated district would)."""
    rows = [
        OfferTranslation(
            master_id=pk,
            language_id="ar",
            name=f"عرض رقم {n} لتعلم اللغة والاستشارة",
            short_description="دورة للنساء فقط؛ يتم الاعتناء بالأطفال في الغرفة المجاورة.",
        )
        for n, pk in enumerate(Offer.objects.filter(district=district).values_list("pk", flat=True))
    ]
    OfferTranslation.objects.bulk_create(rows, ignore_conflicts=True)


def measure_editions(*, district_key: str, rounds: int) -> dict:
    district = District.objects.get(key=district_key)
    _arabic_translations(district)
    ids = list(offer_public_queryset(district=district).order_by("name").values_list("pk", flat=True))
    results: dict[str, dict] = {}
    for size in SIZES:
        if size > len(ids):
            continue
        for language, engine in RUNS:
            if engine == "weasyprint" and size > 500:
                continue  # a comparison, not a production path; 500 offers show the ratio
            times, pages, used = [], 0, ""
            slow = engine == "weasyprint" or language == "ar"
            count = (1 if size > 500 else rounds) if slow else max(rounds, 5)
            for _round in range(count):
                t0 = time.perf_counter()
                rendered = catalog_pdf_build(
                    district=district,
                    language=language,
                    selection=Selection(offer_ids=ids[:size]),
                    options=DocumentOptions(title="Angebotskatalog", language=language),
                    engine=engine,
                )
                times.append(time.perf_counter() - t0)
                pages, used = rendered.pages, rendered.engine
            key = f"{size}-{language}-{used}"
            results[key] = {
                "offers": size,
                "language": language,
                "engine": used,
                "runs": len(times),
                "median_s": round(statistics.median(times), 2),
                "min_s": round(min(times), 2),
                "pages": pages,
                "pdf_kb": len(rendered.pdf) // 1024,
            }
            print(f"editions {key}: {results[key]}", flush=True)
    return results
