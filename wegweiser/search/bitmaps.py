"""Facet bitmaps: the directory's facet counts as intersections of compressed bitmaps.

Every searchable offer of a district has a slot, a small integer (``OfferSlot``). Per facet value
(a taxonomy term, a language, a municipality, a flag) the district has one Roaring bitmap
(``pyroaring``; ``FacetBitmap``) of the slots of the searchable offers that have the value, and
``ALL`` holds every searchable offer. ``search_index_offers`` calls ``offer_slots_refresh`` in
the transaction that changes an offer, so the bitmaps never lag behind an edit and no process
rebuilds anything: a request reads the bitmaps, intersects them with the search hits and counts.
Every change of a bitmap raises the district's ``catalog_version`` in the same transaction, so a
worker may keep the bitmaps it read for that version (``facet_bitmaps_of_version``: frozen, one
version per district, a few districts per worker). See docs/search.md.

Keys: ``all``; ``t:<term id hex>``; ``l:<language code>``; ``m:<municipality id hex>`` (the
municipalities the offer names as its area or where one of its places is); ``f:free``,
``f:childcare``, ``f:whole`` (serves the whole district), ``f:accessible`` (a barrier-free place).
"""

import threading
import uuid
from collections import OrderedDict, defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Max
from pyroaring import BitMap, FrozenBitMap

from wegweiser.catalog.models import Location, Offer, OfferLocation
from wegweiser.core.caches import versioned_get
from wegweiser.core.sql import db_uuid
from wegweiser.districts.services import district_catalog_changed
from wegweiser.search.models import FacetBitmap, OfferSlot, SearchDocument

ALL = "all"
FREE, CHILDCARE, WHOLE, ACCESSIBLE = "f:free", "f:childcare", "f:whole", "f:accessible"
PUBLIC_STATUSES = (Offer.Status.ACTIVE, Offer.Status.TEMPORARILY_CLOSED)
BATCH = 1000  # offers per round of queries (bounded IN lists)


def term_key(term_id: uuid.UUID | str) -> str:
    return f"t:{_hex(term_id)}"


def language_key(code: str) -> str:
    return f"l:{code}"


def municipality_key(municipality_id: uuid.UUID | str) -> str:
    return f"m:{_hex(municipality_id)}"


def _hex(value: uuid.UUID | str) -> str:
    return value.hex if isinstance(value, uuid.UUID) else uuid.UUID(str(value)).hex


def offer_memberships(*, offer_ids: list) -> dict[uuid.UUID, tuple[uuid.UUID, set[str]]]:
    """Each offer's district and the keys of the bitmaps it belongs in (none when it is not
    searchable: not published, or not running). Read from the rows, a few queries per batch."""
    found: dict[uuid.UUID, tuple[uuid.UUID, set[str]]] = {}
    for start in range(0, len(offer_ids), BATCH):
        found |= _memberships(offer_ids[start : start + BATCH])
    return found


def _memberships(ids: list) -> dict[uuid.UUID, tuple[uuid.UUID, set[str]]]:
    found: dict[uuid.UUID, tuple[uuid.UUID, set[str]]] = {}
    rows = Offer.objects.filter(pk__in=ids).values_list(
        "pk", "district_id", "state", "status", "cost_free", "childcare_available", "serves_whole_district"
    )
    for pk, district_id, state, status, free, childcare, whole in rows:
        keys: set[str] = set()
        if state == Offer.State.PUBLISHED and status in PUBLIC_STATUSES:
            keys.add(ALL)
            keys |= {k for k, on in ((FREE, free), (CHILDCARE, childcare), (WHOLE, whole)) if on}
        found[pk] = (district_id, keys)
    live = [pk for pk, (_d, keys) in found.items() if keys]
    if not live:
        return found
    for pk, term_id in Offer.terms.through.objects.filter(offer_id__in=live).values_list(
        "offer_id", "taxonomyterm_id"
    ):
        found[pk][1].add(term_key(term_id))
    for pk, code in Offer.languages.through.objects.filter(offer_id__in=live).values_list(
        "offer_id", "language_id"
    ):
        found[pk][1].add(language_key(code))
    for pk, municipality_id in Offer.municipalities.through.objects.filter(offer_id__in=live).values_list(
        "offer_id", "municipality_id"
    ):
        found[pk][1].add(municipality_key(municipality_id))
    places = OfferLocation.objects.filter(offer_id__in=live).values_list(
        "offer_id", "location__municipality_id", "location__accessibility"
    )
    for pk, municipality_id, accessibility in places:
        if municipality_id is not None:
            found[pk][1].add(municipality_key(municipality_id))
        if accessibility == Location.Accessibility.YES:
            found[pk][1].add(ACCESSIBLE)
    return found


