"""Time building the printed catalog (data snapshot, layout, PDF) for 100, 500 and 2,000 offers,
in German and in Arabic, the way an edition build does it."""

import statistics
import time

from wegweiser.catalog.models import Offer, OfferTranslation
from wegweiser.catalog.selectors.public import offer_public_queryset
from wegweiser.districts.models import District
from wegweiser.publishing.document import DocumentOptions
from wegweiser.publishing.services.editions import catalog_pdf_build
from wegweiser.publishing.snapshot import Selection

SIZES = [100, 500, 2000]
LANGUAGES = ["de", "ar"]


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
        for language in LANGUAGES:
            times, pages = [], 0
            for _round in range(rounds if size <= 500 else 1):
                t0 = time.perf_counter()
                rendered = catalog_pdf_build(
                    district=district,
                    language=language,
                    selection=Selection(offer_ids=ids[:size]),
                    options=DocumentOptions(title="Angebotskatalog", language=language),
                )
                times.append(time.perf_counter() - t0)
                pages = rendered.pages
            results[f"{size}-{language}"] = {
                "offers": size,
                "language": language,
                "runs": len(times),
                "median_s": round(statistics.median(times), 2),
                "min_s": round(min(times), 2),
                "pages": pages,
                "pdf_kb": len(rendered.pdf) // 1024,
            }
            print(f"editions {size} {language}: {results[f'{size}-{language}']}", flush=True)
    return results
