"""The facet bitmaps (issue 12): kept in step by the services' transactions, equal to a rebuild
from the rows, and counting exactly as the counting statement over the rows does. CI runs this
file on SQLite and PostgreSQL."""

import itertools
from collections.abc import Callable

import pytest
from django.db import connection
from pyroaring import BitMap

from wegweiser.catalog.models import Location, Offer, OfferLocation
from wegweiser.catalog.selectors.directory import Criteria, offer_directory_search
from wegweiser.catalog.services.components import component_save
from wegweiser.catalog.services.offers import offer_archive, offer_update
from wegweiser.catalog.tests.factories import LocationFactory
from wegweiser.core.models import Language
from wegweiser.districts.models import District
from wegweiser.search.bitmaps import ALL, facet_bitmaps_load, facet_bitmaps_rebuild, offer_slots_refresh
from wegweiser.search.models import FacetBitmap, OfferSlot, SearchDocument


def members(district: District) -> dict[str, set]:
    """Each bitmap as the set of its offers' ids (slots differ between a rebuild and edits)."""
    offer_of = dict(OfferSlot.objects.filter(district=district).values_list("slot", "offer_id"))
    return {
        key: {offer_of[slot] for slot in bits}
        for key, bits in facet_bitmaps_load(district_id=district.pk).items()
        if len(bits)
    }


@pytest.fixture
def offers(make_offer: Callable, district: District) -> list[Offer]:
    de, ar, uk = (Language.objects.get(code=c) for c in ["de", "ar", "uk"])
    nordhausen = district.municipalities.get(slug="nordhausen")
    return [
        make_offer(
            "Deutschkurs für Frauen",
            fields=("sprache-bildung",),
            groups=("frauen",),
            languages=[de, ar],
            cost_free=True,
            childcare_available=True,
        ),
        make_offer(
            "Deutschkurs am Abend",
            fields=("sprache-bildung",),
            groups=("erwachsene",),
            languages=[de],
            serves_whole_district=False,
            municipalities=[nordhausen],
        ),
        make_offer(
            "Beratung für Frauen",
            fields=("beratung",),
            groups=("frauen",),
            languages=[uk, de],
            cost_free=True,
        ),
        make_offer("Entwurf", publish=False),
    ]


@pytest.mark.django_db
def test_bitmaps_follow_every_kind_of_edit_as_a_rebuild_would(
    district: District, offers: list[Offer]
) -> None:
    course, evening, advice, draft = offers
    offer_update(actor=None, offer=evening, data={"cost_free": True, "childcare_available": True})
    offer_update(actor=None, offer=advice, data={"languages": [Language.objects.get(code="de")]})
    place = LocationFactory(
        district=district,
        organisation=course.organisation,
        municipality=district.municipalities.get(slug="bleicherode"),
        accessibility=Location.Accessibility.YES,
    )
    component_save(actor=None, parent=course, component=OfferLocation(offer=course, location=place))
    offer_archive(actor=None, offer=advice)
    kept = members(district)
    assert kept[ALL] == {course.pk, evening.pk}
    assert advice.pk not in set().union(*kept.values()) and draft.pk not in set().union(*kept.values())
    facet_bitmaps_rebuild(district_ids=[district.pk])
    assert members(district) == kept


@pytest.mark.django_db
def test_an_offer_leaving_the_catalog_keeps_its_slot_and_leaves_every_bitmap(
    district: District, offers: list[Offer]
) -> None:
    course = offers[0]
    slot = OfferSlot.objects.get(offer=course)
    offer_archive(actor=None, offer=course)
    slot.refresh_from_db()
    assert slot.keys == ""
    assert all(slot.slot not in bits for bits in facet_bitmaps_load(district_id=district.pk).values())
    assert not SearchDocument.objects.filter(offer=course).exists()


@pytest.mark.django_db
def test_a_slot_number_freed_by_a_deleted_offer_starts_clean(
    district: District, offers: list[Offer], make_offer: Callable
) -> None:
    last = OfferSlot.objects.filter(district=district).order_by("-slot").first()
    assert last is not None
    gone = Offer.objects.get(pk=last.offer_id)
    OfferLocation.objects.filter(offer=gone).delete()
    gone.terms.clear()
    gone.languages.clear()
    gone.municipalities.clear()
    gone.translations.all().delete()
    Offer.objects.filter(pk=gone.pk).delete()  # rows removed behind the services' back
    fresh = make_offer("Neu", fields=("wohnen",), groups=("erwachsene",))
    assert OfferSlot.objects.get(offer=fresh).slot == last.slot
    kept = members(district)
    assert all(gone.pk not in offers_ for offers_ in kept.values())
    assert fresh.pk in kept[ALL]
    assert {key for key, ids in kept.items() if fresh.pk in ids} == set(
        OfferSlot.objects.get(offer=fresh).keys.split()
    )


@pytest.mark.django_db
def test_refreshing_unchanged_offers_writes_no_bitmap(district: District, offers: list[Offer]) -> None:
    before = dict(FacetBitmap.objects.filter(district=district).values_list("key", "bits"))
    slots = offer_slots_refresh(offer_ids=[o.pk for o in offers])
    assert set(slots) == {o.pk for o in offers[:3]}
    after = dict(FacetBitmap.objects.filter(district=district).values_list("key", "bits"))
    assert {k: bytes(v) for k, v in after.items()} == {k: bytes(v) for k, v in before.items()}
    assert isinstance(BitMap.deserialize(bytes(after[ALL])), BitMap)


