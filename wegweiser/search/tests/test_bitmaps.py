"""The facet bitmaps (issue 12): kept in step by the services' transactions, equal to a rebuild
from the rows, and counting exactly as the counting statement over the rows does. CI runs this
file on SQLite and PostgreSQL."""

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pyroaring import BitMap

from wegweiser.catalog.models import Location, Offer, OfferLocation, OfferTranslation
from wegweiser.catalog.selectors.directory import Criteria, offer_directory_search
from wegweiser.catalog.services.components import component_save
from wegweiser.catalog.services.offers import offer_archive, offer_update
from wegweiser.catalog.tests.factories import LocationFactory
from wegweiser.core.models import Language
from wegweiser.districts.models import District
from wegweiser.search.backends import get_backend
from wegweiser.search.bitmaps import ALL, facet_bitmaps_load, facet_bitmaps_rebuild, offer_slots_refresh
from wegweiser.search.models import FacetBitmap, OfferSlot, SearchDocument
from wegweiser.search.selectors import TextQuery, offer_text_query


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
    (``FEW_TIED`` = 0 lets a handful of equal ranks count as many; ``FIRST_HITS_UP_TO`` = 0 ranks
    every hit in Python, as a page deep in the results is: the first pages, ranked by the
    database, are compared in the tests that follow.)"""
    from wegweiser.search.selectors import RankedHits

    monkeypatch.setattr(TextQuery, "FIRST_HITS_UP_TO", 0)

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


def _pages(
    district: District, text: str, pages: range, page_size: int, *, use_bitmaps: bool = True, **criteria: Any
) -> list[tuple]:
    """Each page's offers, ranks and total, as the directory shows them."""
    found = []
    for page in pages:
        result = offer_directory_search(
            district=district,
            criteria=Criteria(text=text, page=page, **criteria),
            language="de",
            search_languages=["de", "en"],
            page_size=page_size,
            use_bitmaps=use_bitmaps,
        )
        found.append(([c.offer.pk for c in result.cards], result.ranks, result.total, result.page.number))
    return found


def _translate(offer: Offer, code: str, name: str) -> None:
    component_save(
        actor=None,
        parent=offer,
        component=OfferTranslation(master=offer, language=Language.objects.get(code=code), name=name),
    )


@pytest.fixture
def tied(make_offer: Callable) -> list[Offer]:
    """Many equal texts (equal ranks), names with accents and capitals, and offers that match
    in two languages (a document each)."""
    made = [
        make_offer(f"Nähcafé Nummer {n:02d}", short_description="Nähen und Kaffee.")
        for n in [7, 3, 31, 12, 25, 1, 18, 29, 5, 22, 14, 9, 27, 2, 16, 30, 11, 24, 6, 20]
    ]
    made += [
        make_offer(f"ÄNDERUNGSSCHNEIDEREI und Nähcafé {n}", short_description="Nähen.") for n in range(6)
    ]
    made += [make_offer(f"Treffpunkt {n}", short_description="Mit Nähcafé am Freitag.") for n in range(5)]
    for offer in made[::3]:
        _translate(offer, "en", "Nähcafé sewing café")
    return made


