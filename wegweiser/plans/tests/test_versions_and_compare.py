"""The Fortschreibung (a new version with copies that keep their lineage), adoption superseding
the old version, and two versions side by side."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from wegweiser.plans.models import MeasureIndicator, PlanningDocument
from wegweiser.plans.selectors import document_compare, document_versions
from wegweiser.plans.services import (
    document_adopt,
    document_update_version,
    goal_delete,
    measure_create,
    measure_delete,
    measure_indicator_create,
    measure_indicator_value_set,
    measure_update,
)

pytestmark = pytest.mark.django_db


def test_an_update_is_a_new_draft_version_with_copies_that_keep_their_lineage(plan: dict[str, Any]) -> None:
    old = plan["document"]
    new = document_update_version(
        actor=None, document=old, data={"title": "Lokales Integrationskonzept 2027"}
    )
    assert (new.version, new.previous, new.status) == (2, old, PlanningDocument.Status.DRAFT)
    assert new.slug != old.slug and new.decision_number == ""
    old_measures = {m.lineage: m for m in old.goals.get(title="Deutsch lernen").measures.all()}
    new_measures = {m.lineage: m for m in new.goals.get(title="Deutsch lernen").measures.all()}
    assert set(old_measures) == set(new_measures)
    copy = new_measures[plan["measures"][0].lineage]
    assert copy.pk != plan["measures"][0].pk
    assert list(copy.offers.all()) == [plan["offer"]]
    assert copy.funding.count() == 2
    old.refresh_from_db()
    assert old.status == PlanningDocument.Status.ADOPTED  # until the new version is adopted
    assert document_versions(document=old) == [old, new] == document_versions(document=new)


def test_adopting_the_new_version_supersedes_the_old_one_which_can_no_longer_be_changed(
    plan: dict[str, Any],
) -> None:
    old = plan["document"]
    new = document_update_version(actor=None, document=old)
    document_adopt(actor=None, document=new, decision_number="40/27", decision_date=dt.date(2027, 2, 1))
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == (PlanningDocument.Status.SUPERSEDED, PlanningDocument.Status.ADOPTED)
    with pytest.raises(ValidationError):
        measure_update(actor=None, measure=plan["measures"][0], data={"title": "Anders"})
    with pytest.raises(ValidationError):
        document_update_version(actor=None, document=old)


def test_only_the_newest_version_can_be_updated(plan: dict[str, Any]) -> None:
    document_update_version(actor=None, document=plan["document"])
    with pytest.raises(ValidationError):
        document_update_version(actor=None, document=plan["document"])


def test_the_comparison_shows_goals_and_measures_added_changed_and_dropped(plan: dict[str, Any]) -> None:
    old = plan["document"]
    new = document_update_version(actor=None, document=old)
    language, work = (new.goals.get(title=t) for t in ("Deutsch lernen", "Arbeit finden"))
    cafe = language.measures.get(title="Sprachcafés auf dem Land")
    measure_update(
        actor=None, measure=cafe, data={"title": "Sprachcafés in allen Landgemeinden", "status": "done"}
    )
    measure_delete(actor=None, measure=language.measures.get(title="Kinderbetreuung bei Kursen"))
    measure_create(actor=None, goal=language, data={"title": "Online-Sprachkurse"})
    goal_delete(actor=None, goal=work)

    comparison = document_compare(actor=None, old=old, new=new)

    assert comparison.counts == {"added": 1, "changed": 1, "dropped": 2, "unchanged": 0}
    by_title = {g.old_title or g.new_title: g for g in comparison.goals}
    assert by_title["Arbeit finden"].change == "dropped"
    assert [m.change for m in by_title["Arbeit finden"].measures] == ["dropped"]
    language_row = by_title["Deutsch lernen"]
    assert language_row.change == "changed"
    changes = {m.old_title or m.new_title: m for m in language_row.measures}
    changed = changes["Sprachcafés auf dem Land"]
    assert changed.change == "changed" and changed.new_title == "Sprachcafés in allen Landgemeinden"
    assert {c.label for c in changed.changes} >= {"Title", "Status"}
    assert changes["Online-Sprachkurse"].change == "added"
    assert changes["Kinderbetreuung bei Kursen"].change == "dropped"


def test_the_comparison_shows_the_indicator_values_at_each_versions_date(plan: dict[str, Any]) -> None:
    old = plan["document"]  # decided 01.03.2024
    cafe = plan["measures"][0]
    indicator = measure_indicator_create(
        actor=None,
        measure=cafe,
        data={
            "name": "Teilnehmende",
            "unit": "Personen",
            "baseline_value": Decimal(10),
            "target_value": Decimal(50),
        },
    )
    measure_indicator_value_set(actor=None, indicator=indicator, date=dt.date(2024, 1, 15), value=Decimal(12))
    measure_indicator_value_set(actor=None, indicator=indicator, date=dt.date(2025, 6, 30), value=Decimal(35))
    new = document_update_version(actor=None, document=old, data={"decision_date": dt.date(2025, 9, 1)})
    copy = MeasureIndicator.objects.get(measure__goal__document=new, lineage=indicator.lineage)
    measure_indicator_value_set(actor=None, indicator=copy, date=dt.date(2026, 6, 30), value=Decimal(60))

    comparison = document_compare(actor=None, old=old, new=new)

    row = next(m for g in comparison.goals for m in g.measures if m.lineage == cafe.lineage)
    (values,) = row.indicators
    assert (values.old_value, values.old_value_date) == (Decimal(12), dt.date(2024, 1, 15))
    assert (values.new_value, values.new_value_date) == (Decimal(35), dt.date(2025, 6, 30))
    assert values.old_target == values.new_target == Decimal(50)
