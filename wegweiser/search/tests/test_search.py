"""Search behaves the same on SQLite (FTS5) and PostgreSQL (tsvector, pg_trgm): CI runs this
file on both."""

from collections.abc import Callable

import pytest
from django.db import transaction

from wegweiser.catalog.models import Offer, OfferTranslation
from wegweiser.catalog.services.components import component_save
from wegweiser.catalog.services.offers import offer_archive, offer_update
from wegweiser.catalog.tests.factories import DistrictFactory
from wegweiser.core.models import Language
from wegweiser.districts.models import District
from wegweiser.search.selectors import offer_text_search

LANGS = ["de", "en", "ar", "uk"]


def found(district: District, text: str) -> list[str]:
    ranks = offer_text_search(district=district, text=text, languages=LANGS)
    names = dict(Offer.objects.filter(pk__in=ranks).values_list("pk", "name"))
    ordered = sorted(ranks, key=lambda pk: (not ranks[pk].name_match, -ranks[pk].score))
    return [names[pk] for pk in ordered]


@pytest.fixture
def catalog(make_offer: Callable) -> dict[str, Offer]:
    return {
        "kurs": make_offer("Sprachkurs für Anfänger", short_description="Deutsch lernen am Vormittag."),
        "beratung": make_offer("Beratung für Flüchtlinge", short_description="Hilfe bei Anträgen."),
        "cafe": make_offer("Internationales Café", short_description="Treffpunkt mit Beratung nebenan."),
        "sport": make_offer("Fußball für alle", short_description="Offenes Training."),
    }


@pytest.mark.django_db
def test_german_stemming_finds_singular_from_plural(district: District, catalog: dict) -> None:
    assert "Sprachkurs für Anfänger" in found(district, "Sprachkurse")
    assert "Beratung für Flüchtlinge" in found(district, "Beratungen")


@pytest.mark.django_db
def test_umlaut_folding_finds_fluechtlinge_in_every_spelling(district: District, catalog: dict) -> None:
    for spelling in ["Flüchtlinge", "Fluechtlinge", "Fluchtlinge", "FLÜCHTLINGE"]:
        assert found(district, spelling) == ["Beratung für Flüchtlinge"], spelling


@pytest.mark.django_db
def test_typo_tolerance_corrects_one_wrong_letter(district: District, catalog: dict) -> None:
    assert found(district, "Sprachkuts") == ["Sprachkurs für Anfänger"]
    assert found(district, "Fusball") == ["Fußball für alle"]


@pytest.mark.django_db
def test_no_typo_correction_for_short_words(district: District, catalog: dict) -> None:
    assert found(district, "xyz") == []


@pytest.mark.django_db
def test_name_matches_rank_before_description_matches(district: District, catalog: dict) -> None:
    assert found(district, "Beratung") == ["Beratung für Flüchtlinge", "Internationales Café"]


@pytest.mark.django_db
def test_all_words_must_match(district: District, catalog: dict) -> None:
    assert found(district, "Beratung Flüchtlinge") == ["Beratung für Flüchtlinge"]
    assert found(district, "Beratung Fußball") == []


@pytest.mark.django_db
def test_translations_are_searched(district: District, catalog: dict) -> None:
    offer = catalog["kurs"]
    for code, name in [("en", "Language course for beginners"), ("uk", "Мовний курс для початківців")]:
        component_save(
            actor=None,
            parent=offer,
            component=OfferTranslation(master=offer, language=Language.objects.get(code=code), name=name),
        )
    assert found(district, "language courses") == ["Sprachkurs für Anfänger"]
    assert found(district, "курс") == ["Sprachkurs für Anfänger"]


@pytest.mark.django_db
def test_search_is_limited_to_the_district(district: District, catalog: dict, make_offer: Callable) -> None:
    other = DistrictFactory(key="16061", name="Eichsfeld")
    assert offer_text_search(district=other, text="Sprachkurs", languages=LANGS) == {}


