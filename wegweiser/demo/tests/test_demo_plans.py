"""The demo's plans: the three adopted documents with their public numbers, dates and bodies,
the integration concept in two versions, funding that ends in 2027, everything else marked."""

import datetime as dt

import pytest

from wegweiser.catalog.models import FundingProgramme
from wegweiser.demo.plans import demo_plans_load
from wegweiser.demo.services import demo_district_load
from wegweiser.districts.models import District
from wegweiser.plans.models import Measure, PlanningDocument
from wegweiser.plans.selectors import document_compare, funding_ending, funding_totals


@pytest.fixture
def demo(db: None) -> District:
    demo_district_load()
    return District.objects.get(key="16062")


@pytest.mark.django_db
def test_the_demo_has_the_three_adopted_documents_with_their_public_decisions(demo: District) -> None:
    adopted = {
        d.decision_number: d
        for d in PlanningDocument.objects.filter(
            district=demo, decision_number__in=["712/18", "747/18", "340/21"]
        )
    }
    assert (adopted["712/18"].adopted_by, adopted["712/18"].kind) == ("kreistag", "strategy")
    assert adopted["712/18"].decision_date is None  # not in our sources: left empty, not invented
    assert (adopted["747/18"].adopted_by, adopted["747/18"].status) == ("kreistag", "superseded")
    update = adopted["747/18"].updates.get()
    assert update.status == "adopted" and "Fortschreibung 2024" in update.title
    assert update.period_start == dt.date(2024, 1, 1)
    child = adopted["340/21"]
    assert (child.adopted_by, child.decision_date, child.status) == (
        "jugendhilfeausschuss",
        dt.date(2021, 5, 27),
        "adopted",
    )
    assert all(d.is_demo and "Demo" in d.summary for d in PlanningDocument.objects.filter(district=demo))
    assert all("Demo" in m.description for m in Measure.objects.filter(goal__document__district=demo))


@pytest.mark.django_db
def test_the_demo_integration_concept_has_two_versions_to_compare(demo: District) -> None:
    first = PlanningDocument.objects.get(district=demo, kind="integration_concept", version=1)
    second = first.updates.get()
    comparison = document_compare(actor=None, old=first, new=second)
    assert (
        comparison.count("added") >= 1
        and comparison.count("changed") >= 2
        and comparison.count("dropped") == 1
    )


@pytest.mark.django_db
def test_the_demo_funding_shows_lsz_with_its_own_share_and_offers_whose_funding_ends_in_2027(
    demo: District,
) -> None:
    lsz = FundingProgramme.objects.get(district=demo, short_name="LSZ")
    assert lsz.own_share_percent == 30
    totals = funding_totals(actor=None, district=demo, year_from=2025, year_to=2027)
    lsz_2025 = next(r for r in totals.rows if r.programme_id == lsz.pk and r.year == 2025)
    assert lsz_2025.amount > 0 and lsz_2025.own_share > 0 and lsz_2025.budget is not None
    ending = funding_ending(
        actor=None, district=demo, start=dt.date(2027, 1, 1), end=dt.date(2027, 12, 31), programme=lsz
    )
    assert ending and any(r.falls_away for r in ending)
    assert any(r.measures for r in ending)


@pytest.mark.django_db
def test_loading_the_demo_plans_twice_changes_nothing(demo: District) -> None:
    before = PlanningDocument.objects.count()
    assert demo_plans_load(district=demo) == {"documents": 0}
    assert PlanningDocument.objects.count() == before
