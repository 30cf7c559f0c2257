"""The directory ranks, filters and pages in the database (issue 12): the same order as the
search index's own ranking, only one page of ids loaded, a constant number of queries and no
facet index kept in the process. CI runs this file on SQLite and PostgreSQL."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wegweiser.catalog.models import Offer
from wegweiser.catalog.selectors import directory
from wegweiser.catalog.selectors.directory import Criteria, offer_directory_search
from wegweiser.catalog.services.offers import offer_update
from wegweiser.districts.models import District
from wegweiser.search.selectors import offer_text_search

LANGS = ["de", "en"]


def search(district: District, text: str = "", page: int = 1, page_size: int = 20, **selected: set[str]):
    return offer_directory_search(
        district=district,
        criteria=Criteria(text=text, selected=selected, page=page),
        language="de",
        search_languages=LANGS,
        page_size=page_size,
    )


def names(result) -> list[str]:
    return [card.offer.name for card in result.cards]


@pytest.fixture
def catalog(make_offer: Callable) -> None:
    make_offer("Beratung für Flüchtlinge", short_description="Hilfe bei Anträgen.", groups=("frauen",))
    make_offer("Internationales Café", short_description="Treffpunkt mit Beratung nebenan.")
    make_offer("Sprachkurs", short_description="Deutsch lernen, danach Beratung und Beratung.")
    make_offer("Beratung am Abend", short_description="Beratung für alle.", groups=("frauen",))
    make_offer("Fußball für alle", short_description="Offenes Training.")


def index_order(district: District, text: str) -> list[str]:
    """The order the search index itself gives: name matches first, then by score."""
    ranks = offer_text_search(district=district, text=text, languages=LANGS)
    by_id = dict(Offer.objects.filter(pk__in=ranks).values_list("pk", "name"))
    ordered = sorted(ranks, key=lambda pk: (not ranks[pk].name_match, -ranks[pk].score, by_id[pk].casefold()))
    return [by_id[pk] for pk in ordered]


@pytest.mark.django_db
def test_directory_ranks_name_matches_first_like_the_index(district: District, catalog: None) -> None:
    result = search(district, "Beratung")
    assert result.total == 4
    assert names(result)[:2] == ["Beratung am Abend", "Beratung für Flüchtlinge"] or names(result)[:2] == [
        "Beratung für Flüchtlinge",
        "Beratung am Abend",
    ]
    assert set(names(result)[2:]) == {"Internationales Café", "Sprachkurs"}
    assert names(result) == index_order(district, "Beratung")
    ranks = [result.ranks[card.offer.pk] for card in result.cards]
    assert [r.name_match for r in ranks] == [True, True, False, False]


@pytest.mark.django_db
def test_pages_of_a_text_search_follow_the_ranking(district: District, catalog: None) -> None:
    everything = names(search(district, "Beratung"))
    pages = [search(district, "Beratung", page=n, page_size=3) for n in (1, 2)]
    assert [p.total for p in pages] == [4, 4]
    assert names(pages[0]) + names(pages[1]) == everything
    assert pages[1].page.number == 2 and not pages[1].page.has_next()


@pytest.mark.django_db
def test_text_search_combines_with_facets_and_counts_the_rest(district: District, catalog: None) -> None:
    result = search(district, "Beratung", group={"frauen"})
    assert sorted(names(result)) == ["Beratung am Abend", "Beratung für Flüchtlinge"]
    group = next(f for f in result.facets if f.key == "group")
    assert {o.value: o.count for o in group.options} == {"frauen": 2, "erwachsene": 2}


@pytest.mark.django_db
def test_only_stop_words_find_nothing(district: District, catalog: None) -> None:
    result = search(district, "der die das")
    assert result.total == 0 and result.cards == []


@pytest.mark.django_db
def test_browsing_without_text_orders_by_name_ignoring_case(district: District, make_offer: Callable) -> None:
    for name in ["beratung klein", "Anlaufstelle", "Zentrum", "café"]:
        make_offer(name)
    assert names(search(district)) == ["Anlaufstelle", "beratung klein", "café", "Zentrum"]


@pytest.mark.django_db
def test_an_edit_shows_in_the_next_search_without_any_cache(district: District, catalog: None) -> None:
    assert not hasattr(directory, "_CACHE")  # no per-process facet index that could pile up
    offer = Offer.objects.get(name="Fußball für alle")
    assert search(district, "Volleyball").total == 0
    offer_update(actor=None, offer=offer, data={"name": "Volleyball für alle"})
    assert names(search(district, "Volleyball")) == ["Volleyball für alle"]


@pytest.mark.django_db
def test_query_count_does_not_grow_with_hits_or_selected_facets(
    district: District, make_offer: Callable, django_assert_max_num_queries: Callable
) -> None:
    for n in range(3):
        make_offer(f"Beratung {n}", groups=("frauen",), cost_free=True)
    with django_assert_max_num_queries(15) as few:
        search(district, "Beratung")
    for n in range(3, 30):
        make_offer(f"Beratung {n}", groups=("frauen",), cost_free=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        search(district, "Beratung")
    # Selecting facets adds scopes to the one counting statement, not queries.
    with django_assert_max_num_queries(len(few.captured_queries)):
        search(district, "Beratung", group={"frauen"}, free={"1"}, municipality={"nordhausen"})
    with django_assert_max_num_queries(len(few.captured_queries)):
        search(district, group={"frauen"}, language={"de"})


@pytest.mark.django_db
def test_a_page_beyond_the_last_shows_the_last_page(district: District, catalog: None) -> None:
    everything = names(search(district, "Beratung"))
    beyond = search(district, "Beratung", page=7, page_size=3)
    assert beyond.page.number == 2 and names(beyond) == everything[3:]
    assert all(card.offer.pk in beyond.ranks for card in beyond.cards)
    browsing = names(search(district))
    assert names(search(district, page=9, page_size=2)) == browsing[4:]


@pytest.mark.django_db
def test_the_search_index_is_read_once_for_counts_and_page(district: District, catalog: None) -> None:
    """The ranked hits come from one statement over the index; the counts are intersections of
    the facet bitmaps with them, the page is cut from them (no second reading of the index)."""
    with CaptureQueriesContext(connection) as captured:
        result = search(district, "Beratung", page=2, page_size=3)
    index_reads = [q["sql"] for q in captured.captured_queries if "search_searchdocument" in q["sql"]]
    assert len(index_reads) == 1
    assert result.page.number == 2 and len(result.cards) == min(3, result.total - 3)