@pytest.mark.django_db
def test_the_first_pages_ranked_by_the_database_equal_every_hit_ranked_in_python(
    district: District, tied: list[Offer], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first pages of a search come from one statement that ranks and cuts in the database
    (``TextQuery.first_hits``): name matches first, equal ranks by name, an offer found in two
    languages once at its best; pages, ranks and counts equal those of every hit ranked in
    Python, and so do a page beyond the last and a facet selection (which take every hit).
    Only PostgreSQL uses it by default (``cuts_first_hits``); the test runs it on both."""
    backend = type(get_backend())
    assert backend.cuts_first_hits == (connection.vendor == "postgresql")
    monkeypatch.setattr(backend, "cuts_first_hits", True)
    asked: list[int] = []
    first_hits = TextQuery.first_hits

    def spy(self: TextQuery, *, first: int, excluded: Any = None) -> Any:
        asked.append(first)
        return first_hits(self, first=first, excluded=excluded)

    monkeypatch.setattr(TextQuery, "first_hits", spy)
    for page_size in (1, 4, 7, 40):
        pages = range(1, 32 // page_size + 3)  # up to one beyond the last page
        by_database = _pages(district, "Nähcafé", pages, page_size)
        with monkeypatch.context() as python:
            python.setattr(TextQuery, "FIRST_HITS_UP_TO", 0)
            by_python = _pages(district, "Nähcafé", pages, page_size)
        assert by_database == by_python, page_size
        assert by_database[0][2] == 31
    assert 40 in asked and len(asked) > 20
    first_page, ranks, _total, _number = _pages(district, "Nähcafé", range(1, 2), 40)[0]
    order = [
        (-ranks[pk].name_match, -ranks[pk].score, Offer.objects.get(pk=pk).name.lower()) for pk in first_page
    ]
    assert order == sorted(order)  # names first, then relevance, equal ranks by name
    # Treffpunkt 0, 2 and 3 have it only in the text (1 and 4 in an English name).
    assert {Offer.objects.get(pk=pk).name for pk in first_page[-3:]} == {f"Treffpunkt {n}" for n in (0, 2, 3)}
    assert len({score for _match, score, _name in order}) < 10  # many equal ranks
    asked.clear()
    selected = {"group": {"erwachsene"}}
    chosen = _pages(district, "Nähcafé", range(1, 4), 5, selected=selected)
    assert asked == []  # a facet selection ranks every hit …
    assert chosen == _pages(district, "Nähcafé", range(1, 4), 5, use_bitmaps=False, selected=selected)
    assert chosen[0][2] == 31


@pytest.mark.django_db
def test_too_few_distinct_offers_among_the_first_documents_fall_back_to_every_hit(
    district: District, tied: list[Offer], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An offer has a document per language, so the rows read for the first hits may hold fewer
    distinct offers than the page needs: then the page is taken from every hit, unchanged.
    (A negative margin reads fewer rows than the page has offers.)"""
    for offer in tied[:4]:
        _translate(offer, "uk", "Nähcafé")  # documents in three languages
    expected = _pages(district, "Nähcafé", range(1, 5), 3)
    monkeypatch.setattr(type(get_backend()), "cuts_first_hits", True)
    monkeypatch.setattr(TextQuery, "FIRST_MARGIN", -4)
    assert _pages(district, "Nähcafé", range(1, 5), 3) == expected
    text_query = offer_text_query(district=district, text="Nähcafé", languages=["de", "en"])
    assert text_query is not None
    hits = text_query.first_hits(first=3)  # two rows read
    assert len(hits) == 31 and len(hits.leading) <= 2 and not hits.complete
    page = hits.page(start=0, stop=3)
    assert hits._ranked is not None  # … so every hit was ranked
    assert page == hits.ranked().page(start=0, stop=3)
    assert [row[0] for row in page[:2]] == [offer_hex for _slot, _rank, offer_hex in hits.leading[:2]]
    monkeypatch.setattr(TextQuery, "FIRST_MARGIN", 20)
    many = text_query.first_hits(first=30)  # 80 rows asked for: every document, each offer once
    assert many.complete and len(many.leading) == 31 == len({slot for slot, _r, _h in many.leading})
    assert many.page(start=0, stop=31) == many.ranked().page(start=0, stop=31)


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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner settings")
def test_outside_a_transaction_the_hit_statement_sets_the_costs_for_itself_alone(
    district: District, offers: list[Offer]
) -> None:
    """A public request runs outside a transaction: the query string's statements are one
    implicit transaction, so ``SET LOCAL`` ends with it and no RESET is sent; the session plans
    with the server's defaults afterwards, and finds what the reset form finds."""
    from django.db import transaction
    from django.test.utils import CaptureQueriesContext

    def settings() -> tuple:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('parallel_setup_cost'), current_setting('parallel_tuple_cost')"
            )
            return cursor.fetchone()

    def search() -> list:
        result = offer_directory_search(
            district=district, criteria=Criteria(text="Frauen"), language="de", search_languages=["de", "en"]
        )
        return [card.offer.pk for card in result.cards]

    before = settings()
    assert connection.get_autocommit()
    with CaptureQueriesContext(connection) as captured:
        alone = search()
    reading = [q["sql"] for q in captured.captured_queries if "search_searchdocument" in q["sql"]]
    assert len(reading) == 1 and reading[0].startswith("SET LOCAL parallel_setup_cost = 100;")
    assert "RESET" not in reading[0]
    assert settings() == before
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        inside = search()
        assert settings() == before
    reading = [q["sql"] for q in captured.captured_queries if "search_searchdocument" in q["sql"]]
    assert reading[0].startswith("SET parallel_setup_cost = 100;") and "RESET" in reading[0]
    assert alone == inside and alone


@pytest.mark.django_db
def test_a_worker_keeps_the_bitmaps_of_a_catalog_version_and_reads_them_again_after_an_edit(
    district: District, offers: list[Offer], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bitmaps are read once per catalog version: an edit raises the version in its own
    transaction, and the next search counts the edit. One version per district is kept, and
    a few districts per worker."""
    from wegweiser.catalog.tests.factories import DistrictFactory
    from wegweiser.search import bitmaps

    monkeypatch.setattr(bitmaps, "_BITMAPS", type(bitmaps._BITMAPS)())
    monkeypatch.setattr(bitmaps, "BITMAPS_CACHE_SIZE", 3)

    def free_count() -> tuple[int, int]:
        result = offer_directory_search(
            district=district, criteria=Criteria(), language="de", search_languages=["de"], page_size=1
        )
        free = next(f for f in result.facets if f.key == "free")
        return result.total, sum(option.count for option in free.options)

    assert free_count() == (3, 2)
    with CaptureQueriesContext(connection) as read:
        assert free_count() == (3, 2)
    assert not [q for q in read.captured_queries if "search_facetbitmap" in q["sql"]]  # kept
    offer_update(actor=None, offer=offers[1], data={"cost_free": True})
    assert free_count() == (3, 3)
    offer_archive(actor=None, offer=offers[0])
    assert free_count() == (2, 2)
    version = District.objects.get(pk=district.pk).catalog_version
    offer_slots_refresh(offer_ids=[offers[0].pk])  # nothing changed: the version stays
    assert District.objects.get(pk=district.pk).catalog_version == version
    assert [key[0] for key in bitmaps._BITMAPS] == [district.pk]
    for key in ["16061", "16063", "16064", "16065"]:
        other: Any = DistrictFactory(key=key)
        bitmaps.facet_bitmaps_of_version(district_id=other.pk, version=0)
    assert len(bitmaps._BITMAPS) == 3 and district.pk not in [key[0] for key in bitmaps._BITMAPS]


@pytest.mark.django_db
def test_documents_are_written_once_with_the_databases_lowered_name(
    district: District, make_offer: Callable
) -> None:
    """The sort name is the database's ``LOWER(name)`` (SQLite lowers only ASCII), written with
    the document: no second pass rewrites every document (a dead row version each)."""
    from django.db.models.functions import Lower

    offer = make_offer("ÄRZTE-Sprechstunde Nähcafé")
    with CaptureQueriesContext(connection) as writes:
        offer_update(actor=None, offer=offer, data={"name": "ÖFFENTLICHE Beratung"})
    lowered = (
        Offer.objects.filter(pk=offer.pk).annotate(low=Lower("name")).values_list("low", flat=True).get()
    )
    assert set(SearchDocument.objects.filter(offer=offer).values_list("sort_name", flat=True)) == {lowered}
    assert not [q for q in writes.captured_queries if q["sql"].startswith('UPDATE "search_searchdocument"')]


@pytest.mark.django_db
def test_a_rebuild_rewrites_only_the_documents_whose_slot_or_sort_name_changed(
    district: District, offers: list[Offer]
) -> None:
    """Renumbering a district (``facet_bitmaps_rebuild``) writes a document only where its
    slot or sort name differ: rewriting every document left a dead row version of each on
    PostgreSQL, doubling the table every search scans."""
    from wegweiser.search.bitmaps import search_documents_number

    facet_bitmaps_rebuild(district_ids=[district.pk])
    assert search_documents_number(district_id=district.pk) == 0  # nothing differs
    Offer.objects.filter(pk=offers[0].pk).update(name="Zz ganz anders")  # behind the services' back
    assert (
        search_documents_number(district_id=district.pk)
        == SearchDocument.objects.filter(offer=offers[0]).count()
    )
    assert set(SearchDocument.objects.filter(offer=offers[0]).values_list("sort_name", flat=True)) == {
        "zz ganz anders"
    }
    assert search_documents_number(offer_ids=[o.pk for o in offers]) == 0
