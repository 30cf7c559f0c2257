"""Facet and card labels are kept per district catalog version in a small bounded cache
(issue 12): a renamed term shows in the next search, old versions do not pile up, and a cached
request reads one row instead of the label tables."""

from collections.abc import Callable

import pytest

from wegweiser.catalog.selectors import facets
from wegweiser.catalog.selectors.directory import Criteria, offer_directory_search
from wegweiser.catalog.services.entities import taxonomy_term_update
from wegweiser.districts.models import District


def search(district: District, text: str = "") -> list:
    return offer_directory_search(
        district=district, criteria=Criteria(text=text), language="de", search_languages=["de", "en"]
    ).facets


def labels_of(result: list, key: str) -> list[str]:
    return [option.label for facet in result if facet.key == key for option in facet.options]


@pytest.mark.django_db
def test_a_renamed_term_shows_in_the_next_search(
    district: District, make_offer: Callable, term: Callable
) -> None:
    make_offer("Beratung", groups=("frauen",))
    women = term("target_group", "frauen")
    assert women.name in labels_of(search(district, "Beratung"), "group")
    taxonomy_term_update(actor=None, term=women, data={"name": "Frauen und Mädchen"})
    assert "Frauen und Mädchen" in labels_of(search(district, "Beratung"), "group")


@pytest.mark.django_db
def test_labels_cache_is_bounded_and_keeps_one_version_per_district(
    district: District, make_offer: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(facets, "_LABELS", type(facets._LABELS)())
    monkeypatch.setattr(facets, "LABELS_CACHE_SIZE", 3)
    for n in range(4):
        make_offer(f"Beratung {n}")  # raises the district's catalog version each time
        search(district, "Beratung")
        assert [key[0] for key in facets._LABELS].count(district.pk) == 1
    for language in ("en", "ar", "uk", "fa"):
        offer_directory_search(
            district=district, criteria=Criteria(), language=language, search_languages=["de"]
        )
    assert len(facets._LABELS) == 3


@pytest.mark.django_db
def test_a_cached_search_reads_no_label_tables(
    district: District, make_offer: Callable, django_assert_max_num_queries: Callable
) -> None:
    make_offer("Beratung")
    with django_assert_max_num_queries(20) as first:
        search(district, "Beratung")
    with django_assert_max_num_queries(len(first.captured_queries) - 3) as cached:
        search(district, "Beratung")
    tables = " ".join(q["sql"] for q in cached.captured_queries)
    # (The cards' places join a municipality's name; no query reads the label tables themselves.)
    assert 'FROM "catalog_taxonomyterm"' not in tables and 'FROM "districts_municipality"' not in tables
