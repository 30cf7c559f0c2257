"""Searches without results as a demand signal: a hand-made set of counts is summed over the
period and the comparison period, mapped to fields of action by their names and the district's
synonyms, limited to the district (and to a municipality where the visitor chose one), in a
fixed number of queries, and refused to accounts that may not plan."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from wegweiser.districts.models import District, Municipality
from wegweiser.feedback.models import MissedSearch
from wegweiser.planning.demand import (
    field_vocabulary,
    fields_for_text,
    missed_search_demand,
    synonym_words,
)
from wegweiser.search.models import Synonym

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 6, 30)
SINCE = dt.date(2026, 3, 31)


def _missed(district: District, text: str, day: dt.date, count: int, municipality: Any = None) -> None:
    MissedSearch.objects.create(
        district=district,
        text=text,
        ui_language="de",
        content_language="de",
        municipality=municipality,
        day=day,
        count=count,
    )


@pytest.fixture
def searches(district: District, other_district: District, settings: Any) -> None:
    settings.WEGWEISER_MISSED_SEARCH_DAYS = 100_000  # the dates are fixed, nothing counts as deleted
    nordhausen = Municipality.objects.get(ags="16062041")
    Synonym.objects.create(district=district, term="kita", equivalents="kindergarten, krippe", two_way=True)
    # In the 30 days up to ON (1 June – 30 June):
    _missed(district, "kita", ON, 4)
    _missed(district, "kita", ON - dt.timedelta(days=29), 3, nordhausen)
    _missed(district, "sprachkurs abends", ON - dt.timedelta(days=3), 5)
    _missed(district, "ausbildung pflege", ON - dt.timedelta(days=10), 2, nordhausen)
    _missed(district, "fahrrad reparatur", ON - dt.timedelta(days=1), 1)
    _missed(district, "kita", ON - dt.timedelta(days=30), 50)  # 31 May: outside the period
    # In the 30 days up to SINCE (2 March – 31 March):
    _missed(district, "kita", SINCE, 2)
    _missed(district, "sprachkurs abends", SINCE - dt.timedelta(days=5), 9)
    # Another district's searches never count.
    _missed(other_district, "kita", ON, 1000)
    _missed(other_district, "wohnung", ON, 1000)


def _by_field(demand: Any) -> dict[str, tuple[int, int | None, list[str]]]:
    return {
        (g.term.slug if g.term else "-"): (g.now, g.change, [t.text for t in g.texts]) for g in demand.fields
    }


def test_counts_over_the_period_with_the_change_since_a_date_by_field_of_action(
    searches: None, planner: Any, district: District
) -> None:
    demand = missed_search_demand(actor=planner, district=district, on=ON, days=30, since=SINCE)
    assert (demand.start, demand.end) == (dt.date(2026, 6, 1), ON)
    assert (demand.since_start, demand.since_end) == (dt.date(2026, 3, 2), SINCE)
    assert [(t.text, t.now, t.then) for t in demand.texts] == [
        ("kita", 7, 2),
        ("sprachkurs abends", 5, 9),
        ("ausbildung pflege", 2, 0),
        ("fahrrad reparatur", 1, 0),
    ]
    assert (demand.total, demand.total_then, demand.change) == (15, 11, 4)
    assert _by_field(demand) == {
        # "kita" ⇄ "kindergarten": starts with the field's word "kinder" (stem "kind")
        "familie-kinder": (7, 5, ["kita"]),
        # "sprachkurs" starts with "sprache" (stem "sprach")
        "sprache-bildung": (5, -4, ["sprachkurs abends"]),
        # "ausbildung" is a word of "Ausbildung & Arbeit" (so not also "Bildung"); "pflege" of "Gesundheit & Pflege"
        "ausbildung-arbeit": (2, 2, ["ausbildung pflege"]),
        "gesundheit-pflege": (2, 2, ["ausbildung pflege"]),
        "-": (1, 1, ["fahrrad reparatur"]),
    }
    kita = demand.texts[0]
    assert kita.municipalities == [("Nordhausen, Stadt", 3)]


def test_without_a_comparison_date_there_is_no_change(
    searches: None, planner: Any, district: District
) -> None:
    demand = missed_search_demand(actor=planner, district=district, on=ON, days=30)
    assert demand.total == 15 and demand.change is None and demand.texts[0].change is None
    assert all(g.change is None for g in demand.fields)


def test_a_municipality_counts_only_the_searches_that_chose_it(
    searches: None, reviewer: Any, district: District
) -> None:
    nordhausen = Municipality.objects.get(ags="16062041")
    demand = missed_search_demand(actor=reviewer, district=district, on=ON, days=30, municipality=nordhausen)
    assert [(t.text, t.now) for t in demand.texts] == [("kita", 3), ("ausbildung pflege", 2)]
    bleicherode = Municipality.objects.get(ags="16062066")
    assert (
        missed_search_demand(actor=reviewer, district=district, on=ON, municipality=bleicherode).texts == []
    )


def test_the_period_before_the_oldest_kept_counts_is_flagged(
    searches: None, planner: Any, district: District, settings: Any
) -> None:
    settings.WEGWEISER_MISSED_SEARCH_DAYS = 365
    today = dt.date.today()
    assert not missed_search_demand(actor=planner, district=district, on=today, days=90).incomplete
    assert missed_search_demand(
        actor=planner, district=district, on=today, days=90, since=today - dt.timedelta(days=300)
    ).incomplete


@pytest.mark.parametrize("who", ["editor", "outsider", "other_planner"])
def test_accounts_that_may_not_plan_in_the_district_are_refused(
    request: Any, searches: None, district: District, who: str
) -> None:
    with pytest.raises(PermissionDenied):
        missed_search_demand(actor=request.getfixturevalue(who), district=district, on=ON)


def test_the_demand_takes_a_fixed_number_of_queries(
    searches: None, planner: Any, district: District, django_assert_num_queries: Any
) -> None:
    missed_search_demand(actor=planner, district=district, on=ON, days=30, since=SINCE)  # memberships cached
    for day in range(20):
        _missed(district, f"suche {day}", ON - dt.timedelta(days=day), day + 1)
    with django_assert_num_queries(6):
        demand = missed_search_demand(actor=planner, district=district, on=ON, days=30, since=SINCE)
    assert len(demand.texts) == 24


def test_synonyms_work_in_the_direction_the_search_uses_them() -> None:
    found = synonym_words([("sprachkurs", "deutschkurs", False), ("kita", "krippe, hort", True)])
    assert found["sprachkurs"] == {"deutschkurs"} and "deutschkurs" not in found
    assert found["krippe"] == {"kita", "hort"}


def test_field_words_come_from_names_sub_terms_and_translations(db: Any) -> None:
    vocabulary = field_vocabulary()
    assert len(vocabulary) == 9
    assert fields_for_text("housing", vocabulary=vocabulary, synonyms={})  # the English name "Housing"
    assert fields_for_text("wohnungssuche", vocabulary=vocabulary, synonyms={})  # "Wohnen" → "wohn…"
    assert fields_for_text("xyz", vocabulary=vocabulary, synonyms={}) == []
    deutsch = fields_for_text("deutschkurs", vocabulary=vocabulary, synonyms={})
    assert deutsch == []  # not a word of any field's name: only a synonym helps
    assert fields_for_text("deutschkurs", vocabulary=vocabulary, synonyms={"deutschkurs": {"sprachkurs"}})
