"""In headless Chromium (Debian's package through Playwright), a reviewer of the office:
creates a Beirat meeting, sends the invitations (a real local SMTP server receives them, each with
an iCalendar file), records and publishes the minutes (the public body page shows them); opens
the GDPR review list and the anonymise-or-delete page; and takes a council inquiry from receipt
to the exported letter. Every back-office page passes axe-core (WCAG 2.1 A/AA), has no nested
form, and is photographed at 360 and 1366 px in ``test-artifacts/backoffice/network-*``."""

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from wegweiser.backoffice.tests.test_browser_flows import PageChecks, chromium, staff_login  # noqa: F401
from wegweiser.council.models import Inquiry
from wegweiser.network.models import Body, Meeting
from wegweiser.network.services.bodies import member_add
from wegweiser.network.services.meetings import agenda_item_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _message(page: Any) -> Any:
    from playwright.sync_api import expect

    messages = page.locator("ul.messagelist")
    expect(messages).to_be_visible()
    return messages


def test_reviewer_creates_a_meeting_invites_the_beirat_and_records_the_minutes(
    chromium: Any,  # noqa: F811
    live_server: Any,
    beirat: Body,
    make_person: Any,
    reviewer: Any,
    smtp: Any,
    request: pytest.FixtureRequest,
) -> None:
    request_finalizer = request.addfinalizer
    from playwright.sync_api import expect

    for name in ("Amal Haddad", "Bea Krüger", "Chen Wei"):
        member_add(actor=reviewer, body=beirat, person=make_person(name))
    make_person("Dana Ohnesitz")  # a person in the review list without a seat
    base, checks = live_server.url, PageChecks()
    page = chromium.new_page(viewport={"width": 1366, "height": 900})
    staff_login(page, base, "reviewer")

    page.goto(f"{base}/admin/network/meeting/add/")
    page.select_option("#id_body", label="Integrationsbeirat")
    page.fill("#id_title", "Sitzung des Integrationsbeirats")
    day = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    page.fill("#id_starts_at_0", day)
    page.fill("#id_starts_at_1", "17:00")
    page.fill("#id_ends_at_0", day)
    page.fill("#id_ends_at_1", "19:00")
    page.fill("#id_place", "Landratsamt, Sitzungssaal")
    page.check("#id_is_public")
    checks(page, "network-meeting-add")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/network/meeting/$"))
    meeting = Meeting.objects.get(title="Sitzung des Integrationsbeirats")
    checks(page, "network-meeting-list")

    page.check(f"input[name=_selected_action][value='{meeting.pk}']")
    page.select_option("select[name=action]", "send_invitations")
    page.click("button[name=index]")
    expect(_message(page)).to_contain_text("3")
    assert len(smtp.messages) == 3
    for _rcpts, message in smtp.messages:
        parts = [p.get_content_type() for p in message.walk()]
        assert "text/calendar" in parts

    page.goto(f"{base}/admin/network/meeting/{meeting.pk}/change/")
    expect(page.locator("#id_minutes")).to_be_visible()
    page.fill("#id_minutes", "## Niederschrift\n\nDer Beirat berät den Integrationsbericht.")
    page.click("input[name=_continue]")  # before the meeting: refused on the form, nothing saved
    expect(page.locator(".errorlist")).to_contain_text("erst ab Beginn der Sitzung")
    checks(page, "network-meeting-minutes-refused")
    # After the meeting (the server's clock moved on): the minutes are recorded.
    traveller = time_machine.travel(meeting.ends_at + dt.timedelta(hours=1), tick=True)
    traveller.start()
    request_finalizer(traveller.stop)
    for position, title in enumerate(["Begrüßung", "Bericht zur Umsetzung des Integrationskonzepts"], 1):
        agenda_item_create(
            actor=reviewer,
            meeting=meeting,
            data={"position": position, "title": title, "text": "Erläuterung " * 30, "is_public": True},
        )
    page.goto(f"{base}/admin/network/meeting/{meeting.pk}/change/")
    expect(page.locator("#id_minutes")).to_be_visible()
    page.fill("#id_minutes", "## Niederschrift\n\nDer Beirat berät den Integrationsbericht.")
    # The agenda items are set one below the other, each field with its label (a table of them was
    # 2,439 px wide at 1366 px, its inputs named by nothing but a column heading).
    expect(page.locator("label[for=id_agenda_items-1-title]")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    checks(page, "network-meeting-change")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/network/meeting/$"))
    _message(page)
    meeting.refresh_from_db()
    assert meeting.minutes.startswith("## Niederschrift") and meeting.status == Meeting.Status.HELD

    page.check(f"input[name=_selected_action][value='{meeting.pk}']")
    page.select_option("select[name=action]", "publish_minutes")
    page.click("button[name=index]")
    _message(page)
    meeting.refresh_from_db()
    assert meeting.minutes_published_at is not None

    page.goto(f"{base}/admin/network/person/pruefung/")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("table.review-list")).to_contain_text("Dana Ohnesitz")
    checks(page, "network-person-review")
    page.locator("tr", has_text="Dana Ohnesitz").locator("text=Anonymisieren oder löschen").click()
    page.wait_for_url(re.compile(r"/anonymisieren/$"))
    page.wait_for_load_state()
    checks(page, "network-person-erase")
    page.click("button:has-text('Jetzt löschen')")
    page.wait_for_url(re.compile(r"/admin/network/person/$"))
    expect(_message(page)).to_contain_text("Erledigt")
    checks.assert_clean()


