"""Invitations reach the members at the real local SMTP server with a calendar file that parses
back; reminders go out once, when the moving clock reaches the reminder window."""

import datetime as dt
from email.header import decode_header, make_header
from typing import Any

import icalendar
import pytest
import time_machine
from django.core.exceptions import ValidationError

from wegweiser.network.ical import CalendarEvent, calendar_text, fold
from wegweiser.network.models import Invitation, Meeting
from wegweiser.network.services.bodies import member_add
from wegweiser.network.services.meetings import (
    agenda_item_create,
    attendance_record,
    meeting_create,
    meeting_invite,
    meeting_quorum,
    meeting_reminders_send,
    meeting_update,
    minutes_publish,
    minutes_record,
    resolution_create,
)
from wegweiser.operations import scheduler

from .conftest import BERLIN

pytestmark = pytest.mark.django_db

START = dt.datetime(2027, 3, 10, 17, 0, tzinfo=BERLIN)


def _calendar(message: Any) -> icalendar.Calendar:
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return icalendar.Calendar.from_ical(part.get_payload(decode=True))
    raise AssertionError("no calendar attachment")


@pytest.fixture
def members(beirat: Any, make_person: Any) -> list[Any]:
    people = [
        make_person("Aylin Demir", foreign=True, email="aylin@example.org"),
        make_person("Jonas Weber", email="jonas@example.org"),
        make_person("Ohne Adresse", email=""),
    ]
    return [member_add(actor=None, body=beirat, person=p) for p in people]


@time_machine.travel(dt.datetime(2027, 3, 1, 9, tzinfo=BERLIN), tick=False)
def test_the_invitation_carries_a_valid_calendar_file(
    smtp: Any, beirat: Any, members: Any, reviewer: Any
) -> None:
    meeting = meeting_create(
        actor=reviewer,
        body=beirat,
        data={
            "title": "3. Sitzung; Haushalt, Sprachkurse",
            "starts_at": START,
            "ends_at": START + dt.timedelta(hours=2),
            "place": "Landratsamt Nordhausen, Behringstraße 3, Raum 121",
            "is_public": True,
        },
    )
    agenda_item_create(
        actor=reviewer, meeting=meeting, data={"title": "Stellungnahme zum Integrationskonzept"}
    )
    result = meeting_invite(actor=reviewer, meeting=meeting)

    assert sorted(result.sent) == ["aylin@example.org", "jonas@example.org"]
    assert result.without_address == ["Ohne Adresse"]
    [message] = smtp.to("aylin@example.org")
    assert message["Subject"] == "Einladung: Integrationsbeirat am 10.03.2027"
    calendar = _calendar(message)
    assert str(calendar["METHOD"]) == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert str(event["UID"]) == f"{meeting.uid}@wegweiser"
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == START.astimezone(dt.UTC)
    assert event.decoded("DTEND") == (START + dt.timedelta(hours=2)).astimezone(dt.UTC)
    assert str(event["SUMMARY"]) == "3. Sitzung; Haushalt, Sprachkurse"  # escaped and unescaped again
    assert str(event["LOCATION"]) == "Landratsamt Nordhausen, Behringstraße 3, Raum 121"
    assert "TOP 1: Stellungnahme zum Integrationskonzept" in str(event["DESCRIPTION"])
    assert str(event["ATTENDEE"]) == "mailto:aylin@example.org"
    assert str(event["ORGANIZER"]) == "mailto:integration@example.org"
    assert "DTSTAMP" in event
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.INVITED
    assert Invitation.objects.filter(meeting=meeting, kind="invitation").count() == 2


@time_machine.travel(dt.datetime(2027, 3, 1, 9, tzinfo=BERLIN), tick=False)
def test_a_changed_time_sends_an_update_with_the_same_uid_and_a_higher_sequence(
    smtp: Any, beirat: Any, members: Any, reviewer: Any
) -> None:
    meeting = meeting_create(
        actor=reviewer,
        body=beirat,
        data={"starts_at": START, "ends_at": START + dt.timedelta(hours=2), "place": "Raum 121"},
    )
    meeting_invite(actor=reviewer, meeting=meeting)
    later = START + dt.timedelta(hours=1)
    meeting_update(
        actor=reviewer, meeting=meeting, data={"starts_at": later, "ends_at": later + dt.timedelta(hours=2)}
    )
    meeting_invite(actor=reviewer, meeting=meeting)
    first, second = smtp.to("jonas@example.org")
    assert str(make_header(decode_header(second["Subject"]))).startswith("Geändert:")
    old, new = _calendar(first).walk("VEVENT")[0], _calendar(second).walk("VEVENT")[0]
    assert str(old["UID"]) == str(new["UID"])
    assert int(new["SEQUENCE"]) == int(old["SEQUENCE"]) + 1
    assert new.decoded("DTSTART") == later.astimezone(dt.UTC)


