"""The back office's 'Einladungen senden' action: reviewers send the invitations (they arrive at
the local SMTP server); editors and planners may read meetings but not send; another district's
meeting is not touched. Every stylesheet and script of the meeting pages (and what their
stylesheets @import) resolves to a static file or answers 200."""

import datetime as dt
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
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


def _asset_urls(page: str) -> list[str]:
    """Every stylesheet and script the page asks for: <link href>, <script src> and CSS @import."""
    found = re.findall(r"<link\b[^>]*\bhref=\"([^\"]+)\"", page)
    found += re.findall(r"<script\b[^>]*\bsrc=\"([^\"]+)\"", page)
    found += re.findall(r"@import\s+(?:url\()?[\"']?([^\"')\s;]+)", page)
    return found


# A 404 for ".../meeting/<pk>/change/widgets.css" in the browser tests' logs is axe-core's doing:
# it fetches stylesheets by XHR and resolves Django's ``@import url('widgets.css')`` in
# admin/css/forms.css against the page instead of the stylesheet. Browsers load
# /static/admin/css/widgets.css, as this test checks.
@pytest.mark.parametrize("which", ["list", "add", "change"])
def test_every_stylesheet_and_script_of_the_meeting_pages_resolves(
    reviewer: Any, meeting: Meeting, which: str
) -> None:
    client = Client()
    client.force_login(reviewer)
    page_url = {"list": URL, "add": f"{URL}add/", "change": f"{URL}{meeting.pk}/change/"}[which]
    response = client.get(page_url)
    assert response.status_code == 200
    page = response.content.decode()
    urls = _asset_urls(page)
    assert any(u.endswith(".css") for u in urls) and any(u.endswith(".js") for u in urls)
    pending = [(found, f"http://testserver{page_url}") for found in urls]
    seen: set[str] = set()
    while pending:  # the page's own URLs, then what its stylesheets @import (relative to them)
        found, base = pending.pop()
        if found.startswith(("http://", "https://", "//", "data:")):
            continue
        path = urlsplit(urljoin(base, found)).path
        if path in seen:
            continue
        seen.add(path)
        if not path.startswith(settings.STATIC_URL):
            assert client.get(path).status_code == 200, f"{found} (from {base}) does not answer 200"
            continue
        file = finders.find(path.removeprefix(settings.STATIC_URL))
        assert file, f"{found} (from {base}) is not a static file"
        if path.endswith(".css"):
            css = Path(str(file)).read_text(encoding="utf-8")
            pending += [(url, f"http://testserver{path}") for url in _asset_urls(css)]
    assert f"{settings.STATIC_URL}admin/css/widgets.css" in seen or which == "list"
