from collections.abc import Callable

import pytest

from wegweiser.catalog.models import Location, OfferLocation, OfferTranslation
from wegweiser.catalog.selectors.directory import Criteria, offer_directory_search
from wegweiser.catalog.services.components import component_save
from wegweiser.catalog.services.offers import offer_update
from wegweiser.catalog.tests.factories import LocationFactory
from wegweiser.catalog.translation import localise
from wegweiser.core.models import Language
from wegweiser.districts.models import District


def search(district: District, text: str = "", **selected: set[str]):
    return offer_directory_search(
        district=district,
        criteria=Criteria(text=text, selected=selected),
        language="de",
        search_languages=["de", "en"],
    )


def counts(result, key: str) -> dict[str, int]:
    facet = next(f for f in result.facets if f.key == key)
    return {o.value: o.count for o in facet.options}


@pytest.fixture
def offers(make_offer: Callable, district: District) -> None:
    de, ar, uk = (Language.objects.get(code=c) for c in ["de", "ar", "uk"])
    nordhausen = district.municipalities.get(slug="nordhausen")
    make_offer(
        "Deutschkurs für Frauen",
        fields=("sprache-bildung",),
        groups=("frauen",),
        languages=[de, ar],
        cost_free=True,
        childcare_available=True,
    )
    make_offer(
        "Deutschkurs am Abend",
        fields=("sprache-bildung",),
        groups=("erwachsene",),
        languages=[de],
        serves_whole_district=False,
        municipalities=[nordhausen],
    )
    make_offer(
        "Beratung für Frauen", fields=("beratung",), groups=("frauen",), languages=[uk, de], cost_free=True
    )


@pytest.mark.django_db
def test_facet_counts_describe_the_current_results(district: District, offers: None) -> None:
    result = search(district)
    assert result.total == 3
    assert counts(result, "field") == {"sprache-bildung": 2, "beratung": 1}
    assert counts(result, "group") == {"frauen": 2, "erwachsene": 1}
    assert counts(result, "language") == {"de": 3, "ar": 1, "uk": 1}
    assert counts(result, "free") == {"1": 2}
    assert counts(result, "childcare") == {"1": 1}
    assert counts(result, "municipality") == {"nordhausen": 3, "bleicherode": 2}


@pytest.mark.django_db
def test_facets_combine_with_full_text_search(district: District, offers: None) -> None:
    result = search(district, "Deutschkurs")
    assert result.total == 2
    assert counts(result, "group") == {"frauen": 1, "erwachsene": 1}
    result = search(district, "Deutschkurs", group={"frauen"})
    assert [c.offer.name for c in result.cards] == ["Deutschkurs für Frauen"]


@pytest.mark.django_db
def test_values_of_one_facet_are_alternatives_and_facets_narrow(district: District, offers: None) -> None:
    result = search(district, language={"ar", "uk"})
    assert result.total == 2
    # The language facet still counts as if no language were chosen, so other choices stay visible.
    assert counts(result, "language") == {"de": 3, "ar": 1, "uk": 1}
    result = search(district, language={"ar", "uk"}, field={"beratung"})
    assert [c.offer.name for c in result.cards] == ["Beratung für Frauen"]
    # A chosen value stays visible (with its count) so that it can be unticked.
    assert counts(result, "language") == {"de": 1, "uk": 1, "ar": 0}


@pytest.mark.django_db
def test_barrier_free_facet_follows_the_locations(district: District, make_offer: Callable) -> None:
    offer = make_offer("Treffpunkt")
    place = LocationFactory(district=district, accessibility=Location.Accessibility.YES)
    component_save(actor=None, parent=offer, component=OfferLocation(offer=offer, location=place))
    assert counts(search(district), "accessible") == {"1": 1}
    assert search(district, accessible={"1"}).total == 1


@pytest.mark.django_db
def test_ended_offers_leave_the_directory(district: District, offers: None) -> None:
    import datetime as dt

    offer = search(district, "Abend").cards[0].offer
    offer_update(actor=None, offer=offer, data={"valid_to": dt.date(2020, 1, 31)})
    assert search(district, "Abend").total == 0


@pytest.mark.django_db
def test_content_falls_back_to_german_field_by_field(make_offer: Callable) -> None:
    offer = make_offer("Sprachcafé", short_description="Deutsch üben bei Kaffee.")
    component_save(
        actor=None,
        parent=offer,
        component=OfferTranslation(
            master=offer, language=Language.objects.get(code="en"), name="Language café"
        ),
    )
    offer.refresh_from_db()
    name, short = localise(offer, "name", "en"), localise(offer, "short_description", "en")
    assert (name.text, name.language, name.is_fallback) == ("Language café", "en", False)
    assert (short.text, short.language, short.is_fallback) == ("Deutsch üben bei Kaffee.", "de", True)
    arabic = localise(offer, "name", "ar")
    assert (arabic.text, arabic.is_fallback) == ("Sprachcafé", True)


@pytest.mark.django_db
def test_cards_read_only_what_they_show_in_the_languages_they_can_show(
    district: District, make_offer: Callable
) -> None:
    """A card shows the name and short description in the content language, else the
    interface language, else German: a German page reads no translation row, an English one
    only the English rows; the offers' long texts are not read for a list."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    offer = make_offer("Sprachcafé", short_description="Deutsch üben bei Kaffee.")
    for code, name in [("en", "Language café"), ("ar", "مقهى اللغة")]:
        component_save(
            actor=None,
            parent=offer,
            component=OfferTranslation(master=offer, language=Language.objects.get(code=code), name=name),
        )

    def cards_read(language: str, ui: str) -> tuple[list[str], list[str]]:
        with CaptureQueriesContext(connection) as queries:
            result = offer_directory_search(
                district=district,
                criteria=Criteria(text="Sprachcafé"),
                language=language,
                search_languages=["de", "en"],
                ui_language=ui,
            )
        names = [localise(card.offer, "name", language, also=(ui,)).text for card in result.cards]
        return names, [q["sql"] for q in queries.captured_queries]

    names, sql = cards_read("de", "de")
    assert names == ["Sprachcafé"]
    assert not [s for s in sql if "catalog_offertranslation" in s]
    assert not [s for s in sql if '"catalog_offer"."description"' in s]
    names, sql = cards_read("en", "de")
    assert names == ["Language café"]
    translated = [s for s in sql if 'FROM "catalog_offertranslation"' in s]
    assert len(translated) == 1 and "'en'" in translated[0] and "'ar'" not in translated[0]
    names, sql = cards_read("ar", "en")
    assert names == ["مقهى اللغة"]
