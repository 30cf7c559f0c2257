"""Resident memory of one web worker (issue 12): a fresh process serves a search and a facet
click in every district of the catalog, then keeps searching while offers are edited; its
resident set size (VmRSS from /proc/self/status) is recorded along the way.

Run as ``python -m bench.memory --out FILE`` with the benchmark's settings and database (the
nation case starts it after generating the catalog)."""

import argparse
import json
import os
import random
import time
from pathlib import Path


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def measure_memory(*, edits: int = 200) -> dict:
    import django

    django.setup()
    from django.test import Client

    from wegweiser.catalog.models import Offer
    from wegweiser.catalog.services.offers import offer_update
    from wegweiser.districts.models import District

    client = Client()
    after_setup = rss_mb()
    keys = list(District.objects.order_by("key").values_list("key", flat=True))
    samples: list[tuple[int, float]] = []
    queries = ["Beratung", "Deutschkurs", "Sprachkuts", "Frauen", "Beratung Frauen"]
    t0 = time.perf_counter()
    for n, key in enumerate(keys, 1):
        host = f"d{key}.bench"
        for path, data in [
            ("/de/angebote/", {"q": queries[n % len(queries)]}),
            ("/de/angebote/", {"group": "frauen"}),
            ("/en/angebote/", {"q": "Beratung", "free": "1"}),
        ]:
            assert client.get(path, data, HTTP_HOST=host).status_code == 200
        if n % 50 == 0 or n == len(keys):
            samples.append((n, rss_mb()))
    serve_seconds = time.perf_counter() - t0
    after_all_districts = rss_mb()
    rng = random.Random(3)
    edit_samples: list[tuple[int, float]] = []
    for n in range(1, edits + 1):
        key = rng.choice(keys)
        offer = Offer.objects.filter(district__key=key).order_by("pk").first()
        if offer is not None:
            offer_update(actor=None, offer=offer, data={"alert": f"Bench edit {n}"})
        assert client.get("/de/angebote/", {"q": "Beratung"}, HTTP_HOST=f"d{key}.bench").status_code == 200
        if n % 50 == 0:
            edit_samples.append((n, rss_mb()))
    return {
        "districts": len(keys),
        "requests_per_district": 3,
        "serve_seconds": round(serve_seconds, 1),
        "rss_mb_after_setup": after_setup,
        "rss_mb_after_districts": samples,
        "rss_mb_after_all_districts": after_all_districts,
        "rss_mb_after_edits": edit_samples,
        "rss_mb_max": max([after_all_districts, *(mb for _n, mb in samples + edit_samples)]),
        "edits": edits,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    Path(args.out).write_text(json.dumps(measure_memory(edits=args.edits), indent=2))


if __name__ == "__main__":
    main()
