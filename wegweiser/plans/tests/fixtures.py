"""A small plan for the tests: a document with two goals and measures, funded by a programme."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from wegweiser.catalog.models import FundingProgramme
from wegweiser.districts.models import District
from wegweiser.plans.models import PlanningDocument
from wegweiser.plans.services import (
    document_adopt,
    document_create,
    goal_create,
    measure_create,
    measure_funding_set,
)


@pytest.fixture
def programme(district: District) -> FundingProgramme:
    return FundingProgramme.objects.create(
        district=district,
        name="Landesprogramm Solidarisches Zusammenleben der Generationen",
        short_name="LSZ",
        slug="lsz",
        funder="land",
        own_share_percent=Decimal("30"),
        period_start=dt.date(2021, 1, 1),
        period_end=dt.date(2027, 12, 31),
    )


@pytest.fixture
def plan(district: District, term: Any, make_offer: Any, programme: FundingProgramme) -> dict[str, Any]:
    """An adopted integration concept: goal A (language) with measures 1 and 2, goal B (work)
    with measure 3; measure 1 implemented by an offer and funded 2025 and 2026 by LSZ."""
    document = document_create(
        actor=None,
        district=district,
        data={
            "kind": PlanningDocument.Kind.INTEGRATION_CONCEPT,
            "title": "Lokales Integrationskonzept",
            "adopted_by": PlanningDocument.Body.INTEGRATIONSBEIRAT,
            "period_start": dt.date(2024, 1, 1),
            "period_end": dt.date(2026, 12, 31),
        },
    )
    language = term("field_of_action", "sprache-bildung")
    goal_a = goal_create(
        actor=None,
        document=document,
        data={"title": "Deutsch lernen", "field_of_action": language, "position": 1},
    )
    goal_b = goal_create(actor=None, document=document, data={"title": "Arbeit finden", "position": 2})
    offer = make_offer("Sprachcafé")
    m1 = measure_create(
        actor=None,
        goal=goal_a,
        data={"title": "Sprachcafés auf dem Land", "offers": [offer], "status": "in_progress"},
    )
    m2 = measure_create(actor=None, goal=goal_a, data={"title": "Kinderbetreuung bei Kursen"})
    m3 = measure_create(actor=None, goal=goal_b, data={"title": "Jobmesse"})
    measure_funding_set(
        actor=None,
        measure=m1,
        programme=programme,
        year=2025,
        amount=Decimal("7000"),
        own_share=Decimal("3000"),
    )
    measure_funding_set(
        actor=None,
        measure=m1,
        programme=programme,
        year=2026,
        amount=Decimal("7000"),
        own_share=Decimal("3000"),
    )
    document_adopt(actor=None, document=document, decision_number="12/24", decision_date=dt.date(2024, 3, 1))
    return {"document": document, "goals": (goal_a, goal_b), "measures": (m1, m2, m3), "offer": offer}
