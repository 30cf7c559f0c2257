"""Reading indicator values: latest date, totals and parts, district aggregation, time series,
languages needed through the nationality-group mapping, district isolation."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from wegweiser.core.models import Language
from wegweiser.districts.models import District
from wegweiser.planning import selectors
from wegweiser.planning.models import Indicator
from wegweiser.planning.tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    NationalityGroupFactory,
)

D1, D2 = datetime.date(2023, 12, 31), datetime.date(2024, 12, 31)


@pytest.fixture
def places(district: District) -> tuple[Any, Any]:
    municipalities = {m.ags: m for m in district.municipalities.all()}
    return municipalities["16062041"], municipalities["16062066"]


@pytest.fixture
def foreigners(district: District, places: tuple[Any, Any]) -> Indicator:
    nordhausen, bleicherode = places
    indicator = IndicatorFactory(district=district, code="auslaender", name="Ausländer")
    for date, n, b in ((D1, 100, 10), (D2, 120, 12)):
        IndicatorValueFactory(indicator=indicator, municipality=nordhausen, date=date, value=n)
        IndicatorValueFactory(indicator=indicator, municipality=bleicherode, date=date, value=b)
    for group, value in (("ukraine", 70), ("syrien", 50)):
        IndicatorValueFactory(
            indicator=indicator,
            municipality=nordhausen,
            date=D2,
            breakdown="nationality_group",
            breakdown_value=group,
            value=value,
        )
    return indicator


def test_values_default_to_the_latest_date(district: District, foreigners: Indicator, places: Any) -> None:
    nordhausen, bleicherode = places
    assert selectors.indicator_values_for(district=district, indicator="auslaender") == {
        nordhausen.pk: Decimal(120),
        bleicherode.pk: Decimal(12),
    }
    assert (
        selectors.indicator_values_for(district=district, indicator=foreigners, date=D1)[nordhausen.pk] == 100
    )
    assert selectors.indicator_dates(indicator=foreigners) == [D1, D2]


def test_parts_of_a_breakdown_and_their_sum(district: District, foreigners: Indicator, places: Any) -> None:
    nordhausen, _ = places
    values = selectors.indicator_values_for(
        district=district, indicator=foreigners, breakdown="nationality_group", part="ukraine"
    )
    assert values == {nordhausen.pk: Decimal(70)}
    summed = selectors.indicator_values_for(
        district=district, indicator=foreigners, breakdown="nationality_group"
    )
    assert summed == {nordhausen.pk: Decimal(120)}
    assert selectors.indicator_parts_for(
        district=district, indicator=foreigners, breakdown="nationality_group"
    ) == {nordhausen.pk: {"syrien": Decimal(50), "ukraine": Decimal(70)}}
    assert selectors.indicator_breakdowns(indicator=foreigners) == {
        "nationality_group": ["syrien", "ukraine"]
    }


def test_district_value_sums_the_municipalities_unless_the_district_has_its_own(
    district: District, foreigners: Indicator
) -> None:
    assert selectors.indicator_district_value(district=district, indicator=foreigners) == Decimal(132)
    IndicatorValueFactory(indicator=foreigners, municipality=None, date=D2, value=140)
    assert selectors.indicator_district_value(district=district, indicator=foreigners) == Decimal(140)
    assert selectors.indicator_series(district=district, indicator=foreigners) == {D1: 110, D2: 140}


def test_mean_weighted_by_population(district: District, places: Any) -> None:
    nordhausen, bleicherode = places
    nordhausen.population, bleicherode.population = 3000, 1000
    nordhausen.save()
    bleicherode.save()
    rate = IndicatorFactory(district=district, aggregation=Indicator.Aggregation.WEIGHTED_MEAN)
    IndicatorValueFactory(indicator=rate, municipality=nordhausen, value=10)
    IndicatorValueFactory(indicator=rate, municipality=bleicherode, value=20)
    assert selectors.indicator_district_value(district=district, indicator=rate) == Decimal("12.5")


def test_languages_needed_follow_the_staff_mapping(
    district: District, foreigners: Indicator, places: Any
) -> None:
    nordhausen, _ = places
    ukraine: Any = NationalityGroupFactory(district=district, code="ukraine", name="Ukraine")
    ukraine.languages.set([Language.objects.get(code="uk"), Language.objects.get(code="ru")])
    assert selectors.language_needs_for(district=district) == {"ukraine": ["uk", "ru"]}
    needed = selectors.languages_needed_for(district=district, indicator=foreigners)
    assert needed == {nordhausen.pk: {"uk": Decimal(70), "ru": Decimal(70), "": Decimal(50)}}


def test_another_districts_indicator_is_never_read(
    district: District, other_district: District, foreigners: Indicator, other_planner: Any, planner: Any
) -> None:
    with pytest.raises(Indicator.DoesNotExist):
        selectors.indicator_values_for(district=other_district, indicator=foreigners)
    with pytest.raises(Indicator.DoesNotExist):
        selectors.indicator_values_for(district=other_district, indicator="auslaender")
    with pytest.raises(PermissionDenied):
        selectors.indicators_for(district=district, actor=other_planner)
    assert [i.code for i in selectors.indicators_for(district=district, actor=planner)] == ["auslaender"]
    assert list(selectors.indicators_scoped(actor=other_planner)) == []


def test_editors_do_not_read_indicators(district: District, foreigners: Indicator, editor: Any) -> None:
    with pytest.raises(PermissionDenied):
        selectors.indicators_for(district=district, actor=editor)
