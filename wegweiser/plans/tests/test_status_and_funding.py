"""Dated status reports, monitoring progress, funding totals per programme and year and the
offers whose funding ends."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from wegweiser.catalog.models import FundingProgramme
from wegweiser.plans.models import MeasureStatusReport
from wegweiser.plans.selectors import document_progress, funding_ending, funding_totals, measures_table
from wegweiser.plans.services import (
    document_update_version,
    measure_indicator_create,
    measure_indicator_value_set,
    measure_status_report,
    offer_funding_set,
    programme_budget_set,
)

pytestmark = pytest.mark.django_db


def test_status_reports_keep_a_dated_history_and_the_newest_sets_the_status(
    plan: dict[str, Any], reviewer: Any
) -> None:
    measure = plan["measures"][1]
    measure_status_report(
        actor=reviewer,
        measure=measure,
        reported_on=dt.date(2025, 3, 1),
        status="in_progress",
        text="Begonnen",
    )
    measure_status_report(
        actor=reviewer, measure=measure, reported_on=dt.date(2025, 9, 1), status="postponed"
    )
    measure_status_report(
        actor=reviewer, measure=measure, reported_on=dt.date(2025, 6, 1), status="in_progress"
    )
    measure.refresh_from_db()
    assert measure.status == "postponed"  # the report of 01.06. was filled in later
    history = list(MeasureStatusReport.objects.filter(measure=measure).values_list("reported_on", "status"))
    assert history == [
        (dt.date(2025, 9, 1), "postponed"),
        (dt.date(2025, 6, 1), "in_progress"),
        (dt.date(2025, 3, 1), "in_progress"),
    ]
    assert MeasureStatusReport.objects.get(text="Begonnen").author == reviewer
    row = next(
        r
        for r in measures_table(actor=reviewer, district=measure.goal.document.district)
        if r.id == measure.pk
    )
    assert (row.status, row.last_report_on) == ("postponed", dt.date(2025, 9, 1))


def test_a_status_report_cannot_lie_in_the_future_or_name_an_unknown_status(plan: dict[str, Any]) -> None:
    measure = plan["measures"][0]
    with pytest.raises(ValidationError):
        measure_status_report(
            actor=None, measure=measure, reported_on=dt.date.today() + dt.timedelta(days=1), status="done"
        )
    with pytest.raises(ValidationError):
        measure_status_report(actor=None, measure=measure, reported_on=dt.date.today(), status="vielleicht")
    assert not MeasureStatusReport.objects.exists()


def test_progress_counts_statuses_per_field_of_action_and_goal_and_targets_reached(
    plan: dict[str, Any],
) -> None:
    cafe = plan["measures"][0]
    indicator = measure_indicator_create(
        actor=None,
        measure=cafe,
        data={"name": "Sprachcafés", "baseline_value": Decimal(2), "target_value": Decimal(6)},
    )
    measure_indicator_value_set(actor=None, indicator=indicator, date=dt.date(2025, 1, 1), value=Decimal(4))
    catalog = measure_indicator_create(
        actor=None,
        measure=cafe,
        data={
            "name": "Sprachangebote",
            "source": "catalog",
            "catalog_filter": {"field_of_action": "wohnen"},
            "baseline_value": Decimal(0),
            "target_value": Decimal(1),
        },
    )
    progress = document_progress(actor=None, document=plan["document"])
    assert progress.measures == 3
    counts = {status: n for status, _label, n in progress.status_counts}
    assert counts["in_progress"] == 1 and counts["planned"] == 2
    language = progress.fields[0]  # fields in vocabulary order, goals without one last
    assert [g.title for g in language.goals] == ["Deutsch lernen"]
    assert progress.fields[-1].name == "" and progress.fields[-1].goals[0].title == "Arbeit finden"
    measure = next(m for m in language.goals[0].measures if m.title == "Sprachcafés auf dem Land")
    by_name = {i.name: i for i in measure.indicators}
    assert (by_name["Sprachcafés"].actual_value, by_name["Sprachcafés"].percent) == (Decimal(4), 50)
    assert by_name["Sprachcafés"].reached is False
    assert by_name["Sprachangebote"].actual_value == Decimal(1)  # the offer "Sprachcafé" (wohnen) counts
    assert by_name["Sprachangebote"].reached is True
    assert (progress.targets_reached, progress.targets_total) == (1, 2)
    assert catalog.source == "catalog"


def test_funding_totals_per_programme_and_year_count_measures_offers_and_budget(
    plan: dict[str, Any], programme: FundingProgramme, planner: Any
) -> None:
    district = plan["document"].district
    programme_budget_set(
        actor=None, programme=programme, district=district, year=2025, amount=Decimal("20000")
    )
    offer_funding_set(
        actor=None,
        offer=plan["offer"],
        programme=programme,
        funded_from=dt.date(2024, 1, 1),
        funded_until=dt.date(2025, 12, 31),
        amount_per_year=Decimal("5000"),
    )
    document_update_version(actor=None, document=plan["document"])  # a draft update is not counted twice

    totals = funding_totals(actor=planner, district=district, year_from=2025, year_to=2026)

    rows = {(r.programme, r.year): r for r in totals.rows}
    r2025, r2026 = rows["LSZ", 2025], rows["LSZ", 2026]
    assert (r2025.amount, r2025.own_share, r2025.budget, r2025.measures, r2025.offers) == (
        Decimal("7000"),
        Decimal("3000"),
        Decimal("20000"),
        1,
        1,
    )
    assert r2025.offer_amount == Decimal("5000") and r2026.offer_amount == Decimal(0)
    assert (r2026.amount, r2026.budget) == (Decimal("7000"), None)
    assert totals.amount == Decimal("14000") and totals.own_share == Decimal("6000")
    assert [y.amount for y in totals.by_year] == [Decimal("7000"), Decimal("7000")]


def test_funding_ending_lists_offers_whose_funding_ends_in_the_period_and_what_continues(
    plan: dict[str, Any], programme: FundingProgramme, make_offer: Any, reviewer: Any
) -> None:
    district = plan["document"].district
    esf = FundingProgramme.objects.create(
        district=district, name="ESF+ Armutsprävention", short_name="ESF+", slug="esf", funder="eu"
    )
    cafe = plan["offer"]
    counselling = make_offer("Familienberatung")
    kept = make_offer("Jugendtreff")
    offer_funding_set(actor=reviewer, offer=cafe, programme=programme, funded_until=dt.date(2027, 6, 30))
    offer_funding_set(actor=reviewer, offer=cafe, programme=esf, funded_until=dt.date(2028, 12, 31))
    # named on the offer without a funding row: the programme's period end (31.12.2027) counts
    counselling.funding_programmes.add(programme)
    offer_funding_set(actor=reviewer, offer=kept, programme=programme, funded_until=dt.date(2029, 12, 31))

    rows = funding_ending(
        actor=reviewer,
        district=district,
        start=dt.date(2027, 1, 1),
        end=dt.date(2027, 12, 31),
        programme=programme,
    )

    assert [(r.offer, r.funded_until, r.from_programme_period) for r in rows] == [
        ("Sprachcafé", dt.date(2027, 6, 30), False),
        ("Familienberatung", dt.date(2027, 12, 31), True),
    ]
    assert rows[0].continuing == ("ESF+",) and not rows[0].falls_away
    assert rows[1].falls_away
    assert rows[0].measures == ("Sprachcafés auf dem Land",)
    everything = funding_ending(
        actor=reviewer, district=district, start=dt.date(2027, 1, 1), end=dt.date(2030, 1, 1)
    )
    assert {r.offer for r in everything} == {"Sprachcafé", "Familienberatung", "Jugendtreff"}
