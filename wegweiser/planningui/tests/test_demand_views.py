"""Searches without results on the planning pages: who sees them (permission matrix), that
another district's searches never show, the tables, chart and downloads on the district overview
and the municipality profile, the frozen analysis and the PDF, and the number of queries."""

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from wegweiser.districts.models import District, Municipality
from wegweiser.feedback.models import MissedSearch
from wegweiser.planningui.models import FrozenAnalysis

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("planningui:overview")
PROFILE = reverse("planningui:municipality", args=["16062041"])
TODAY = dt.date.today()


def _client(user: Any | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _missed(district: District, text: str, days_ago: int, count: int, municipality: Any = None) -> None:
    MissedSearch.objects.create(
        district=district,
        text=text,
        ui_language="de",
        content_language="de",
        municipality=municipality,
        day=TODAY - dt.timedelta(days=days_ago),
        count=count,
    )


@pytest.fixture
def searches(district: District, other_district: District) -> None:
    nordhausen = Municipality.objects.get(ags="16062041")
    _missed(district, "sprachkurs abends", 2, 6, nordhausen)
    _missed(district, "sprachkurs abends", 40, 1)
    _missed(district, "fahrradwerkstatt", 5, 2)
    _missed(district, "sprachkurs abends", 100, 4)  # before the default 90 days
    _missed(other_district, "geheimsuche eichsfeld", 1, 99)


@pytest.mark.parametrize(
    ("who", "status"),
    [("planner", 200), ("reviewer", 200), ("superuser", 200), ("editor", 403), ("outsider", 403)],
)
@pytest.mark.parametrize("url", [OVERVIEW, PROFILE])
def test_permission_matrix(request: Any, searches: None, who: str, status: int, url: str) -> None:
    # a superuser sees every district (Eichsfeld comes first): ask for Nordhausen
    response = _client(request.getfixturevalue(who)).get(
        url, {"kreis": "16062"} if who == "superuser" else {}
    )
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert 'id="demand-heading"' in page and "sprachkurs abends" in page
        assert "geheimsuche" not in page


@pytest.mark.parametrize("url", [OVERVIEW, PROFILE])
def test_anonymous_visitors_are_sent_to_the_login(searches: None, url: str) -> None:
    response = Client().get(url, {"download": "demand-texts", "format": "csv"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_another_districts_searches_are_never_shown(
    searches: None, other_planner: Any, district: District
) -> None:
    client = _client(other_planner)
    page = client.get(OVERVIEW).content.decode()
    assert "geheimsuche eichsfeld" in page and "sprachkurs" not in page
    csv = client.get(OVERVIEW, {"download": "demand-texts", "format": "csv"}).content.decode("utf-8-sig")
    assert "geheimsuche" in csv and "sprachkurs" not in csv
    assert (
        client.get(OVERVIEW, {"download": "demand-texts", "format": "csv", "kreis": district.key}).status_code
        == 404
    )
    assert client.get(PROFILE).status_code == 404


def test_the_overview_shows_the_demand_by_field_of_action_with_the_change(
    searches: None, planner: Any
) -> None:
    since = (TODAY - dt.timedelta(days=38)).isoformat()
    response = _client(planner).get(OVERVIEW, {"search_days": "30", "since": since})
    demand = response.context["demand"]
    fields = {r[0].value: [c.value for c in r[1:4]] for r in demand.fields.rows}
    # the last 30 days: 6 + 2; the 30 days up to 38 days ago: 1 (the search 40 days ago)
    assert fields == {"Sprache & Bildung": [6, 5, 1], "kein Handlungsfeld erkannt": [2, 2, 1]}
    texts = {r[0].value: [c.value for c in r[1:]] for r in demand.texts.rows}
    assert texts["sprachkurs abends"] == ["Sprache & Bildung", 6, 5, "Nordhausen, Stadt (6)"]
    page = response.content.decode()
    assert 'id="demand-bars-title"' in page and '<table class="data" id="demand-fields">' in page


def test_the_profile_shows_only_searches_that_chose_the_municipality(searches: None, planner: Any) -> None:
    response = _client(planner).get(PROFILE)
    texts = [r[0].value for r in response.context["demand"].texts.rows]
    assert texts == ["sprachkurs abends"]
    assert response.context["demand"].demand.total == 6


@pytest.mark.parametrize(
    ("url", "ident", "fmt", "start"),
    [
        (OVERVIEW, "demand-fields", "csv", "\ufeffHandlungsfeld".encode()),
        (OVERVIEW, "demand-texts", "xlsx", b"PK"),
        (OVERVIEW, "demand-bars", "svg", b"<?xml"),
        (PROFILE, "demand-texts", "csv", "\ufeffSuchtext".encode()),
    ],
)
def test_downloads(searches: None, planner: Any, url: str, ident: str, fmt: str, start: bytes) -> None:
    response = _client(planner).get(url, {"download": ident, "format": fmt})
    assert response.status_code == 200 and response.content.startswith(start)


def test_the_excel_download_holds_the_counts_as_numbers(searches: None, planner: Any) -> None:
    response = _client(planner).get(OVERVIEW, {"download": "demand-texts", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[3][:3] == ["sprachkurs abends", "Sprache & Bildung", 7]


def test_a_frozen_analysis_keeps_the_searches_without_results(searches: None, planner: Any) -> None:
    client = _client(planner)
    response = client.post(reverse("planningui:frozen_create"), {"name": "Mit Suchen"})
    analysis = FrozenAnalysis.objects.get()
    assert analysis.snapshot["demand"] == {"searches": 9, "change": None}
    assert [t["ident"] for t in analysis.snapshot["tables"]][-2:] == ["demand-fields", "demand-texts"]
    _missed(analysis.district, "neue suche", 0, 50)
    page = client.get(response["Location"]).content.decode()
    assert "sprachkurs abends" in page and "neue suche" not in page and 'id="demand-bars-title"' in page
    assert client.get(response["Location"], {"download": "demand-bars", "format": "svg"}).status_code == 200


def test_the_pdf_holds_the_searches_without_results(searches: None, planner: Any) -> None:
    from pypdf import PdfReader

    response = _client(planner).get(OVERVIEW, {"download": "analysis", "format": "pdf"})
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "sprachkurs abends" in text


@pytest.mark.parametrize("url", [OVERVIEW, PROFILE])
def test_the_demand_adds_a_fixed_number_of_queries(
    searches: None, planner: Any, district: District, url: str, django_assert_max_num_queries: Any
) -> None:
    client = _client(planner)
    client.get(url)
    for n in range(30):
        _missed(
            district, f"suche {n}", n % 80, n + 1, Municipality.objects.get(ags="16062041") if n % 2 else None
        )
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200