def test_reminders_follow_the_moving_clock_and_go_out_once(smtp: Any, beirat: Any, members: Any) -> None:
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, tzinfo=BERLIN), tick=False) as clock:
        meeting = meeting_create(
            actor=None, body=beirat, data={"starts_at": START, "ends_at": START + dt.timedelta(hours=2)}
        )
        meeting_invite(actor=None, meeting=meeting)
        assert meeting_reminders_send() == {"meetings": 0, "sent": 0, "failed": 0}  # nine days ahead

        clock.move_to(START - dt.timedelta(hours=49))
        assert meeting_reminders_send()["sent"] == 0
        clock.move_to(START - dt.timedelta(hours=47))
        assert meeting_reminders_send() == {"meetings": 1, "sent": 2, "failed": 0}
        clock.move_to(START - dt.timedelta(hours=1))
        assert meeting_reminders_send()["meetings"] == 0  # once
        clock.move_to(START + dt.timedelta(minutes=1))
        assert meeting_reminders_send()["meetings"] == 0

    reminders = [m for m in smtp.to("aylin@example.org") if m["Subject"].startswith("Erinnerung")]
    assert len(reminders) == 1
    assert Invitation.objects.filter(kind="reminder").count() == 2


def test_the_scheduler_runs_the_reminder_job_every_hour() -> None:
    jobs = {job.id: job for job in scheduler.scheduler_jobs()}
    assert str(jobs["meeting-reminders"].trigger.fields[6]) == "12"  # minute


@time_machine.travel(dt.datetime(2027, 3, 1, 9, tzinfo=BERLIN), tick=False)
def test_a_meeting_that_has_begun_is_not_invited_to(beirat: Any, members: Any) -> None:
    start = dt.datetime(2027, 3, 1, 8, tzinfo=BERLIN)
    meeting = meeting_create(
        actor=None, body=beirat, data={"starts_at": start, "ends_at": start + dt.timedelta(hours=2)}
    )
    with pytest.raises(ValidationError):
        meeting_invite(actor=None, meeting=meeting)


def test_quorum_minutes_and_a_statement_on_a_measure(beirat: Any, make_person: Any, reviewer: Any) -> None:
    seats = [member_add(actor=None, body=beirat, person=make_person()) for _ in range(9)]
    guest = member_add(actor=None, body=beirat, person=make_person(), role="guest")
    start = dt.datetime(2026, 1, 10, 17, tzinfo=BERLIN)
    meeting = meeting_create(
        actor=reviewer, body=beirat, data={"starts_at": start, "ends_at": start + dt.timedelta(hours=2)}
    )
    for seat in seats[:4]:
        attendance_record(actor=reviewer, meeting=meeting, member=seat, status="present")
    attendance_record(actor=reviewer, meeting=meeting, member=guest, status="present")
    quorum = meeting_quorum(meeting=meeting)
    assert (quorum.voting_members, quorum.present, quorum.required, quorum.reached) == (9, 4, 5, False)
    attendance_record(actor=reviewer, meeting=meeting, member=seats[4], status="present")
    assert meeting_quorum(meeting=meeting).reached

    minutes_record(actor=reviewer, meeting=meeting, minutes="## TOP 1\n\nDer Beirat empfiehlt …")
    minutes_publish(actor=reviewer, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD and meeting.minutes_published_at is not None
    resolution = resolution_create(
        actor=reviewer,
        meeting=meeting,
        data={"kind": "statement", "text": "Der Beirat befürwortet die Maßnahme."},
    )
    assert resolution.meeting == meeting


def test_folding_keeps_lines_within_75_octets_and_utf8_characters_whole() -> None:
    line = "DESCRIPTION:" + "äöü" * 60
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
    text = calendar_text(
        CalendarEvent(
            uid="x@y",
            sequence=0,
            starts_at=START,
            ends_at=START + dt.timedelta(hours=1),
            summary="a\\b;c,d\ne",
        ),
        dtstamp=START,
    )
    assert "SUMMARY:a\\\\b\\;c\\,d\\ne\r\n" in text
    assert str(icalendar.Calendar.from_ical(text).walk("VEVENT")[0]["SUMMARY"]) == "a\\b;c,d\ne"
