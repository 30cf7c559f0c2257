"""The back office's 'Einladungen senden' action: reviewers send the invitations (they arrive at
the local SMTP server); editors and planners may read meetings but not send; another district's
meeting is not touched."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from wegweiser.network.models import Meeting
from wegweiser.network.services.bodies import member_add
from wegweiser.network.services.meetings import meeting_create

pytestmark = pytest.mark.django_db

URL = "/admin/network/meeting/"


@pytest.fixture
def meeting(beirat: Any, make_person: Any) -> Meeting:
    for name in ("Aylin Demir", "Jonas Weber"):
        member_add(
            actor=None, body=beirat, person=make_person(name, email=f"{name.split()[0].lower()}@example.org")
        )
    start = timezone.now() + dt.timedelta(days=10)
    return meeting_create(
        actor=None,
        body=beirat,
        data={"starts_at": start, "ends_at": start + dt.timedelta(hours=2), "is_public": True},
    )


def _send(user: Any, meeting: Meeting) -> Any:
    client = Client()
    client.force_login(user)
    return client.post(
        URL, {"action": "send_invitations", "_selected_action": [str(meeting.pk)]}, follow=True
    )


def test_a_reviewer_sends_the_invitations_from_the_meeting_list(
    smtp: Any, reviewer: Any, meeting: Meeting
) -> None:
    response = _send(reviewer, meeting)
    assert response.status_code == 200
    assert "Einladungen an 2 Adressen versandt" in response.content.decode()
    assert sorted(r for rcpts, _m in smtp.messages for r in rcpts) == [
        "aylin@example.org",
        "jonas@example.org",
    ]
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.INVITED


def test_editors_planners_and_other_districts_send_nothing(
    smtp: Any, editor: Any, planner: Any, other_reviewer: Any, meeting: Meeting
) -> None:
    for user in (editor, planner):
        client = Client()
        client.force_login(user)
        assert client.get(URL).status_code == 200  # they read the list
        _send(user, meeting)
    _send(other_reviewer, meeting)
    assert smtp.messages == []
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED
