"""Name-based UUIDs for HSDS rows that have no row of their own in the catalog (an offer's
language, category, service area, ...). The same input gives the same id in every export."""

import uuid

from wegweiser.catalog.seed import WEGWEISER_NAMESPACE


def derived_id(*parts: object) -> str:
    return str(uuid.uuid5(WEGWEISER_NAMESPACE, ":".join(str(p) for p in parts)))
