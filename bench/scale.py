"""Search at scale (issue 12): the directory search and the HSDS API's search next to the raw
top-20 query of the search index, measured interleaved in the same run; facet-only browsing; the
first search after an edit next to a normal search.

The raw baseline is the cheapest query that answers "the 20 best documents for this query":
SQLite ``… MATCH ? ORDER BY bm25(…) LIMIT 20``, PostgreSQL ``… @@ q ORDER BY ts_rank(…) DESC
LIMIT 20`` (no facets, no count, no result cards). Ratios are medians over medians."""

import random
import statistics
import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.test import Client

from bench.stats import summarise
from wegweiser.catalog.models import Offer
from wegweiser.catalog.services.offers import offer_update
from wegweiser.districts.models import District
from wegweiser.search.backends.postgres import _tsquery
from wegweiser.search.backends.sqlite import _fts_expression
from wegweiser.search.selectors import parse_query
from wegweiser.search.synonyms import synonym_map

SCALE_QUERIES = {
    "broad": "Beratung",
    "mid": "Frauen",
    "narrow": "Nähcafé",
    "typo": "Sprachkuts",
    "two_word": "Beratung Frauen",
}
BROWSE = {
    "browse_all": "",
    "browse_one_facet": "group=frauen",
    "browse_two_facets": "field=sprache-bildung&free=1",
}
LANGUAGES = ["de", "en"]


def _ms(call: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    call()
    return (time.perf_counter() - t0) * 1000


def raw_top20(district: District, text: str) -> Callable[[], list]:
    """The raw top-20 SQL for ``text`` (the query is parsed beforehand, outside the timing, with
    the district's synonyms as the directory parses it)."""
    synonyms = synonym_map(district_id=district.pk, languages=LANGUAGES)
    query = parse_query(text=text, languages=LANGUAGES, synonyms=synonyms)
    if connection.vendor == "postgresql":
        sql = (
            "SELECT d.offer_id FROM search_searchdocument d, to_tsquery('simple', %s) q "
            "WHERE d.district_id = %s AND d.document @@ q ORDER BY ts_rank(d.document, q) DESC LIMIT 20"
        )
        params: list = [_tsquery(query), district.pk]
    else:
        sql = (
            "SELECT d.offer_id FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid "
            "WHERE search_fts MATCH %s ORDER BY bm25(search_fts, 10.0, 1.0, 0.0) LIMIT 20"
        )
        params = [_fts_expression(district.key, query)]

    def run() -> list:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def hit_counts(district: District) -> dict[str, int]:
    from wegweiser.catalog.selectors.public import offer_public_queryset
    from wegweiser.search.selectors import offer_text_filter

    public = offer_public_queryset(district=district)
    return {
        name: public.filter(offer_text_filter(district=district, text=text, languages=LANGUAGES)).count()
        for name, text in SCALE_QUERIES.items()
    }


def measure_scale(*, district_key: str, rounds: int, edits: int = 10) -> dict:
    """Medians per case and the ratios the acceptance criteria ask for."""
    district = District.objects.get(key=district_key)
    host = f"d{district_key}.bench"
    client = Client()
    timings: dict[str, list[float]] = {}

    def get(url: str, case: str, data: dict | None = None) -> None:
        response = client.get(url, data or {}, HTTP_HOST=host)
        assert response.status_code == 200, (url, response.status_code)

    # Warm up (imports, templates, the database's page cache), not timed.
    for text in SCALE_QUERIES.values():
        get("/de/angebote/", "warmup", {"q": text})
        raw_top20(district, text)()
    for _ in range(rounds):
        for name, text in SCALE_QUERIES.items():
            baseline = raw_top20(district, text)
            timings.setdefault(f"raw_top20_{name}", []).append(_ms(baseline))
            timings.setdefault(f"directory_{name}", []).append(
                _ms(lambda: get("/de/angebote/", name, {"q": text}))  # noqa: B023 - called at once
            )
            cache.clear()  # the API answer is built, not served from the response cache
            timings.setdefault(f"api_{name}", []).append(
                _ms(lambda: get(f"/api/hsds/v3/services?per_page=50&search={text}", name))  # noqa: B023
            )
        for name, query in BROWSE.items():
            timings.setdefault(name, []).append(_ms(lambda: get(f"/de/angebote/?{query}", name)))  # noqa: B023
    # The first search after an edit next to a normal search (same query, alternating).
    rng = random.Random(5)
    ids = list(Offer.objects.filter(district=district).values_list("pk", flat=True)[:5000])
    text = SCALE_QUERIES["mid"]
    for n in range(edits):
        timings.setdefault("search_normal", []).append(_ms(lambda: get("/de/angebote/", "n", {"q": text})))
        offer = Offer.objects.get(pk=rng.choice(ids))
        # A text and a facet value change: the search index and the facet bitmaps are written.
        offer_update(actor=None, offer=offer, data={"alert": f"Bench edit {n}", "cost_free": n % 2 == 0})
        timings.setdefault("search_first_after_edit", []).append(
            _ms(lambda: get("/de/angebote/", "e", {"q": text}))
        )
    summary = summarise(timings)
    med = {case: statistics.median(values) for case, values in timings.items()}
    ratios = {}
    for name in SCALE_QUERIES:
        ratios[f"directory_{name}_vs_raw"] = round(med[f"directory_{name}"] / med[f"raw_top20_{name}"], 2)
        ratios[f"api_{name}_vs_raw"] = round(med[f"api_{name}"] / med[f"raw_top20_{name}"], 2)
    ratios["first_after_edit_vs_normal"] = round(med["search_first_after_edit"] / med["search_normal"], 2)
    return {
        "offers": Offer.objects.filter(district=district).count(),
        "hits": hit_counts(district),
        "queries": SCALE_QUERIES,
        "results": summary,
        "ratios": ratios,
    }