@transaction.atomic
def offer_slots_refresh(*, offer_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Bring the facet bitmaps in step with the given offers' rows (in the caller's transaction)
    and return each searchable offer's slot. Only the bitmaps whose membership changed are
    written; an offer that is no longer searchable keeps its slot and leaves every bitmap."""
    ids = list(dict.fromkeys(offer_ids))
    memberships = offer_memberships(offer_ids=ids)
    slots: dict[uuid.UUID, OfferSlot] = {}
    for start in range(0, len(ids), BATCH):
        slots |= {s.offer_id: s for s in OfferSlot.objects.filter(offer_id__in=ids[start : start + BATCH])}
    fresh: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for pk, (district_id, keys) in memberships.items():
        if keys and pk not in slots:
            fresh[district_id].append(pk)
    for district_id, pks in fresh.items():
        slots |= _slots_allocate(district_id, pks)
    adds: dict[tuple[uuid.UUID, str], BitMap] = defaultdict(BitMap)
    removes: dict[tuple[uuid.UUID, str], BitMap] = defaultdict(BitMap)
    changed: list[OfferSlot] = []
    for pk, slot in slots.items():
        old = set(slot.keys.split())
        new = memberships.get(pk, (slot.district_id, set()))[1]
        if old == new:
            continue
        for key in new - old:
            adds[(slot.district_id, key)].add(slot.slot)
        for key in old - new:
            removes[(slot.district_id, key)].add(slot.slot)
        slot.keys = " ".join(sorted(new))
        changed.append(slot)
    OfferSlot.objects.bulk_update(changed, ["keys"], batch_size=BATCH)
    _bitmaps_apply(adds, removes)
    return {pk: slot.slot for pk, slot in slots.items() if memberships.get(pk, (None, set()))[1]}


def _slots_allocate(district_id: uuid.UUID, pks: list[uuid.UUID]) -> dict[uuid.UUID, OfferSlot]:
    """New slots after the district's highest. The district's row is locked by the caller's
    ``district_catalog_changed`` (PostgreSQL), so two transactions cannot take the same numbers;
    a number once held by a deleted offer is cleared from every bitmap before it is reused."""
    top = OfferSlot.objects.filter(district_id=district_id).aggregate(top=Max("slot"))["top"]
    first = 0 if top is None else top + 1
    new = [OfferSlot(offer_id=pk, district_id=district_id, slot=first + n) for n, pk in enumerate(pks)]
    OfferSlot.objects.bulk_create(new, batch_size=BATCH)
    taken = BitMap(range(first, first + len(pks)))
    stale = []
    for row in FacetBitmap.objects.select_for_update().filter(district_id=district_id):
        bits = BitMap.deserialize(bytes(row.bits))
        if bits.intersect(taken):
            row.bits = (bits - taken).serialize()
            stale.append(row)
    FacetBitmap.objects.bulk_update(stale, ["bits"])
    return {s.offer_id: s for s in new}


def _bitmaps_apply(
    adds: dict[tuple[uuid.UUID, str], BitMap], removes: dict[tuple[uuid.UUID, str], BitMap]
) -> None:
    wanted = set(adds) | set(removes)
    if not wanted:
        return
    by_district: dict[uuid.UUID, set[str]] = defaultdict(set)
    for district_id, key in wanted:
        by_district[district_id].add(key)
    existing: dict[tuple[uuid.UUID, str], FacetBitmap] = {}
    for district_id, keys in by_district.items():
        rows = FacetBitmap.objects.select_for_update().filter(district_id=district_id, key__in=keys)
        existing |= {(district_id, row.key): row for row in rows}
    updated, created = [], []
    for ident in wanted:
        row = existing.get(ident)
        bits = BitMap.deserialize(bytes(row.bits)) if row is not None else BitMap()
        bits |= adds.get(ident, BitMap())
        bits -= removes.get(ident, BitMap())
        bits.run_optimize()
        if row is None:
            created.append(FacetBitmap(district_id=ident[0], key=ident[1], bits=bits.serialize()))
        else:
            row.bits = bits.serialize()
            updated.append(row)
    FacetBitmap.objects.bulk_update(updated, ["bits"], batch_size=200)
    FacetBitmap.objects.bulk_create(created, batch_size=200)
    district_catalog_changed(district_ids=list(by_district))  # the bitmaps read are out of date


@transaction.atomic
def facet_bitmaps_rebuild(*, district_ids: Iterable[uuid.UUID]) -> int:
    """Number every searchable offer of the districts afresh (slots 0 … n-1), rebuild their
    bitmaps from the rows and write the slots and sort names into the search documents (after
    a bulk load or an upgrade). Returns the number of offers with a slot."""
    total = 0
    district_ids = list(district_ids)
    for district_id in district_ids:
        OfferSlot.objects.filter(district_id=district_id).delete()
        FacetBitmap.objects.filter(district_id=district_id).delete()
        ids = list(
            Offer.objects.filter(district_id=district_id, state=Offer.State.PUBLISHED).values_list(
                "pk", flat=True
            )
        )
        memberships = offer_memberships(offer_ids=ids)
        bitmaps: dict[str, BitMap] = defaultdict(BitMap)
        slots: list[OfferSlot] = []
        for pk in ids:
            keys = memberships[pk][1]
            if not keys:
                continue
            slot = len(slots)
            slots.append(
                OfferSlot(offer_id=pk, district_id=district_id, slot=slot, keys=" ".join(sorted(keys)))
            )
            for key in keys:
                bitmaps[key].add(slot)
        OfferSlot.objects.bulk_create(slots, batch_size=2000)
        for bits in bitmaps.values():
            bits.run_optimize()
        FacetBitmap.objects.bulk_create(
            [
                FacetBitmap(district_id=district_id, key=key, bits=bits.serialize())
                for key, bits in bitmaps.items()
            ],
            batch_size=200,
        )
        search_documents_number(district_id=district_id)
        total += len(slots)
    district_catalog_changed(district_ids=district_ids)
    return total


def search_documents_number(*, district_id: uuid.UUID | None = None, offer_ids: list | None = None) -> int:
    """Copy each document's offer slot and sort name (the database's ``LOWER(name)``, the
    directory's order of names) into the search documents of a district or of some offers.
    Only documents whose slot or sort name differ are written: an update leaves a dead row
    version behind on PostgreSQL, and rewriting every document of a district on a rebuild
    doubled the table that every search scans. Returns the number of documents written."""
    qn = connection.ops.quote_name
    documents, slots, offers = (
        qn(SearchDocument._meta.db_table),
        qn(OfferSlot._meta.db_table),
        qn(Offer._meta.db_table),
    )
    # Table names from the models; values are parameters.
    slot = f"COALESCE((SELECT s.slot FROM {slots} s WHERE s.offer_id = {documents}.offer_id), 0)"  # noqa: S608
    name = f"COALESCE((SELECT LOWER(o.name) FROM {offers} o WHERE o.id = {documents}.offer_id), '')"  # noqa: S608
    sql = f"UPDATE {documents} SET slot = {slot}, sort_name = {name} "  # noqa: S608
    changed = f"AND (slot <> {slot} OR sort_name <> {name})"
    written = 0
    with connection.cursor() as cursor:
        if offer_ids is None:
            cursor.execute(sql + f"WHERE district_id = %s {changed}", [db_uuid(district_id)])
            return cursor.rowcount
        for start in range(0, len(offer_ids), BATCH):
            chunk = offer_ids[start : start + BATCH]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(sql + f"WHERE offer_id IN ({marks}) {changed}", [db_uuid(pk) for pk in chunk])
            written += cursor.rowcount
    return written


def facet_bitmaps_load(*, district_id: uuid.UUID, keys: Iterable[str] | None = None) -> dict[str, BitMap]:
    """The district's bitmaps (all, or those of ``keys``), read from the database."""
    return {key: BitMap.deserialize(bits) for key, bits in _bitmaps_read(district_id, keys).items()}


