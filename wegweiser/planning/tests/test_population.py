"""Population from ``district_setup`` becomes indicator values (total and by sex), and a new
district gets the default table of languages per nationality group."""

import datetime
from decimal import Decimal

import pytest

from wegweiser.districts.models import District
from wegweiser.districts.setup import district_setup
from wegweiser.planning import selectors
from wegweiser.planning.models import IndicatorValue, NationalityGroup
from wegweiser.planning.services import nationality_groups_seed, population_indicators_sync
from wegweiser.planning.services.population import POPULATION_CODE


@pytest.mark.django_db
def test_district_setup_brings_population_as_indicator_values() -> None:
    result = district_setup(actor=None, key="16062")
    district = result.district
    population = selectors.indicator_values_for(district=district, indicator=POPULATION_CODE)
    assert len(population) == 15 and sum(population.values()) == 82444
    nordhausen = district.municipalities.get(ags="16062041")
    women = selectors.indicator_values_for(
        district=district, indicator=POPULATION_CODE, breakdown="sex", part="w"
    )
    assert women[nordhausen.pk] == Decimal(41339 - 20284)
    assert selectors.indicator_dates(indicator=district.indicators.get(code=POPULATION_CODE)) == [
        datetime.date(2022, 12, 31)
    ]
    assert result.population_values == 45
    assert population_indicators_sync(actor=None, district=district) == 0  # idempotent
    assert selectors.language_needs_for(district=district)["ukraine"] == ["uk", "ru"]


@pytest.mark.django_db
def test_a_changed_population_updates_its_value(district: District) -> None:
    population_indicators_sync(actor=None, district=district)
    district.municipalities.filter(ags="16062041").update(population=2000)
    assert population_indicators_sync(actor=None, district=district) == 1
    assert IndicatorValue.objects.filter(municipality__ags="16062041", breakdown="").get().value == 2000


@pytest.mark.django_db
def test_the_language_table_staff_edited_is_never_overwritten(district: District) -> None:
    assert nationality_groups_seed(actor=None, district=district) > 10
    NationalityGroup.objects.filter(district=district).exclude(code="ukraine").delete()
    assert nationality_groups_seed(actor=None, district=district) == 0
    assert list(NationalityGroup.objects.filter(district=district).values_list("code", flat=True)) == [
        "ukraine"
    ]
