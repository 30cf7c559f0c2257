"""In a real browser (Playwright driving Debian's Chromium): a planner logs in, reads on the start
page what waits, clicks through to the freshness page and on to the overdue offers, on a phone
(360 px) and on a desktop (1366 px); axe-core finds no WCAG 2.1 A/AA violation on any of these
pages (with the data tables opened)."""

import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from wegweiser.catalog.models import Offer
from wegweiser.catalog.tests.factories import OrganisationFactory
from wegweiser.districts.models import District
from wegweiser.freshness.models import ConfirmationRequest, FreshnessSnapshot

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def playwright_browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (make system-deps).")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync"],
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def catalog(district: District, make_offer: Callable) -> None:
    today = timezone.localdate()
    organisations = [OrganisationFactory(district=district, name=f"Verein {n} (Demo)") for n in range(4)]
    offers = [
        make_offer(f"Angebot {n}", organisation=organisations[n % 4], fields=(("wohnen", "beratung")[n % 2],))
        for n in range(10)
    ]
    Offer.objects.filter(pk__in=[o.pk for o in offers[:3]]).update(assured_date=dt.date(2025, 1, 10))
    ConfirmationRequest.objects.create(
        district=district,
        organisation=organisations[0],
        offer=offers[0],
        due_date=dt.date(2026, 1, 10),
        requested_at=timezone.now() - dt.timedelta(days=20),
        reminded_at=timezone.now() - dt.timedelta(days=6),
    )
    FreshnessSnapshot.objects.bulk_create(
        FreshnessSnapshot(
            district=district, day=today - dt.timedelta(days=d), published=10, confirmed=4 + (120 - d) // 40
        )
        for d in range(120, -1, -1)
    )


def _axe_clean(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert results.response["passes"], "axe-core ran no rule"
    assert not results.violations_count, results.generate_report()


@pytest.mark.parametrize("width", [360, 1366])
def test_planner_clicks_from_the_start_page_to_the_freshness_figures(
    playwright_browser: Any, live_server: Any, catalog: None, planner: Any, width: int
) -> None:
    page = playwright_browser.new_page(viewport={"width": width, "height": 800}, locale="de-DE")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.get_by_label("Benutzername").fill("planner")
    page.get_by_label("Passwort").fill("pw")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/admin/")

    start = page.get_by_role("region", name="Das wartet auf Sie")
    assert "3 Angebote überfällig" in start.inner_text()
    assert "1 Anfrage unbeantwortet" in start.inner_text()
    page.screenshot(path=str(SCREENSHOTS / f"staff_start_{width}.png"), full_page=True)
    _axe_clean(page)

    start.get_by_role("link", name="Aktualität des Katalogs").click()
    page.wait_for_url("**/admin/catalog/offer/freshness/")
    assert page.get_by_role("heading", name="Aktualität des Katalogs", level=1).is_visible()
    assert "7 von 10 veröffentlichten Angeboten" in page.inner_text("#content-main")
    assert page.get_by_role("img", name="Anteil bestätigter Angebote pro Tag, letzte 12 Monate").is_visible()
    page.screenshot(path=str(SCREENSHOTS / f"freshness_dashboard_{width}.png"), full_page=True)
    _axe_clean(page)
    page.screenshot(path=str(SCREENSHOTS / f"freshness_dashboard_tables_{width}.png"), full_page=True)

    page.get_by_role("navigation", name="Seiten zur Aktualität").get_by_role(
        "link", name="Überfällige Angebote"
    ).click()
    page.wait_for_url("**/freshness/overdue/")
    assert page.get_by_role("link", name="Angebot 0").is_visible()
    page.screenshot(path=str(SCREENSHOTS / f"freshness_overdue_{width}.png"), full_page=True)
    _axe_clean(page)
    page.close()
