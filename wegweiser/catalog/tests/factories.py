"""factory_boy factories for rows that tests need as plain data (no workflow involved)."""

import factory

from wegweiser.catalog.models import Location, Organisation
from wegweiser.districts.models import District, Municipality


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"{16000 + n:05d}")
    name = factory.Sequence(lambda n: f"Landkreis Test {n}")
    slug = factory.Sequence(lambda n: f"landkreis-test-{n}")
    office_name = "Koordinierungsstelle (Test)"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    district = factory.SubFactory(DistrictFactory)
    ags = factory.Sequence(lambda n: f"{16099000 + n:08d}")
    name = factory.Sequence(lambda n: f"Testdorf {n}")
    slug = factory.Sequence(lambda n: f"testdorf-{n}")
    population = 1000
    postcode = "99734"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Träger {n}")
    slug = factory.Sequence(lambda n: f"traeger-{n}")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Ort {n}")
    address_1 = "Teststraße 1"
    postal_code = "99734"
    city = "Nordhausen"
