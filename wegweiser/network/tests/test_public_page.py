"""The public body page shows only public meetings of public bodies and only published minutes;
each upcoming meeting has a calendar file."""

import datetime as dt
from typing import Any

import icalendar
import pytest
from django.utils import timezone

from wegweiser.network.models import AgendaItem, Body, Meeting

pytestmark = pytest.mark.django_db


def _meeting(body: Body, days: int, **extra: Any) -> Meeting:
    start = timezone.now() + dt.timedelta(days=days)
    return Meeting.objects.create(body=body, starts_at=start, ends_at=start + dt.timedelta(hours=2), **extra)


@pytest.fixture
def meetings(beirat: Any) -> dict[str, Meeting]:
    past = _meeting(
        beirat, -30, title="Vergangene Sitzung", is_public=True, minutes="## Niederschrift\n\nBeschluss A"
    )
    past.minutes_published_at = timezone.now() - dt.timedelta(days=20)
    past.save()
    draft = _meeting(beirat, -10, title="Entwurf", is_public=True, minutes="GEHEIMER ENTWURF")
    closed_past = _meeting(beirat, -5, is_public=False, minutes="NICHTOEFFENTLICH")
    closed_past.minutes_published_at = timezone.now()
    closed_past.save()
    upcoming = _meeting(beirat, 7, title="Nächste Sitzung", is_public=True, place="Landratsamt, Raum 1")
    AgendaItem.objects.create(meeting=upcoming, position=1, title="Öffentlicher Punkt")
    AgendaItem.objects.create(meeting=upcoming, position=2, title="Personalsache", is_public=False)
    closed = _meeting(beirat, 8, title="Interne Vorbesprechung", is_public=False)
    return {"past": past, "draft": draft, "upcoming": upcoming, "closed": closed}


def test_the_page_shows_public_upcoming_meetings_and_published_minutes_only(
    client: Any, beirat: Any, meetings: dict[str, Meeting], django_assert_num_queries: Any
) -> None:
    client.get("/de/gremien/integrationsbeirat/")  # warm the district and language caches
    # The district's content languages come from the per-version cache (district_public_facts).
    with django_assert_num_queries(7):
        response = client.get("/de/gremien/integrationsbeirat/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nächste Sitzung" in html and "Landratsamt, Raum 1" in html
    assert "Öffentlicher Punkt" in html and "Personalsache" not in html
    assert "Interne Vorbesprechung" not in html
    assert "Beschluss A" in html
    assert "GEHEIMER ENTWURF" not in html and "NICHTOEFFENTLICH" not in html
    assert f"/de/gremien/integrationsbeirat/sitzungen/{meetings['upcoming'].pk}.ics" in html


def test_a_non_public_body_has_no_page_and_another_districts_body_is_not_found(
    client: Any, beirat: Any, other_district: Any
) -> None:
    beirat.is_public = False
    beirat.save()
    assert client.get("/de/gremien/integrationsbeirat/").status_code == 404
    Body.objects.create(district=other_district, kind="network", name="Fremd", slug="fremd", is_public=True)
    assert client.get("/de/gremien/fremd/").status_code == 404


def test_the_calendar_file_of_a_public_meeting_parses_and_a_closed_one_is_not_found(
    client: Any, beirat: Any, meetings: dict[str, Meeting]
) -> None:
    upcoming = meetings["upcoming"]
    response = client.get(f"/de/gremien/integrationsbeirat/sitzungen/{upcoming.pk}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    event = calendar.walk("VEVENT")[0]
    assert str(event["UID"]) == f"{upcoming.uid}@wegweiser"
    assert event.decoded("DTSTART") == upcoming.starts_at.replace(microsecond=0)
    assert "Personalsache" not in str(event.get("DESCRIPTION", ""))
    closed = meetings["closed"]
    assert client.get(f"/de/gremien/integrationsbeirat/sitzungen/{closed.pk}.ics").status_code == 404
