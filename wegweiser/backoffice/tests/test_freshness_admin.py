"""The freshness pages and the staff start page: every role of the district reads them, staff
of another district get 404 for this district, the lists cost a fixed number of queries."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from wegweiser.access.models import Membership
from wegweiser.catalog.models import Offer
from wegweiser.catalog.tests.factories import OrganisationFactory
from wegweiser.core.testing.matrix import ROLES
from wegweiser.districts.models import District
from wegweiser.freshness.models import ConfirmationRequest, FreshnessSnapshot
from wegweiser.revisions.services import revision_propose

pytestmark = pytest.mark.django_db

PAGES = [
    "/admin/catalog/offer/freshness/",
    "/admin/catalog/offer/freshness/overdue/",
    "/admin/catalog/offer/freshness/requests/",
]


@pytest.fixture
def catalog(
    district: District, other_district: District, make_offer: Callable, editor: Any
) -> dict[str, Any]:
    today = timezone.localdate()
    verein = OrganisationFactory(district=district, name="Verein Brücke")
    offers = [make_offer(f"Angebot {i}", organisation=verein) for i in range(6)]
    Offer.objects.filter(pk__in=[o.pk for o in offers[:4]]).update(assured_date=dt.date(2020, 3, 1))
    for offer in offers[:3]:
        ConfirmationRequest.objects.create(
            district=district,
            organisation=verein,
            offer=offer,
            due_date=dt.date(2021, 3, 1),
            requested_at=timezone.now(),
        )
    revision_propose(actor=editor, target=offers[5], data={"name": "Angebot neu"})
    for days in (60, 30, 0):
        FreshnessSnapshot.objects.create(
            district=district, day=today - dt.timedelta(days=days), published=6, confirmed=2 + days // 30
        )
    foreign = OrganisationFactory(district=other_district, name="Fremder Träger")
    make_offer("Fremdes Angebot", district=other_district, organisation=foreign)
    return {"offers": offers}


@pytest.mark.parametrize("role", ROLES)
def test_the_freshness_pages_answer_each_role(
    role: str, catalog: dict, request: pytest.FixtureRequest
) -> None:
    client = Client()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    expected = {"anonymous": 302, "outsider": 302}.get(role, 200)
    for url in PAGES:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
        assert response.status_code == expected, url
        if role == "other_reviewer":  # their own district: none of this district's offers
            assert "Verein Brücke" not in response.content.decode()


def test_another_districts_figures_answer_404(catalog: dict, district: District, other_reviewer: Any) -> None:
    client = Client()
    client.force_login(other_reviewer)
    for url in PAGES:
        assert client.get(f"{url}?district={district.pk}").status_code == 404, url
        assert client.get(f"{url}?district=kaputt").status_code == 404, url


def test_the_dashboard_shows_shares_trend_and_counts_in_german(catalog: dict, planner: Any) -> None:
    client = Client()
    client.force_login(planner)
    html = client.get(PAGES[0], HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "2 von 6 veröffentlichten Angeboten im Landkreis Nordhausen (33 %)" in html
    assert "4 Angebote überfällig" in html and "3 Anfragen unbeantwortet" in html
    assert html.count('role="img"') == 4  # trend, fields, municipalities, organisations
    assert "<polyline" in html and "Verein Brücke: 33 % (2/6)" in html
    assert "Fremder Träger" not in html


def test_overdue_and_request_lists_name_the_offers(catalog: dict, editor: Any) -> None:
    client = Client()
    client.force_login(editor)
    overdue = client.get(PAGES[1], HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "4 veröffentlichte Angebote wurden in den letzten 12 Monaten nicht bestätigt." in overdue
    assert overdue.count("/change/") == 4 and "01.03.2021" in overdue  # due 12 months after 1 March 2020
    requests = client.get(PAGES[2], HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "3 Anfragen an Träger sind verschickt und noch nicht beantwortet." in requests


@pytest.mark.parametrize("page", PAGES)
def test_freshness_pages_cost_a_fixed_number_of_queries(
    page: str,
    catalog: dict,
    district: District,
    reviewer: Any,
    make_offer: Callable,
    django_assert_max_num_queries: Any,
) -> None:
    client = Client()
    client.force_login(reviewer)
    client.get(page)  # warm the session and the permission caches
    with django_assert_max_num_queries(20) as first:
        client.get(page)
    organisation = OrganisationFactory(district=district)
    for i in range(15):
        make_offer(f"Mehr {i}", organisation=organisation if i % 2 else None)
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(page).status_code == 200


def test_the_start_page_says_what_waits(catalog: dict, reviewer: Any) -> None:
    client = Client()
    client.force_login(reviewer)
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "1 Änderung wartet auf Prüfung" in html
    assert "4 Angebote überfällig" in html and "3 Anfragen unbeantwortet" in html
    assert 'href="/admin/catalog/offer/freshness/overdue/"' in html


def test_a_member_of_two_districts_chooses_and_sees_one_summary_per_district(
    catalog: dict, district: District, other_district: District, other_editor: Any
) -> None:
    Membership.objects.create(user=other_editor, district=district, role="planner")
    client = Client()
    client.force_login(other_editor)
    here = client.get(PAGES[0], HTTP_ACCEPT_LANGUAGE="de").content.decode()  # the host's district
    assert "Verein Brücke" in here and "Fremder Träger" not in here
    assert f'href="?district={other_district.pk}"' in here  # the way to the other district
    theirs = client.get(
        f"{PAGES[0]}?district={other_district.pk}", HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "Fremder Träger" in theirs and "Verein Brücke" not in theirs
    start = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<h3>Landkreis Nordhausen</h3>" in start and "<h3>Landkreis Eichsfeld</h3>" in start


def test_the_start_page_of_a_superuser_without_memberships_lists_every_district(
    catalog: dict, superuser: Any
) -> None:
    client = Client()
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200
