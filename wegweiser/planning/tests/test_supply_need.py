"""Supply, need, ratios, distances and language gaps computed on a small hand-made district:
three municipalities, six offers, one need indicator with a nationality breakdown."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from wegweiser.catalog.models import Offer, OfferLocation
from wegweiser.catalog.services.offers import offer_archive, offer_publish
from wegweiser.catalog.tests.factories import (
    DistrictFactory,
    LocationFactory,
    MunicipalityFactory,
    OrganisationFactory,
)
from wegweiser.planning.models import Indicator, IndicatorValue
from wegweiser.planning.need import (
    NATIONALITY_GROUP,
    languages_needed,
    latest_values,
    supply_against_need,
)
from wegweiser.planning.supply import (
    AREA,
    DISTRICT,
    OUTREACH,
    PLACE,
    distance_km,
    offer_facts_for,
    offers_available_in,
    places_for,
    supply_by_municipality,
    supply_filter,
    supply_matrix,
    term_closures,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
PAST = dt.date(2025, 1, 1)


@pytest.fixture
def small(make_offer: Any, term: Any) -> dict[str, Any]:
    district = DistrictFactory(key="16999", name="Landkreis Klein", slug="klein")
    a = MunicipalityFactory(
        district=district, ags="16999001", name="Adorf", population=2000, latitude=51.5, longitude=10.8
    )
    b = MunicipalityFactory(
        district=district, ags="16999002", name="Bedorf", population=1000, latitude=51.5, longitude=10.9
    )
    c = MunicipalityFactory(
        district=district, ags="16999003", name="Cedorf", population=500, latitude=51.6, longitude=10.8
    )
    common = {
        "district": district,
        "organisation": OrganisationFactory(district=district),
        "serves_whole_district": False,
    }

    def offer(name: str, fields: tuple = ("sprache-bildung",), **data: Any) -> Offer:
        return make_offer(name, fields=fields, **(common | data))

    course = offer(
        "Deutschkurs Adorf",
        publish=False,
        languages=["de", "ar"],
        places=20,
        hours_per_week=Decimal("10"),
        valid_from=dt.date(2024, 1, 1),
        terms=[term("kind", "kurs")],
    )
    OfferLocation.objects.create(
        offer=course,
        location=LocationFactory(district=district, municipality=a, latitude=51.5, longitude=10.8),
    )
    offer_publish(actor=None, offer=course)
    offer("Sprachcafé Bedorf", municipalities=[b], languages=["uk"])
    offer("Beratung im Kreis", fields=("beratung",), serves_whole_district=True, languages=["ar"])
    offer("Sprachmobil", is_mobile=True, waiting_list=True, places=5)
    old = offer("Alter Kurs Cedorf", publish=False, valid_from=dt.date(2020, 1, 1))
    OfferLocation.objects.create(
        offer=old, location=LocationFactory(district=district, municipality=c, latitude=51.6, longitude=10.8)
    )
    offer_publish(actor=None, offer=old)
    offer_archive(actor=None, offer=old)
    Offer.objects.filter(pk=old.pk).update(archived_at=dt.datetime(2025, 6, 30, 12, tzinfo=dt.UTC))
    offer("Entwurf", publish=False, serves_whole_district=True)

    need = Indicator.objects.create(district=district, code="auslaender-18-64", name="Ausländer 18–64")
    for m, value in ((a, 200), (b, 100), (c, 50)):
        IndicatorValue.objects.create(indicator=need, municipality=m, date=dt.date(2024, 12, 31), value=1)
        IndicatorValue.objects.create(indicator=need, municipality=m, date=dt.date(2025, 12, 31), value=value)
    for m, group, value in ((a, "syrien", 30), (a, "ukraine", 5), (b, "ukraine", 40), (c, "syrien", 12)):
        IndicatorValue.objects.create(
            indicator=need,
            municipality=m,
            date=dt.date(2025, 12, 31),
            breakdown=NATIONALITY_GROUP,
            breakdown_value=group,
            value=value,
        )
    return {
        "district": district,
        "a": a,
        "b": b,
        "c": c,
        "need": need,
        "field": term("field_of_action", "sprache-bildung"),
    }


def _supply(small: dict[str, Any], **kwargs: Any) -> dict[Any, Any]:
    facts = offer_facts_for(district=small["district"])
    places = places_for(district=small["district"])
    return supply_by_municipality(facts=facts, places=places, selection=supply_filter(**kwargs))


def test_offers_count_where_they_take_place_serve_reach_or_cover_the_whole_district(small: dict) -> None:
    supply = _supply(small)
    a, b, c = (supply[small[k].pk] for k in "abc")
    assert (a.offers, b.offers, c.offers) == (3, 3, 2)
    assert a.by_reason == {PLACE: 1, AREA: 0, DISTRICT: 1, OUTREACH: 1}
    assert b.by_reason == {PLACE: 0, AREA: 1, DISTRICT: 1, OUTREACH: 1}
    assert c.by_reason == {PLACE: 0, AREA: 0, DISTRICT: 1, OUTREACH: 1}


def test_filter_by_field_of_action_language_and_reason(small: dict) -> None:
    field = supply_filter(terms=[small["field"]])
    supply = _supply(small, terms=[small["field"]])
    assert [supply[small[k].pk].offers for k in "abc"] == [2, 2, 1]
    assert field.term_sets
    arabic = _supply(small, language="ar")
    assert [arabic[small[k].pk].offers for k in "abc"] == [2, 1, 1]
    local = _supply(small, reasons=[PLACE, AREA])
    assert [local[small[k].pk].offers for k in "abc"] == [1, 1, 0]


def test_capacity_is_summed_where_filled(small: dict) -> None:
    a = _supply(small, terms=[small["field"]])[small["a"].pk]
    assert (a.places, a.places_known, a.hours_per_week, a.waiting_lists) == (25, 2, Decimal("10"), 1)
    assert a.languages == {"de", "ar"}


def test_archived_offers_count_for_the_dates_they_were_active(small: dict) -> None:
    past = _supply(small, terms=[small["field"]], on=PAST)
    assert [past[small[k].pk].offers for k in "abc"] == [1, 0, 1]
    after_archiving = _supply(small, terms=[small["field"]], on=dt.date(2025, 7, 1))
    assert after_archiving[small["c"].pk].offers == 0


def test_distance_is_the_straight_line_to_the_nearest_matching_location(small: dict) -> None:
    supply = _supply(small, terms=[small["field"]])
    assert supply[small["a"].pk].nearest_km == 0
    assert supply[small["b"].pk].nearest_km == pytest.approx(6.92, abs=0.01)
    assert supply[small["c"].pk].nearest_km == pytest.approx(11.12, abs=0.01)
    assert distance_km(51.5, 10.8, 51.6, 10.8) == pytest.approx(11.12, abs=0.01)
    nothing = _supply(small, terms=[small["field"]], language="fa")
    assert nothing[small["b"].pk].nearest_km is None


def test_need_ratios_and_gaps_against_the_median_and_a_target(small: dict) -> None:
    supply = _supply(small, terms=[small["field"]])
    need, date = latest_values(indicator=small["need"])
    assert date == dt.date(2025, 12, 31)
    comparison = supply_against_need(supply=supply, need=need)
    rows = {r.place.ags: r for r in comparison.rows}
    assert [rows[k].per_1000 for k in ("16999001", "16999002", "16999003")] == [10, 20, 20]
    assert rows["16999001"].places_per_1000 == 125  # 25 places for 200 people
    assert comparison.benchmark == 20 and not comparison.benchmark_is_target
    assert [r.place.name for r in comparison.gaps] == ["Adorf"]
    assert [r.place.name for r in supply_against_need(supply=supply, need=need, target=25).gaps] == [
        "Adorf",
        "Bedorf",
        "Cedorf",
    ]
    earlier_need, _ = latest_values(indicator=small["need"], on=dt.date(2025, 1, 1))
    assert set(earlier_need.values()) == {Decimal(1)}


def test_languages_needed_against_languages_delivered(small: dict) -> None:
    mapping = {"syrien": ["ar"], "ukraine": ["uk", "ru"]}
    needed = languages_needed(indicator=small["need"], mapping=mapping)
    assert needed[small["a"].pk] == {"ar": 30}  # the 5 Ukrainians are below the minimum of 10
    supply = _supply(small, terms=[small["field"]])
    need, _ = latest_values(indicator=small["need"])
    rows = {
        r.place.name: r for r in supply_against_need(supply=supply, need=need, needed_languages=needed).rows
    }
    assert (rows["Adorf"].languages_needed, rows["Adorf"].languages_missing) == (["ar"], [])
    assert (rows["Bedorf"].languages_needed, rows["Bedorf"].languages_missing) == (["ru", "uk"], ["ru"])
    assert (rows["Cedorf"].languages_needed, rows["Cedorf"].languages_missing) == (["ar"], ["ar"])


def test_change_since_an_earlier_date(small: dict) -> None:
    now = _supply(small, terms=[small["field"]])
    then = _supply(small, terms=[small["field"]], on=PAST)
    need, _ = latest_values(indicator=small["need"])
    rows = supply_against_need(supply=now, need=need, earlier=then).rows
    assert [r.change for r in rows] == [1, 2, 0]


def test_matrix_counts_per_field_of_action(small: dict, term: Any) -> None:
    facts = offer_facts_for(district=small["district"])
    places = places_for(district=small["district"])
    fields = [term("field_of_action", "sprache-bildung"), term("field_of_action", "beratung")]
    columns = list(zip(["sprache", "beratung"], term_closures(fields), strict=True))
    matrix = supply_matrix(facts=facts, places=places, columns=columns)
    assert [matrix["sprache"][small[k].pk].offers for k in "abc"] == [2, 2, 1]
    assert [matrix["beratung"][small[k].pk].offers for k in "abc"] == [1, 1, 1]


def test_offers_available_in_one_municipality_with_their_reason(small: dict) -> None:
    facts = offer_facts_for(district=small["district"])
    place = next(p for p in places_for(district=small["district"]) if p.name == "Bedorf")
    found = [(o.name, reason) for o, reason in offers_available_in(facts=facts, place=place)]
    assert found == [("Beratung im Kreis", DISTRICT), ("Sprachcafé Bedorf", AREA), ("Sprachmobil", OUTREACH)]


def test_facts_of_a_district_take_six_queries(small: dict, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(6):
        offer_facts_for(district=small["district"])