SELECTIONS = [
    {},
    {"group": {"frauen"}},
    {"field": {"sprache-bildung"}, "free": {"1"}},
    {"language": {"uk", "ar"}},
    {"municipality": {"nordhausen"}},
    {"municipality": {"bleicherode"}, "group": {"frauen", "erwachsene"}},
    {"childcare": {"1"}, "accessible": {"1"}},
    {"municipality": {"keine-gemeinde"}},
    {"group": {"unbekannt"}},
]


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["", "Deutschkurs", "Frauen", "Beratung Frauen", "Nichtsdergleichen"])
def test_counts_and_pages_from_bitmaps_equal_the_counting_statement(
    district: District, offers: list[Offer], text: str
) -> None:
    ended = offers[2]
    offer_update(actor=None, offer=ended, data={"valid_to": "2000-01-01"})  # searchable, not public
    for selected, page_size in itertools.product(SELECTIONS, [1, 20]):
        results = [
            offer_directory_search(
                district=district,
                criteria=Criteria(text=text, selected=selected, page=2 if page_size == 1 else 1),
                language="de",
                search_languages=["de", "en"],
                page_size=page_size,
                use_bitmaps=use,
            )
            for use in (True, False)
        ]
        by_bitmaps, by_rows = results
        assert by_bitmaps.total == by_rows.total, (text, selected)
        assert [(f.key, f.options) for f in by_bitmaps.facets] == [(f.key, f.options) for f in by_rows.facets]
        assert [c.offer.pk for c in by_bitmaps.cards] == [c.offer.pk for c in by_rows.cards], (text, selected)
        assert by_bitmaps.ranks == by_rows.ranks


@pytest.mark.django_db
def test_many_hits_of_equal_rank_page_by_name_as_the_counting_statement(
    district: District, make_offer: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Equal texts rank equally (on PostgreSQL ``ts_rank`` gives thousands of hits one value):
    the database picks those of them a page needs by name; every page equals the former path's.
    (``FEW_TIED`` = 0 lets a handful of equal ranks count as many.)"""
    from wegweiser.search.selectors import RankedHits

    narrowed: list[int] = []
    names = RankedHits.names

    def spy(self: RankedHits, slots: list[int], *, first: int | None = None) -> dict:
        if first is not None:
            narrowed.append(first)
        return names(self, slots, first=first)

    monkeypatch.setattr(RankedHits, "FEW_TIED", 0)
    monkeypatch.setattr(RankedHits, "NAMES_BATCH", 7)  # and in batches
    for n in [7, 3, 31, 12, 25, 1, 18, 29, 5, 22, 14, 9, 27, 2, 16, 30, 11, 24, 6, 20, 33, 4, 15]:
        make_offer(f"Nähcafé Nummer {n:02d}", short_description="Nähen und Kaffee.")
    for n in range(10):  # named with accents and capitals: the database's LOWER decides
        make_offer(f"ÄNDERUNGSSCHNEIDEREI und Nähcafé {n}", short_description="Nähen und Kaffee.")
    monkeypatch.setattr(RankedHits, "names", spy)
    pages = []
    for page in (1, 2, 5):
        by_bitmaps, by_rows = (
            offer_directory_search(
                district=district,
                criteria=Criteria(text="Nähcafé", page=page),
                language="de",
                search_languages=["de", "en"],
                page_size=3,
                use_bitmaps=use,
            )
            for use in (True, False)
        )
        assert [c.offer.pk for c in by_bitmaps.cards] == [c.offer.pk for c in by_rows.cards], page
        assert by_bitmaps.ranks == by_rows.ranks
        pages.append([c.offer.name for c in by_bitmaps.cards])
    assert len({name for page in pages for name in page}) == 9
    # SQLite's hits come without names: the database narrowed the tie; PostgreSQL's come with
    # their sort names, and the tie was narrowed by them.
    assert bool(narrowed) == (connection.vendor == "sqlite")


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner settings")
def test_the_hit_statement_may_run_in_parallel_workers_and_leaves_the_session_as_it_was(
    district: District, offers: list[Offer]
) -> None:
    """The hits are read with cheaper parallel workers for that one statement (one round trip);
    afterwards the session plans with the server's defaults again."""
    from django.test.utils import CaptureQueriesContext

    def settings() -> tuple:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('parallel_setup_cost'), current_setting('parallel_tuple_cost')"
            )
            return cursor.fetchone()

    before = settings()
    with CaptureQueriesContext(connection) as captured:
        result = offer_directory_search(
            district=district,
            criteria=Criteria(text="Frauen"),
            language="de",
            search_languages=["de", "en"],
            page_size=3,
        )
    assert result.total > 0
    reading = [q["sql"] for q in captured.captured_queries if "search_searchdocument" in q["sql"]]
    assert len(reading) == 1 and reading[0].startswith("SET parallel_setup_cost = 100;")
    assert settings() == before
