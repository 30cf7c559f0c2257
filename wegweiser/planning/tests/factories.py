"""Factories for planning tests."""

import datetime
from decimal import Decimal

import factory

from wegweiser.catalog.tests.factories import DistrictFactory
from wegweiser.planning.models import Indicator, IndicatorValue, NationalityGroup


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    district = factory.SubFactory(DistrictFactory)
    code = factory.Sequence(lambda n: f"indikator-{n}")
    name = factory.Sequence(lambda n: f"Indikator {n}")
    unit = "Personen"


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    date = datetime.date(2024, 12, 31)
    value = Decimal(1)


class NationalityGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NationalityGroup

    district = factory.SubFactory(DistrictFactory)
    code = factory.Sequence(lambda n: f"gruppe-{n}")
    name = factory.Sequence(lambda n: f"Gruppe {n}")
