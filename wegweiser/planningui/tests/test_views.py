"""The planning workspace: who sees it (permission matrix), that it shows only the user's
district, the pages with their figures, the downloads, and the number of queries."""

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from wegweiser.access.roles import PLANNER
from wegweiser.access.tests.factories import MembershipFactory
from wegweiser.districts.models import District, Municipality
from wegweiser.planning.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("planningui:overview")
MATRIX = reverse("planningui:matrix")


def _profile(ags: str = "16062041") -> str:
    return reverse("planningui:municipality", args=[ags])


def _client(user: Any | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def offers(make_offer: Any, district: District) -> None:
    nordhausen = Municipality.objects.get(ags="16062041")
    make_offer(
        "Deutschkurs",
        fields=("sprache-bildung",),
        serves_whole_district=False,
        municipalities=[nordhausen],
        places=12,
    )
    make_offer("Beratung für alle", fields=("beratung",))
    indicator = Indicator.objects.create(district=district, code="kinder-u6", name="Kinder unter 6")
    for m, value in zip(
        Municipality.objects.filter(district=district).order_by("ags"), (300, 120), strict=True
    ):
        IndicatorValue.objects.create(
            indicator=indicator, municipality=m, date=dt.date(2025, 12, 31), value=value
        )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("planner", 200),
        ("reviewer", 200),
        ("superuser", 200),
        ("editor", 403),
        ("outsider", 403),
        ("other_planner", 200),
    ],
)
@pytest.mark.parametrize("url", [OVERVIEW, MATRIX, _profile()])
def test_permission_matrix(request: Any, offers: None, who: str, status: int, url: str) -> None:
    user = request.getfixturevalue(who)
    response = _client(user).get(url)
    if who == "other_planner" and url == _profile():
        status = 404  # Nordhausen is not in their district
    assert response.status_code == status


@pytest.mark.parametrize("url", [OVERVIEW, MATRIX, _profile()])
def test_anonymous_visitors_are_sent_to_the_login(url: str, district: District) -> None:
    response = Client().get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_another_districts_data_is_never_shown(offers: None, other_planner: Any, district: District) -> None:
    client = _client(other_planner)
    page = client.get(OVERVIEW).content.decode()
    assert "Heilbad Heiligenstadt" in page and "Nordhausen" not in page and "Deutschkurs" not in page
    assert client.get(OVERVIEW, {"kreis": district.key}).status_code == 404
    assert client.get(MATRIX, {"kreis": district.key}).status_code == 404
    assert client.get(_profile(), {"kreis": district.key}).status_code == 404
    assert (
        client.get(
            OVERVIEW, {"download": "overview-table", "format": "csv", "kreis": district.key}
        ).status_code
        == 404
    )


def test_an_indicator_of_another_district_is_refused_as_a_choice(
    offers: None, planner: Any, other_district: District
) -> None:
    foreign = Indicator.objects.create(district=other_district, code="x", name="Fremder Bedarf")
    page = _client(planner).get(OVERVIEW, {"indicator": foreign.pk}).content.decode()
    assert "Fremder Bedarf" not in page.split("</select>")[0] or "Fremder Bedarf" not in page
    assert 'role="alert"' in page  # the form says the choice is not valid


def test_a_planner_of_two_districts_switches_between_them(
    offers: None, planner: Any, other_district: District
) -> None:
    MembershipFactory(user=planner, district=other_district, role=PLANNER)
    client = _client(planner)
    first = client.get(OVERVIEW).content.decode()
    assert 'name="kreis"' in first
    other = client.get(OVERVIEW, {"kreis": other_district.key}).content.decode()
    assert "Heilbad Heiligenstadt" in other and "Bleicherode" not in other


def test_overview_shows_map_table_and_charts(offers: None, planner: Any) -> None:
    page = _client(planner).get(OVERVIEW).content.decode()
    assert 'data-ags="16062041"' in page and 'data-ags="16062066"' in page
    assert '<table class="data" id="overview-table">' in page
    assert 'id="overview-bars-title"' in page and 'id="overview-line-title"' in page
    # The capacity columns count seats ("Plätze"), not the places an offer takes place at ("Orte").
    assert ">Plätze<" in page and ">Plätze je 1.000<" in page and ">Orte<" not in page


def test_overview_against_a_need_indicator_with_a_target(offers: None, planner: Any, term: Any) -> None:
    indicator = Indicator.objects.get(code="kinder-u6")
    field = term("field_of_action", "sprache-bildung")
    response = _client(planner).get(
        OVERVIEW, {"indicator": indicator.pk, "field": field.pk, "target": "5", "since": "2025-01-01"}
    )
    page = response.content.decode()
    assert "Kinder unter 6" in page
    table = response.context["result"].table
    rows = {r[0].value: r for r in table.rows}
    # columns: municipality, key, need, offers, change since, offers per 1,000, ...
    assert [c.value for c in rows["Nordhausen, Stadt"][2:6]] == [300, 1, 1, 3.33]
    assert rows["Nordhausen, Stadt"][5].flag  # below the target of 5 per 1,000
    assert [c.value for c in rows["Bleicherode, Stadt"][2:6]] == [120, 0, 0, 0]
    assert response.context["result"].comparison.benchmark == 5


def test_matrix_has_a_column_per_field_of_action(offers: None, planner: Any) -> None:
    response = _client(planner).get(MATRIX)
    table = response.context["result"].table
    assert "Sprache & Bildung" in table.headers and len(table.rows) == 2


def test_municipality_profile(offers: None, planner: Any) -> None:
    response = _client(planner).get(_profile())
    page = response.content.decode()
    assert "Nordhausen, Stadt" in page and "Deutschkurs" in page and "Kinder unter 6" in page


@pytest.mark.parametrize(
    ("ident", "fmt", "start"),
    [
        ("overview-table", "csv", "\ufeffGemeinde".encode()),
        ("history-table", "csv", "\ufeffDatum".encode()),
        ("overview-table", "xlsx", b"PK"),
        ("overview-map", "svg", b"<?xml"),
        ("overview-bars", "svg", b"<?xml"),
        ("overview-map", "png", b"\x89PNG"),
        ("analysis", "pdf", b"%PDF"),
    ],
)
def test_downloads(offers: None, planner: Any, ident: str, fmt: str, start: bytes) -> None:
    response = _client(planner).get(OVERVIEW, {"download": ident, "format": fmt})
    assert response.status_code == 200
    assert response.content.startswith(start)
    assert f"-{ident}-" in response["Content-Disposition"]


def test_excel_download_holds_numbers_and_the_data_date(offers: None, planner: Any) -> None:
    response = _client(planner).get(MATRIX, {"download": "matrix-table", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "Datenstand" in sheet["A2"].value
    assert sheet["A3"].value == "Gemeinde"


def test_an_unknown_download_answers_404(offers: None, planner: Any) -> None:
    assert _client(planner).get(OVERVIEW, {"download": "secret", "format": "csv"}).status_code == 404
    assert _client(planner).get(OVERVIEW, {"download": "overview-table", "format": "exe"}).status_code == 404


@pytest.mark.parametrize("url", [OVERVIEW, MATRIX, _profile()])
def test_pages_take_few_queries(
    offers: None, planner: Any, url: str, django_assert_max_num_queries: Any
) -> None:
    client = _client(planner)
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200
