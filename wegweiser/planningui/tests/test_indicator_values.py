"""Actual values of a measure's manual indicator in the workspace: reviewers enter them (through
the service, audited), planners and editors read them, another district's staff get 404; bad
input is refused with German messages; the monitoring shows the new value."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from wegweiser.core.models import AuditEntry
from wegweiser.plans.models import MeasureIndicator, MeasureIndicatorValue
from wegweiser.plans.services import (
    document_adopt,
    document_update_version,
    measure_indicator_create,
    measure_indicator_value_set,
)

pytestmark = pytest.mark.django_db


def _client(user: Any | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def indicator(plan: dict[str, Any]) -> MeasureIndicator:
    return measure_indicator_create(
        actor=None,
        measure=plan["measures"][0],
        data={
            "name": "Teilnehmende",
            "unit": "Personen",
            "baseline_value": Decimal(40),
            "target_value": Decimal(120),
        },
    )


def _url(indicator: MeasureIndicator) -> str:
    return reverse("planningui:indicator_values", args=[indicator.pk])


def _post(user: Any, indicator: MeasureIndicator, date: str, value: str, client: Client | None = None) -> Any:
    with translation.override("de"):
        return (client or _client(user)).post(
            _url(indicator), {"date": date, "value": value}, HTTP_ACCEPT_LANGUAGE="de"
        )


ROLES = [
    # who, GET, POST
    ("reviewer", 200, 302),
    ("planner", 200, 403),
    ("editor", 200, 403),
    ("superuser", 200, 302),
    ("outsider", 403, 403),
    ("other_reviewer", 404, 404),
    ("other_planner", 404, 404),
]


@pytest.mark.parametrize(("who", "get", "post"), ROLES)
def test_permission_matrix_reviewers_enter_values_planners_and_editors_read(
    request: Any, indicator: MeasureIndicator, who: str, get: int, post: int
) -> None:
    user = request.getfixturevalue(who)
    assert _client(user).get(_url(indicator)).status_code == get
    response = _client(user).post(_url(indicator), {"date": "2025-12-31", "value": "77"})
    assert response.status_code == post
    stored = MeasureIndicatorValue.objects.filter(measure_indicator=indicator)
    assert stored.exists() == (post == 302)


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_the_login(indicator: MeasureIndicator, method: str) -> None:
    response = getattr(Client(), method)(_url(indicator))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_only_reviewers_see_the_form_and_the_link_in_the_monitoring(
    plan: dict[str, Any], indicator: MeasureIndicator, reviewer: Any, planner: Any
) -> None:
    detail = reverse("planningui:plans_detail", args=[plan["document"].pk])
    with translation.override("de"):
        html = _client(reviewer).get(detail, HTTP_ACCEPT_LANGUAGE="de").content.decode()
        assert _url(indicator) in html and "Ist-Wert eintragen" in html
        html = _client(planner).get(detail, HTTP_ACCEPT_LANGUAGE="de").content.decode()
        assert _url(indicator) in html and "Ist-Wert eintragen" not in html
        html = _client(planner).get(_url(indicator), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<form" not in html.split("<main", 1)[1]


def test_a_reviewer_enters_a_value_and_the_monitoring_shows_it(
    plan: dict[str, Any], indicator: MeasureIndicator, reviewer: Any
) -> None:
    client = _client(reviewer)
    response = _post(reviewer, indicator, "2025-12-31", "104,5", client)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#measure-{plan['measures'][0].pk}")
    value = MeasureIndicatorValue.objects.get(measure_indicator=indicator)
    assert (value.date, value.value) == (dt.date(2025, 12, 31), Decimal("104.5"))
    entry = AuditEntry.objects.filter(object_id=str(indicator.pk)).latest("created_at")
    assert entry.actor == reviewer and entry.district_id == plan["document"].district_id
    assert entry.summary == "Ist-Wert vom 31.12.2025: 104,5"
    with translation.override("de"):
        html = client.get(response["Location"].split("#")[0], HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "104,50" in html and "31.12.2025" in html
    assert "gespeichert" in html  # the message after saving
    # correcting the value of the same date replaces it
    assert _post(reviewer, indicator, "31.12.2025", "110").status_code == 302
    assert MeasureIndicatorValue.objects.get(measure_indicator=indicator).value == Decimal(110)


@pytest.mark.parametrize(
    ("date", "value", "message"),
    [
        ("", "12", "Bitte das Datum angeben, auf das sich der Wert bezieht."),
        ("31.02.2025", "12", "Bitte ein gültiges Datum angeben, z. B. 31.12.2026."),
        ("2025-12-31", "", "Bitte den Ist-Wert angeben."),
        ("2025-12-31", "zwölf", "Bitte eine Zahl angeben, z. B. 112 oder 12,5."),
        ("2025-12-31", "1,255", "Höchstens zwei Nachkommastellen, z. B. 12,75."),
        ("2025-12-31", "1000000000000", "Die Zahl ist zu groß"),
        ("2099-01-01", "12", "Ein Ist-Wert kann nicht in der Zukunft liegen."),
    ],
)
def test_bad_input_is_refused_with_a_german_message(
    indicator: MeasureIndicator, reviewer: Any, date: str, value: str, message: str
) -> None:
    response = _post(reviewer, indicator, date, value)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MeasureIndicatorValue.objects.exists()


def test_computed_indicators_and_superseded_versions_take_no_values(
    plan: dict[str, Any], indicator: MeasureIndicator, reviewer: Any
) -> None:
    counted = measure_indicator_create(
        actor=None,
        measure=plan["measures"][0],
        data={"name": "Angebote", "source": "catalog", "catalog_filter": {}},
    )
    with translation.override("de"):
        html = _client(reviewer).get(_url(counted), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "werden berechnet" in html and 'name="value"' not in html
    response = _post(reviewer, counted, "2025-12-31", "3")
    assert response.status_code == 400 and "werden berechnet" in response.content.decode()

    measure_indicator_value_set(
        actor=None, indicator=indicator, date=dt.date(2024, 12, 31), value=Decimal(55)
    )
    new = document_update_version(actor=None, document=plan["document"])
    document_adopt(actor=None, document=new)
    response = _post(reviewer, indicator, "2025-12-31", "60")  # the old version's indicator
    assert response.status_code == 400 and "nicht mehr geändert" in response.content.decode()
    # the new version's copy shows the old value and takes new ones
    copy = MeasureIndicator.objects.get(lineage=indicator.lineage, measure__goal__document=new)
    html = _client(reviewer).get(_url(copy)).content.decode()
    assert "31.12.2024" in html
    assert _post(reviewer, copy, "2025-12-31", "60").status_code == 302


def test_the_service_checks_permission_source_and_date(
    plan: dict[str, Any], indicator: MeasureIndicator, planner: Any, other_reviewer: Any
) -> None:
    for actor in (planner, other_reviewer):
        with pytest.raises(PermissionDenied):
            measure_indicator_value_set(
                actor=actor, indicator=indicator, date=dt.date(2025, 1, 1), value=Decimal(1)
            )
    with pytest.raises(ValidationError):
        measure_indicator_value_set(
            actor=None,
            indicator=indicator,
            date=timezone.localdate() + dt.timedelta(days=1),
            value=Decimal(1),
        )


def test_the_values_page_reads_a_constant_number_of_queries(
    indicator: MeasureIndicator, planner: Any
) -> None:
    client = _client(planner)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url(indicator)).status_code == 200
        return len(captured)

    count()  # warm the session and the role cache
    before = count()
    for year in range(2015, 2025):
        measure_indicator_value_set(
            actor=None, indicator=indicator, date=dt.date(year, 12, 31), value=Decimal(year)
        )
    assert count() == before