def _bitmaps_read(district_id: uuid.UUID, keys: Iterable[str] | None = None) -> dict[str, bytes]:
    rows = FacetBitmap.objects.filter(district_id=district_id)
    if keys is not None:
        rows = rows.filter(key__in=list(keys))
    return {key: bytes(bits) for key, bits in rows.values_list("key", "bits")}


# Districts whose bitmaps a worker keeps (the least recently searched go first). 100,000 offers
# take about 0.7 MB of bitmaps; reading them costs 5 ms, keeping them saves it on every search.
BITMAPS_CACHE_SIZE = 8
_BITMAPS: "OrderedDict[tuple, dict[str, FrozenBitMap]]" = OrderedDict()
_BITMAPS_LOCK = threading.Lock()


def facet_bitmaps_of_version(*, district_id: uuid.UUID, version: int) -> dict[str, FrozenBitMap]:
    """The district's bitmaps as at ``version`` of its catalog (``District.catalog_version``,
    read by the caller in this request): read from the database unless this worker read them
    for that version before. Frozen, as the worker's other requests share them."""

    def load() -> dict[str, FrozenBitMap]:
        return {key: FrozenBitMap.deserialize(bits) for key, bits in _bitmaps_read(district_id).items()}

    return versioned_get(_BITMAPS, _BITMAPS_LOCK, (district_id, version), BITMAPS_CACHE_SIZE, load)
