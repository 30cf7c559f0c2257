import factory

from wegweiser.access.models import Membership
from wegweiser.access.roles import EDITOR


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    is_staff = True
    password = factory.django.Password("pw")


class MembershipFactory(factory.django.DjangoModelFactory):
    """A staff member of a district (``district`` must be given or comes from DistrictFactory)."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    district = factory.SubFactory("wegweiser.catalog.tests.factories.DistrictFactory")
    role = EDITOR