@pytest.mark.django_db
def test_index_follows_edits_and_archiving(district: District, catalog: dict) -> None:
    offer = catalog["sport"]
    offer_update(actor=None, offer=offer, data={"name": "Volleyball für alle"})
    assert found(district, "Volleyball") == ["Volleyball für alle"]
    assert found(district, "Fußball") == []
    offer_archive(actor=None, offer=offer)
    assert found(district, "Volleyball") == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_index_change_is_rolled_back_with_the_edit(district: District, catalog: dict) -> None:
    offer = catalog["sport"]
    with pytest.raises(RuntimeError), transaction.atomic():
        offer_update(actor=None, offer=offer, data={"name": "Volleyball für alle"})
        raise RuntimeError("the edit fails after the index was written")
    assert found(district, "Volleyball") == []
    assert found(district, "Fußball") == ["Fußball für alle"]


@pytest.mark.django_db
def test_drafts_are_not_searchable(district: District, make_offer: Callable) -> None:
    make_offer("Geheimer Entwurf", publish=False)
    assert found(district, "Entwurf") == []


def test_indexing_many_offers_at_once_runs_in_bounded_batches(
    district: District, make_offer: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wegweiser.search import services
    from wegweiser.search.models import SearchDocument

    ids = [make_offer(f"Sprachkurs {n}").pk for n in range(5)]
    expected = services.search_index_offers(offer_ids=ids)
    monkeypatch.setattr(services, "INDEX_BATCH", 2)
    assert services.search_index_offers(offer_ids=ids) == expected == 5
    assert SearchDocument.objects.filter(offer_id__in=ids).count() == 5


@pytest.mark.django_db
def test_deferred_indexing_indexes_the_offers_when_the_block_ends(district: District, catalog: dict) -> None:
    from wegweiser.search import services

    offer = catalog["sport"]
    with services.search_indexing_deferred():
        offer_update(actor=None, offer=offer, data={"name": "Volleyball für alle"})
        offer_update(actor=None, offer=offer, data={"name": "Basketball für alle"})
        with services.search_indexing_deferred():  # nested: joins the outer block
            offer_update(actor=None, offer=catalog["cafe"], data={"name": "Internationales Frühstück"})
        assert found(district, "Basketball") == []  # the index is behind inside the block:
        assert found(district, "Fußball") == ["Basketball für alle"]  # found by its old name
    assert found(district, "Basketball") == ["Basketball für alle"]
    assert found(district, "Fußball") == []
    assert found(district, "Frühstück") == ["Internationales Frühstück"]


@pytest.mark.django_db
def test_deferred_indexing_writes_the_index_once_per_block(
    district: District, catalog: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wegweiser.search import bitmaps

    calls: list[list] = []
    refresh = bitmaps.offer_slots_refresh

    def counting(*, offer_ids: list) -> dict:
        calls.append(list(offer_ids))
        return refresh(offer_ids=offer_ids)

    monkeypatch.setattr("wegweiser.search.services.offer_slots_refresh", counting)
    from wegweiser.search.services import search_indexing_deferred

    with search_indexing_deferred():
        for name in ("Volleyball für alle", "Basketball für alle", "Handball für alle"):
            offer_update(actor=None, offer=catalog["sport"], data={"name": name})
        offer_update(actor=None, offer=catalog["cafe"], data={"name": "Internationales Frühstück"})
    assert len(calls) == 1
    assert sorted(calls[0]) == sorted([catalog["sport"].pk, catalog["cafe"].pk])


@pytest.mark.django_db
def test_a_failing_deferred_block_indexes_nothing_and_keeps_the_old_index(
    district: District, catalog: dict
) -> None:
    from wegweiser.search.services import search_indexing_deferred

    with pytest.raises(RuntimeError), search_indexing_deferred():
        offer_update(actor=None, offer=catalog["sport"], data={"name": "Volleyball für alle"})
        raise RuntimeError("the load fails half-way")
    assert found(district, "Volleyball") == []
    assert found(district, "Fußball") == ["Fußball für alle"]
    assert Offer.objects.get(pk=catalog["sport"].pk).name == "Fußball für alle"
