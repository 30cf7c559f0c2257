"""The back office's plans screens: a reviewer records a measure with funding and a status report
(through the services: audited, status taken from the report), editors and planners only read,
the offer page shows the measures and decisions it serves, a programme's page keeps budgets and
offer funding."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from wegweiser.core.models import AuditEntry
from wegweiser.plans.models import Measure, MeasureFunding, MeasureStatusReport, OfferFunding, ProgrammeBudget

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _management(prefix: str, total: int, initial: int = 0) -> dict[str, Any]:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def _measure_post(plan: dict[str, Any], programme: Any, reported_on: dt.date) -> dict[str, Any]:
    goal = plan["goals"][1]
    return {
        "goal": goal.pk,
        "title": "Ausbildungsmesse",
        "description": "",
        "position": 0,
        "status": "planned",
        "responsible_person": "Frau Beispiel",
        "offers": [plan["offer"].pk],
        **_management("funding", 1),
        "funding-0-programme": programme.pk,
        "funding-0-year": 2026,
        "funding-0-amount": "7000",
        "funding-0-own_share": "3000",
        **_management("indicators", 0),
        **_management("status_reports", 1),
        "status_reports-0-reported_on": reported_on.strftime("%d.%m.%Y"),
        "status_reports-0-status": "in_progress",
        "status_reports-0-text": "Erste Betriebe angefragt",
        "_continue": "1",
    }


def test_a_reviewer_records_a_measure_with_funding_and_a_status_report(
    plan: dict[str, Any],
    programme: Any,
    reviewer: Any,
) -> None:
    response = _client(reviewer).post(
        reverse("admin:plans_measure_add"), _measure_post(plan, programme, dt.date(2026, 11, 30))
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    measure = Measure.objects.get(title="Ausbildungsmesse")
    assert measure.status == "in_progress"  # the newest report sets it
    assert list(measure.offers.all()) == [plan["offer"]]
    funding = MeasureFunding.objects.get(measure=measure)
    assert (funding.year, funding.amount, funding.own_share) == (2026, Decimal(7000), Decimal(3000))
    report = MeasureStatusReport.objects.get(measure=measure)
    assert (report.author, report.text) == (reviewer, "Erste Betriebe angefragt")
    assert (
        AuditEntry.objects.filter(object_id=str(measure.pk), actor=reviewer).count() >= 2
    )  # created, report


def test_a_status_report_in_the_future_is_refused_with_a_message_and_nothing_is_saved(
    plan: dict[str, Any],
    programme: Any,
    reviewer: Any,
) -> None:
    response = _client(reviewer).post(
        reverse("admin:plans_measure_add"),
        _measure_post(plan, programme, dt.date.today() + dt.timedelta(days=3)),
    )
    assert response.status_code == 200
    assert "in der Zukunft" in response.content.decode()
    assert not Measure.objects.filter(title="Ausbildungsmesse").exists()


@pytest.mark.parametrize("who", ["editor", "planner"])
def test_editors_and_planners_read_measures_but_cannot_change_them(
    plan: dict[str, Any],
    programme: Any,
    request: Any,
    who: str,
) -> None:
    client = _client(request.getfixturevalue(who))
    measure = plan["measures"][0]
    assert client.get(reverse("admin:plans_measure_change", args=[measure.pk])).status_code == 200
    response = client.post(
        reverse("admin:plans_measure_add"), _measure_post(plan, programme, dt.date(2026, 1, 1))
    )
    assert response.status_code == 403
    assert not Measure.objects.filter(title="Ausbildungsmesse").exists()


def test_the_offer_page_shows_the_measures_and_decisions_it_serves(
    plan: dict[str, Any],
    editor: Any,
) -> None:
    html = (
        _client(editor).get(reverse("admin:catalog_offer_change", args=[plan["offer"].pk])).content.decode()
    )
    assert "Sprachcafés auf dem Land" in html
    assert "12/24" in html and "Integrationsbeirat" in html


def test_a_programme_page_keeps_budgets_and_offer_funding_through_the_services(
    plan: dict[str, Any],
    programme: Any,
    reviewer: Any,
    district: Any,
) -> None:
    url = reverse("admin:catalog_fundingprogramme_change", args=[programme.pk])
    client = _client(reviewer)
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data |= {
        "district": district.pk,
        "name": programme.name,
        "short_name": "LSZ",
        "funder": "land",
        "own_share_percent": "30",
        "period_start": "01.01.2021",
        "period_end": "31.12.2027",
        **_management("budgets", 1),
        "budgets-0-district": district.pk,
        "budgets-0-year": 2027,
        "budgets-0-amount": "150000",
        **_management("deadlines", 0),
        **_management("offer_funding", 1),
        "offer_funding-0-offer": plan["offer"].pk,
        "offer_funding-0-funded_from": "01.01.2024",
        "offer_funding-0-funded_until": "30.06.2027",
        "offer_funding-0-amount_per_year": "9000",
        "_continue": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ProgrammeBudget.objects.get(programme=programme, year=2027).amount == Decimal(150000)
    funding = OfferFunding.objects.get(offer=plan["offer"])
    assert (funding.funded_until, funding.amount_per_year) == (dt.date(2027, 6, 30), Decimal(9000))
