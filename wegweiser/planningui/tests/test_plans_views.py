"""The plans pages of the workspace: who sees them (reviewers, planners and editors read; another
district's staff get 404 for this district's documents), what they show, the downloads and the
number of queries."""

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from wegweiser.plans.models import PlanningDocument
from wegweiser.plans.services import (
    document_adopt,
    document_update_version,
    goal_create,
    measure_create,
    measure_status_report,
    measure_update,
    offer_funding_set,
)

pytestmark = pytest.mark.django_db

LIST = reverse("planningui:plans_list")
FUNDING = reverse("planningui:funding")


def _client(user: Any | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def versions(plan: dict[str, Any]) -> tuple[PlanningDocument, PlanningDocument]:
    old = plan["document"]
    new = document_update_version(
        actor=None, document=old, data={"title": "Lokales Integrationskonzept 2027"}
    )
    cafe = new.goals.get(title="Deutsch lernen").measures.get(title="Sprachcafés auf dem Land")
    measure_update(actor=None, measure=cafe, data={"title": "Sprachcafés in allen Landgemeinden"})
    measure_create(actor=None, goal=new.goals.get(title="Arbeit finden"), data={"title": "Mentoring"})
    document_adopt(actor=None, document=new, decision_number="40/27", decision_date=dt.date(2027, 2, 1))
    old.refresh_from_db()
    return old, new


def _urls(versions: tuple[PlanningDocument, PlanningDocument]) -> dict[str, str]:
    old, new = versions
    return {
        "list": LIST,
        "detail": reverse("planningui:plans_detail", args=[new.pk]),
        "compare": reverse("planningui:plans_compare") + f"?alt={old.pk}&neu={new.pk}",
        "funding": FUNDING,
    }


@pytest.mark.parametrize("page", ["list", "detail", "compare", "funding"])
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("reviewer", 200),
        ("planner", 200),
        ("editor", 200),
        ("superuser", 200),
        ("outsider", 403),
        ("other_reviewer", 404),
        ("other_planner", 404),
    ],
)
def test_permission_matrix(request: Any, versions: Any, page: str, who: str, status: int) -> None:
    url = _urls(versions)[page]
    response = _client(request.getfixturevalue(who)).get(url)
    if who.startswith("other_") and page in ("list", "funding"):
        status = 200  # their own district's (empty) pages; this district's objects stay hidden
    assert response.status_code == status
    if who.startswith("other_") and status == 200:
        assert "Sprachcafés" not in response.content.decode()


@pytest.mark.parametrize("page", ["list", "detail", "compare", "funding"])
def test_anonymous_visitors_are_sent_to_the_login(versions: Any, page: str) -> None:
    response = Client().get(_urls(versions)[page])
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_another_districts_key_answers_404(versions: Any, other_planner: Any, district: Any) -> None:
    assert _client(other_planner).get(LIST, {"kreis": district.key}).status_code == 404


def test_editors_see_the_plans_but_not_the_analyses_in_the_navigation(versions: Any, editor: Any) -> None:
    html = _client(editor).get(LIST).content.decode()
    assert reverse("planningui:plans_list") in html
    assert f'href="{reverse("planningui:overview")}"' not in html


def test_the_detail_page_shows_monitoring_per_field_of_action_and_the_versions(
    versions: Any, planner: Any, reviewer: Any
) -> None:
    old, new = versions
    measure = new.goals.get(title="Arbeit finden").measures.get(title="Jobmesse")
    measure_status_report(actor=reviewer, measure=measure, reported_on=dt.date(2026, 11, 2), status="done")
    html = _client(planner).get(reverse("planningui:plans_detail", args=[new.pk])).content.decode()
    assert "Monitoring" in html or "Umsetzungsstand" in html
    assert "Sprachcafés in allen Landgemeinden" in html and "Jobmesse" in html
    assert "02.11.2026" in html  # the last status report
    assert f"alt={old.pk}&amp;neu={new.pk}" in html  # the link to the comparison


def test_the_comparison_shows_added_changed_and_dropped_measures_side_by_side(
    versions: Any, planner: Any
) -> None:
    old, new = versions
    url = reverse("planningui:plans_compare")
    html = _client(planner).get(url, {"alt": old.pk, "neu": new.pk}).content.decode()
    assert "Sprachcafés auf dem Land" in html and "Sprachcafés in allen Landgemeinden" in html
    assert "Mentoring" in html
    # without ?alt the previous version is taken
    assert _client(planner).get(url, {"neu": new.pk}).content.decode().count("Mentoring") >= 1
    assert _client(planner).get(url, {"neu": old.pk}).status_code == 404  # no previous version


def test_the_funding_page_lists_totals_and_the_offers_whose_funding_ends(
    plan: dict[str, Any], programme: Any, planner: Any
) -> None:
    offer_funding_set(
        actor=None,
        offer=plan["offer"],
        programme=programme,
        funded_until=dt.date(2027, 6, 30),
        amount_per_year=Decimal(5000),
    )
    client = _client(planner)
    response = client.get(
        FUNDING,
        {"von": 2025, "bis": 2026, "ende_ab": "2027-01-01", "ende_bis": "2027-12-31", "programm": "lsz"},
    )
    html = response.content.decode()
    assert "Sprachcafé" in html and "30.06.2027" in html
    assert "7.000" in html  # LSZ 2025 for the measure
    csv = client.get(
        FUNDING,
        {"ende_ab": "2027-01-01", "ende_bis": "2027-12-31", "download": "foerderende", "format": "csv"},
    )
    assert csv["Content-Type"].startswith("text/csv") and "Sprachcafé" in csv.content.decode("utf-8-sig")
    xlsx = client.get(FUNDING, {"von": 2025, "bis": 2026, "download": "foerdersummen", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "LSZ" in values and 7000 in values
    assert client.get(FUNDING, {"download": "nichts", "format": "csv"}).status_code == 404


def test_bad_filter_values_fall_back_instead_of_failing(plan: Any, planner: Any) -> None:
    response = _client(planner).get(
        FUNDING, {"von": "zwanzig", "ende_ab": "gestern", "programm": "gibtsnicht"}
    )
    assert response.status_code == 200


def test_the_measures_list_takes_the_same_number_of_queries_however_many_measures(
    plan: dict[str, Any], planner: Any, django_assert_num_queries: Any
) -> None:
    client = _client(planner)
    client.get(LIST)  # warm the session and content types

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    document = plan["document"]
    document.status = PlanningDocument.Status.DRAFT
    PlanningDocument.objects.filter(pk=document.pk).update(status="draft")
    goal = goal_create(actor=None, document=document, data={"title": "Noch ein Ziel"})
    for n in range(5):
        measure_create(actor=None, goal=goal, data={"title": f"Maßnahme {n}", "offers": [plan["offer"]]})
    assert count() == before
    with django_assert_num_queries(before):
        client.get(LIST)