def test_reviewer_takes_an_inquiry_from_receipt_to_the_exported_letter(
    chromium: Any,  # noqa: F811
    live_server: Any,
    reviewer: Any,
    district: Any,
) -> None:
    from playwright.sync_api import expect

    base, checks = live_server.url, PageChecks()
    page = chromium.new_page(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    staff_login(page, base, "reviewer")
    page.goto(f"{base}/admin/council/inquiry/add/")
    today = timezone.localdate()
    page.fill("#id_reference", "AF/0815")
    page.fill("#id_asked_by", "Fraktion Beispiel")
    page.fill("#id_address", "Kreistag\nGeschäftsstelle")
    page.fill("#id_received_on", today.isoformat())
    page.fill("#id_deadline", (today + dt.timedelta(days=5)).isoformat())
    page.fill("#id_subject", "Sprachkurse im Landkreis")
    page.fill("#id_question", "Wie viele Sprachkurse gibt es?")
    checks(page, "network-inquiry-add")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/council/inquiry/$"))
    inquiry = Inquiry.objects.get(reference="AF/0815")

    page.goto(f"{base}/admin/council/inquiry/fristen/")
    expect(page.locator("#content")).to_contain_text("Sprachkurse im Landkreis")
    checks(page, "network-inquiry-deadlines")

    page.goto(f"{base}/admin/council/inquiry/{inquiry.pk}/change/")
    expect(page.locator("#id_answer")).to_be_visible()
    page.fill("#id_answer", "Im Landkreis gibt es {{ anzahl }} Angebote.")
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    expect(page.locator("#id_answer")).to_have_value(re.compile("anzahl"))
    page.goto(f"{base}/admin/council/inquiry/")
    page.check(f"input[name=_selected_action][value='{inquiry.pk}']")
    page.select_option("select[name=action]", "mark_answered")
    page.click("button[name=index]")
    _message(page)
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.ANSWERED and inquiry.letter

    page.goto(f"{base}/admin/council/inquiry/{inquiry.pk}/change/")
    link = page.locator("a[href$='brief.pdf']")
    expect(link).to_be_visible()
    checks(page, "network-inquiry-answered")
    with page.expect_download() as download:
        link.click()
    path = download.value.path()
    assert Path(path).read_bytes()[:4] == b"%PDF"
    checks.assert_clean()
