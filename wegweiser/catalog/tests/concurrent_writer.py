"""A writer process for ``test_concurrent_writers``: ``python -m wegweiser.catalog.tests.concurrent_writer
TAG OFFER_ID COUNT READY_DIR`` with ``DATABASE_URL`` pointing at the shared database.

It waits until the test has started every writer, then saves ``COUNT`` times through the services:
each round appends the line ``TAG-i`` to the shared offer's description (``offer_update``) and
creates an organisation ``TAG-i`` (``organisation_create``). With ``--optimistic`` it reads the
offer outside a transaction and sends the version it read, retrying when another writer came
first (the optimistic lock); otherwise it reads and writes in one transaction. It prints one JSON
line: errors (anything but a version conflict) and the number of conflicts it retried."""

import json
import os
import sys
import time
from pathlib import Path
from typing import Any


def main(argv: list[str]) -> None:
    tag, offer_id, count, ready_dir = argv[0], argv[1], int(argv[2]), Path(argv[3])
    optimistic = "--optimistic" in argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.db import transaction

    from wegweiser.catalog.models import Offer
    from wegweiser.catalog.services.entities import organisation_create
    from wegweiser.catalog.services.offers import offer_update

    (ready_dir / f"{tag}.ready").touch()
    while not (ready_dir / "go").exists():
        time.sleep(0.01)
    errors: list[str] = []
    conflicts = 0
    for i in range(count):
        line = f"{tag}-{i}"
        try:
            if optimistic:
                conflicts += _append_optimistic(offer_update, Offer, offer_id, line)
            else:
                with transaction.atomic():
                    offer = Offer.objects.select_for_update().get(pk=offer_id)
                    offer_update(
                        actor=None, offer=offer, data={"description": offer.description + line + "\n"}
                    )
            organisation_create(actor=None, data={"district": offer_district(Offer, offer_id), "name": line})
        except Exception as error:  # every failure counts; the test shows them
            errors.append(f"{line}: {error!r}")
    print(json.dumps({"tag": tag, "errors": errors, "conflicts": conflicts}))


def offer_district(offer_model: Any, offer_id: str) -> object:
    return offer_model.objects.get(pk=offer_id).district


def _append_optimistic(offer_update: Any, offer_model: Any, offer_id: str, line: str) -> int:
    """Append ``line`` with the optimistic lock; returns how many conflicts were retried."""
    from wegweiser.core.versioning import StaleObjectError

    conflicts = 0
    while True:
        offer = offer_model.objects.get(pk=offer_id)
        try:
            offer_update(
                actor=None,
                offer=offer,
                data={"description": offer.description + line + "\n"},
                expected_version=offer.lock_version,
            )
            return conflicts
        except StaleObjectError:
            conflicts += 1


if __name__ == "__main__":
    main(sys.argv[1:])
