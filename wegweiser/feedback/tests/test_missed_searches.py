"""Searches of the public directory that found nothing: counted per district, normalised text,
languages, municipality and day, without anything that identifies the visitor; staff and
planners see them grouped and counted, and staff add a synonym from the list."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from wegweiser.districts.models import District
from wegweiser.feedback.models import MissedSearch
from wegweiser.feedback.selectors import missed_searches_grouped
from wegweiser.feedback.services import missed_search_record, missed_searches_purge, normalised_search_text
from wegweiser.search.models import Synonym

pytestmark = pytest.mark.django_db


@pytest.fixture
def kita(make_offer: Callable) -> Any:
    return make_offer("Kita Sonnenschein", short_description="Betreuung für Kinder.")


def test_a_search_that_finds_nothing_is_counted_without_the_visitor(
    client: Client, district: District, kita: Any
) -> None:
    client.get("/de/angebote/?q=Kindergarten+in+der+Nähe", REMOTE_ADDR="192.0.2.1")
    client.get("/de/angebote/?q=KINDERGARTEN in der  nähe", REMOTE_ADDR="192.0.2.2")
    row = MissedSearch.objects.get()
    assert (row.text, row.count, row.ui_language, row.content_language) == (
        "kindergarten nähe",
        2,
        "de",
        "de",
    )
    assert row.day == dt.date.today() and row.municipality is None and row.district == district
    stored = {f.name for f in MissedSearch._meta.get_fields()}
    assert stored == {
        "id",
        "district",
        "text",
        "ui_language",
        "content_language",
        "municipality",
        "day",
        "count",
    }


def test_languages_and_the_chosen_municipality_are_kept_apart(
    client: Client, district: District, kita: Any
) -> None:
    client.get("/en/angebote/?q=kindergarten")
    client.get("/de/angebote/?q=kindergarten&municipality=nordhausen")
    client.get("/de/angebote/?q=kindergarten&municipality=nordhausen&municipality=bleicherode")
    rows = {
        (r.ui_language, r.municipality.slug if r.municipality else None): r.count
        for r in MissedSearch.objects.all()
    }
    assert rows == {("en", None): 1, ("de", "nordhausen"): 1, ("de", None): 1}


def test_searches_with_results_or_without_words_are_not_counted(client: Client, kita: Any) -> None:
    client.get("/de/angebote/?q=Kita")
    client.get("/de/angebote/?q=und+der")
    client.get("/de/angebote/")
    assert not MissedSearch.objects.exists()


def test_the_text_is_normalised_and_bounded() -> None:
    assert normalised_search_text("  Deutsch-Kurs FÜR Frauen!! ") == "deutsch kurs frauen"
    assert len(normalised_search_text("wort " * 100)) <= 200


def test_counts_are_grouped_over_days_and_scoped_to_the_district(
    district: District, other_district: District, planner: Any
) -> None:
    today = dt.date.today()
    for days_ago in (0, 1, 1, 40):
        missed_search_record(
            district=district,
            text="Kindergarten",
            ui_language="de",
            content_language="de",
            day=today - dt.timedelta(days=days_ago),
        )
    missed_search_record(
        district=district, text="Kindergarten", ui_language="en", content_language="ar", day=today
    )
    missed_search_record(
        district=district, text="Moschee", ui_language="de", content_language="de", day=today
    )
    missed_search_record(
        district=other_district, text="Geheim", ui_language="de", content_language="de", day=today
    )
    assert MissedSearch.objects.filter(text="kindergarten").count() == 4  # one row per day and languages
    groups = missed_searches_grouped(actor=planner, since=today - dt.timedelta(days=29))
    assert [(g.text, g.total, g.days) for g in groups] == [("kindergarten", 4, 2), ("moschee", 1, 1)]
    assert groups[0].languages == [("de", 3), ("en/ar", 1)]
    assert len(missed_searches_grouped(actor=planner, since=today - dt.timedelta(days=89))) == 2
    assert missed_searches_grouped(actor=planner, since=today - dt.timedelta(days=89))[0].total == 5


def test_old_counts_are_purged(district: District) -> None:
    today = dt.date.today()
    missed_search_record(
        district=district,
        text="alt",
        ui_language="de",
        content_language="de",
        day=today - dt.timedelta(days=400),
    )
    missed_search_record(district=district, text="neu", ui_language="de", content_language="de", day=today)
    assert missed_searches_purge(before=today - dt.timedelta(days=365)) == 1
    assert list(MissedSearch.objects.values_list("text", flat=True)) == ["neu"]


def test_staff_see_the_list_and_add_a_synonym_from_it(
    client: Client,
    district: District,
    other_district: District,
    kita: Any,
    editor: Any,
    django_assert_max_num_queries: Any,
) -> None:
    for text in ("Kindergarten", "Kindergarten", "Moschee"):
        client.get(f"/de/angebote/?q={text}")
    missed_search_record(district=other_district, text="Geheimwort", ui_language="de", content_language="de")
    client.force_login(editor)
    url = reverse("admin:feedback_missedsearch_changelist")
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert "Suchen ohne Treffer" in page and "kindergarten" in page and "moschee" in page
    assert "Geheimwort".lower() not in page
    add = reverse("admin:search_synonym_add") + f"?district={district.pk}&amp;term=kindergarten"
    assert add in page and "Als Synonym eintragen" in page
    form = client.get(
        reverse("admin:search_synonym_add") + f"?district={district.pk}&term=kindergarten"
    ).content.decode()
    assert 'value="kindergarten"' in form
    response = client.post(
        reverse("admin:search_synonym_add"),
        {"district": district.pk, "term": "kindergarten", "equivalents": "Kita", "two_way": "on"},
    )
    assert response.status_code == 302, response.content.decode()
    assert Synonym.objects.get().equivalents == "Kita"
    assert "in der Synonymliste" in client.get(url).content.decode()
    client.logout()
    assert "Kita Sonnenschein" in client.get("/de/angebote/?q=Kindergarten").content.decode()


def test_planners_see_the_list_without_the_add_link(client: Client, district: District, planner: Any) -> None:
    missed_search_record(district=district, text="Kindergarten", ui_language="de", content_language="de")
    client.force_login(planner)
    page = client.get(reverse("admin:feedback_missedsearch_changelist")).content.decode()
    assert "kindergarten" in page and "Als Synonym eintragen" not in page


def test_the_period_can_be_chosen(client: Client, district: District, editor: Any) -> None:
    missed_search_record(
        district=district,
        text="Sommerfest",
        ui_language="de",
        content_language="de",
        day=dt.date.today() - dt.timedelta(days=60),
    )
    client.force_login(editor)
    url = reverse("admin:feedback_missedsearch_changelist")
    assert "sommerfest" not in client.get(url + "?tage=30").content.decode()
    assert "sommerfest" in client.get(url + "?tage=90").content.decode()
    assert "sommerfest" in client.get(url + "?tage=unsinn").content.decode()  # falls back to 90 days


def test_the_scheduler_keeps_the_configured_number_of_days(district: District, settings: Any) -> None:
    from wegweiser.operations import scheduler

    settings.WEGWEISER_MISSED_SEARCH_DAYS = 30
    today = dt.date.today()
    for days_ago in (0, 29, 31):
        missed_search_record(
            district=district,
            text=f"wort{days_ago}",
            ui_language="de",
            content_language="de",
            day=today - dt.timedelta(days=days_ago),
        )
    scheduler.missed_searches_purge()
    assert sorted(MissedSearch.objects.values_list("text", flat=True)) == ["wort0", "wort29"]
