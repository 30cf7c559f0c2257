"""Partner fixtures: two organisations of the test district and one of another district, each
with an offer, and partner accounts (a manager and a colleague of the first organisation, a
partner of the second, a partner of the other district)."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from wegweiser.catalog.models import Offer, Organisation
from wegweiser.catalog.services.offers import offer_create, offer_publish
from wegweiser.catalog.tests.factories import OrganisationFactory
from wegweiser.districts.models import District
from wegweiser.partners.models import PartnerAccess


def make_partner(username: str, organisation: Organisation, *, manager: bool = False) -> Any:
    user = get_user_model().objects.create_user(
        username=f"{username}@example.org",
        email=f"{username}@example.org",
        password="pw",
        first_name=username,
    )
    PartnerAccess.objects.create(user=user, organisation=organisation, is_manager=manager)
    return user


@pytest.fixture
def caritas(district: District) -> Organisation:
    return OrganisationFactory(district=district, name="Caritas (Demo)")


@pytest.fixture
def vhs(district: District) -> Organisation:
    return OrganisationFactory(district=district, name="VHS (Demo)")


@pytest.fixture
def foreign_org(other_district: District) -> Organisation:
    return OrganisationFactory(district=other_district, name="Fremder Träger")


@pytest.fixture
def caritas_offer(make_offer: Callable, caritas: Organisation) -> Offer:
    return make_offer("Sprachcafé", organisation=caritas)


@pytest.fixture
def caritas_draft(make_offer: Callable, caritas: Organisation) -> Offer:
    return make_offer("Entwurf der Caritas", organisation=caritas, publish=False)


@pytest.fixture
def vhs_offer(make_offer: Callable, vhs: Organisation) -> Offer:
    return make_offer("Integrationskurs", organisation=vhs)


@pytest.fixture
def vhs_draft(make_offer: Callable, vhs: Organisation) -> Offer:
    return make_offer("Entwurf der VHS", organisation=vhs, publish=False)


@pytest.fixture
def foreign_offer(foreign_org: Organisation, other_district: District, term: Callable) -> Offer:
    offer = offer_create(
        actor=None,
        data={
            "district": other_district,
            "organisation": foreign_org,
            "name": "Fremdes Angebot",
            "short_description": "Anderswo",
            "serves_whole_district": True,
            "terms": [term("field_of_action", "wohnen"), term("target_group", "erwachsene")],
        },
    )
    offer_publish(actor=None, offer=offer)
    return offer


@pytest.fixture
def manager(caritas: Organisation) -> Any:
    return make_partner("leitung", caritas, manager=True)


@pytest.fixture
def colleague(caritas: Organisation) -> Any:
    return make_partner("kollegin", caritas)


@pytest.fixture
def vhs_partner(vhs: Organisation) -> Any:
    return make_partner("vhs", vhs)


@pytest.fixture
def foreign_partner(foreign_org: Organisation) -> Any:
    return make_partner("fremd", foreign_org, manager=True)
