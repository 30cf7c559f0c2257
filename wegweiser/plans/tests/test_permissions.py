"""Who may do what with plans: reviewers edit, planners and editors read, another district's
staff neither see nor change anything."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from wegweiser.catalog.models import FundingProgramme
from wegweiser.plans.selectors import (
    document_compare,
    document_get,
    document_progress,
    documents_list,
    funding_ending,
    funding_totals,
    measures_table,
)
from wegweiser.plans.services import (
    document_create,
    document_update,
    document_update_version,
    goal_create,
    measure_funding_set,
    measure_status_report,
    measure_update,
    offer_funding_set,
)

pytestmark = pytest.mark.django_db

WRITES = {
    "document_create": lambda p, a: document_create(
        actor=a, district=p["document"].district, data={"kind": "strategy", "title": "Neu"}
    ),
    "document_update": lambda p, a: document_update(actor=a, document=p["document"], data={"summary": "x"}),
    "document_update_version": lambda p, a: document_update_version(actor=a, document=p["document"]),
    "goal_create": lambda p, a: goal_create(actor=a, document=p["document"], data={"title": "Ziel"}),
    "measure_update": lambda p, a: measure_update(actor=a, measure=p["measures"][0], data={"title": "Neu"}),
    "measure_status_report": lambda p, a: measure_status_report(
        actor=a, measure=p["measures"][0], reported_on=dt.date(2025, 1, 1), status="done"
    ),
    "measure_funding_set": lambda p, a: measure_funding_set(
        actor=a,
        measure=p["measures"][0],
        programme=FundingProgramme.objects.get(slug="lsz"),
        year=2027,
        amount=Decimal(1),
    ),
    "offer_funding_set": lambda p, a: offer_funding_set(
        actor=a, offer=p["offer"], programme=FundingProgramme.objects.get(slug="lsz")
    ),
}


@pytest.mark.parametrize("write", sorted(WRITES))
@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("reviewer", True),
        ("editor", False),
        ("planner", False),
        ("other_reviewer", False),
        ("outsider", False),
    ],
)
def test_only_reviewers_of_the_district_change_plans(
    plan: dict[str, Any], request: pytest.FixtureRequest, role: str, allowed: bool, write: str
) -> None:
    actor = request.getfixturevalue(role)
    if allowed:
        WRITES[write](plan, actor)
    else:
        with pytest.raises(PermissionDenied):
            WRITES[write](plan, actor)


@pytest.mark.parametrize("role", ["reviewer", "editor", "planner"])
def test_staff_of_the_district_read_plans_and_funding(plan: dict[str, Any], request: Any, role: str) -> None:
    actor = request.getfixturevalue(role)
    district = plan["document"].district
    assert list(documents_list(actor=actor, district=district)) == [plan["document"]]
    assert document_get(actor=actor, district=district, pk=plan["document"].pk) == plan["document"]
    assert len(measures_table(actor=actor, district=district)) == 3
    assert document_progress(actor=actor, document=plan["document"]).measures == 3
    assert document_compare(actor=actor, old=plan["document"], new=plan["document"]).count("unchanged") == 3
    assert funding_totals(actor=actor, district=district, year_from=2025, year_to=2026).amount == Decimal(
        14000
    )


@pytest.mark.parametrize("role", ["other_reviewer", "other_planner", "outsider"])
def test_another_districts_staff_see_nothing(plan: dict[str, Any], request: Any, role: str) -> None:
    actor = request.getfixturevalue(role)
    district = plan["document"].district
    assert not documents_list(actor=actor, district=district).exists()
    with pytest.raises(Http404):
        document_get(actor=actor, district=district, pk=plan["document"].pk)
    assert measures_table(actor=actor, district=district) == []
    assert funding_totals(actor=actor, district=district, year_from=2025, year_to=2026).rows == ()
    assert (
        funding_ending(actor=actor, district=district, start=dt.date(2020, 1, 1), end=dt.date(2030, 1, 1))
        == []
    )
    with pytest.raises(PermissionDenied):
        document_progress(actor=actor, document=plan["document"])
    with pytest.raises(PermissionDenied):
        document_compare(actor=actor, old=plan["document"], new=plan["document"])


def test_a_measure_cannot_name_another_districts_offer(plan: dict[str, Any], other_district: Any) -> None:
    from django.core.exceptions import ValidationError

    from wegweiser.catalog.tests.factories import OrganisationFactory

    foreign = OrganisationFactory(district=other_district)
    with pytest.raises(ValidationError):
        measure_update(actor=None, measure=plan["measures"][0], data={"responsible_organisation": foreign})
