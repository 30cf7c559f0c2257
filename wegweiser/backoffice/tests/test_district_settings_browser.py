"""In a real browser (Playwright driving Debian's Chromium, as the directory's accessibility tests
do): a reviewer logs in, changes the confirmation period on the district's settings page and saves;
axe-core finds no WCAG 2.1 A/AA violation on the page."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from wegweiser.core.models import AuditEntry
from wegweiser.districts.models import District

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def browser_page(live_server: Any) -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (make system-deps).")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="de-DE")
        yield page
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def test_reviewer_changes_the_confirmation_period_in_the_browser(
    browser_page: Any, live_server: Any, district: District, reviewer: Any
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = browser_page
    page.goto(f"{live_server.url}/admin/login/?next=/admin/districts/district/{district.pk}/change/")
    page.get_by_label("Benutzername").fill("reviewer")
    page.get_by_label("Passwort").fill("pw")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"**/admin/districts/district/{district.pk}/change/")

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "admin_district_settings.png"), full_page=True)
    assert results.response["passes"], "axe-core ran no rule"
    assert not results.violations_count, results.generate_report()

    page.get_by_label("Prüfung fällig nach (Monaten)").fill("6")
    page.get_by_role("button", name="Sichern", exact=True).click()
    page.wait_for_url("**/admin/districts/district/")
    assert "erfolgreich geändert" in page.content()

    district.refresh_from_db()
    assert district.stale_after_months == 6
    entry = AuditEntry.objects.get(object_type="districts.district", object_id=str(district.pk))
    assert entry.actor == reviewer
