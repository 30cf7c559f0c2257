"""At 360 px width (a phone) in headless Chromium (Debian's package): the change history on a
back-office object page and the download links of the committee reports fit the width without
scrolling the page sideways (WCAG 1.4.10). The history table scrolls in its own labelled,
focusable region; the reports' Word and PDF links are visible without scrolling at all. axe-core
checks the history and the report list; both are photographed at 360 and 1366 px in ``test-artifacts/backoffice/narrow-*``."""

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from wegweiser.backoffice.tests.test_browser_flows import (  # noqa: F401
    ARTIFACTS,
    WCAG_21_AA,
    WIDTHS,
    PageChecks,
    chromium,
    staff_login,
)
from wegweiser.demo.reports import POVERTY
from wegweiser.demo.services import demo_district_load
from wegweiser.network.models import Meeting
from wegweiser.reports.models import ReportTemplate
from wegweiser.reports.services import report_build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NARROW = {"width": 360, "height": 800}


def _page_width(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def _screenshots(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(NARROW)


def test_history_and_report_downloads_fit_360_px(chromium: Any, live_server: Any) -> None:  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    demo_district_load()
    planner = get_user_model().objects.get(username="planung")
    report = report_build(actor=planner, template=ReportTemplate.objects.get(slug=POVERTY))
    meeting = Meeting.objects.filter(is_demo=True, minutes_published_at__isnull=False).first()
    assert meeting is not None
    base, checks = live_server.url, PageChecks()

    # A meeting's change history (the demo's past meeting: changes with long values).
    page = chromium.new_page(viewport=NARROW)
    staff_login(page, base, "pruefung", "demo-pruefung")
    page.goto(f"{base}/admin/network/meeting/{meeting.pk}/change/")
    history = page.locator("table.audit")
    expect(history).to_be_visible()
    assert history.locator("tbody tr").count() > 0
    region = page.locator(".table-scroll:has(table.audit)")
    expect(region).to_have_attribute("tabindex", "0")
    expect(region).to_have_attribute("role", "region")
    expect(region).to_have_attribute("aria-label", "Änderungsverlauf")
    assert _page_width(page) <= 360, f"history page is {_page_width(page)} px wide"
    box = region.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, box  # not cut off
    # axe-core on the history only: the meeting's tabular inlines are another matter (unlabelled
    # inputs in Django's tabular inline rows).
    results = Axe().run(
        page,
        context="fieldset:has(.audit-scroll)",
        options={"runOnly": {"type": "tag", "values": WCAG_21_AA}},
    )
    assert results.response["passes"] and not results.violations_count, results.generate_report()
    _screenshots(page, "narrow-meeting-history")
    page.close()

    # The committee reports' list: Word and PDF of the report in view without any scrolling.
    page = chromium.new_page(viewport=NARROW)
    staff_login(page, base, "planung", "demo-planung")
    page.goto(f"{base}/planung/berichte/")
    links = page.locator(f'a[href$="/{report.pk}/docx/"], a[href$="/{report.pk}/pdf/"]')
    expect(links).to_have_count(2)
    assert _page_width(page) <= 360, f"report list is {_page_width(page)} px wide"
    for i in range(2):
        box = links.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    reports = page.locator(".table-scroll:has(table.reports)")
    assert reports.evaluate("e => e.scrollWidth <= e.clientWidth"), "the reports table scrolls sideways"
    checks(page, "narrow-report-list")
    page.close()
    checks.assert_clean()
