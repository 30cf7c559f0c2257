"""A planner clicks through the planning workspace in headless Chromium (Debian's package):
logs in, opens the district overview, chooses a field of action, a need indicator and a date to
compare with, opens a municipality's profile and the matrix, saves two analyses and compares
them. axe-core's WCAG 2.1 A/AA rules run on every page (overview, with a need, profile, matrix,
frozen detail, list and comparison, the section of searches without results on the overview and
the profile); no page is wider than a 360 px screen; screenshots at 360 and 1366 px go to
test-artifacts/planning/."""

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from wegweiser.demo.services import demo_district_load
from wegweiser.districts.models import Municipality
from wegweiser.districts.setup import district_setup
from wegweiser.planning.models import Indicator, IndicatorValue

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "planning"
WIDTHS = (360, 1366)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def chromium(live_server: Any) -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (make system-deps).")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with playwright_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
            )
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def _demo_with_boundaries_and_need() -> None:
    demo_district_load()
    district = district_setup(actor=None, key="16062").district  # boundaries and centres
    # A need indicator of the test's own (the demo has one with the code "auslaender-18-64").
    need = Indicator.objects.create(
        district=district,
        code="auslaender-18-64-test",
        name="Ausländer 18–64 (Demo)",
        unit="Personen",
        is_demo=True,
    )
    for index, municipality in enumerate(Municipality.objects.filter(district=district).order_by("ags")):
        IndicatorValue.objects.create(
            indicator=need,
            municipality=municipality,
            date=dt.date(2025, 12, 31),
            value=40 + (index * 37) % 300 + (2500 if municipality.ags == "16062041" else 0),
        )


def test_planner_clicks_through_the_workspace(chromium: Any, live_server: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    _demo_with_boundaries_and_need()
    axe = Axe()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: dict[str, str] = {}
    page = chromium.new_page(viewport={"width": 1366, "height": 900}, locale="de-DE")
    base = live_server.url

    def check(name: str) -> None:
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        assert results.response["passes"], "axe-core ran no rule"
        if results.violations_count:
            problems[name] = results.generate_report()
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
            # Nothing makes the page wider than the screen: wide tables scroll in their region.
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                problems[f"{name}-{width}"] = f"page is {scroll_width} px wide at a {width} px screen"
        page.set_viewport_size({"width": 1366, "height": 900})

    page.goto(f"{base}/planung/")
    assert "/admin/login/" in page.url  # anonymous: to the login
    page.fill("#id_username", "planung")
    page.fill("#id_password", "demo-planung")
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/planung/")
    assert page.locator('svg.map path[data-ags="16062041"]').count() == 1
    # The demand signal: the demo's invented searches without results, by field of action.
    assert "Suchen ohne Treffer" in page.inner_text("#demand-heading")
    assert "Familie & Kinder" in page.inner_text("#demand-fields")  # "kita" through the demo's synonym
    assert page.locator("svg[aria-labelledby^='demand-bars']").count() == 1
    check("overview")

    page.select_option("#id_field", label="Sprache & Bildung")
    page.select_option("#id_indicator", label="Ausländer 18–64 (Demo)")
    page.fill("#id_since", "2026-01-01")
    page.click(".filters button[type=submit]")
    page.wait_for_load_state()
    assert "Ausländer 18–64 (Demo)" in page.inner_text("#overview-table")
    assert page.locator("#overview-table td.flag").count() >= 1  # a municipality below the median
    check("overview-need")

    page.click("#overview-table >> text=Nordhausen, Stadt")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Nordhausen, Stadt")
    assert "kita platz" in page.inner_text("#demand-texts")  # searches that chose Nordhausen
    check("municipality")

    page.click("nav >> text=Matrix")
    page.wait_for_load_state()
    assert "Sprache & Bildung" in page.inner_text("#matrix-table")
    check("matrix")

    page.click("nav >> text=Kreisübersicht")
    page.wait_for_load_state()
    with page.expect_download() as download:
        page.click("text=Ganze Analyse als PDF")
    assert download.value.suggested_filename.endswith(".pdf")
    download.value.save_as(str(ARTIFACTS / "analysis.pdf"))

    page.fill("#freeze-name", "Bestandsanalyse Test")
    page.click(".freeze button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Bestandsanalyse Test"
    check("frozen-detail")
    page.click("nav >> text=Gespeicherte Analysen")
    page.wait_for_load_state()
    check("frozen-list")
    page.click("nav >> text=Kreisübersicht")
    page.wait_for_load_state()
    page.fill("#freeze-name", "Bestandsanalyse Test 2")
    page.click(".freeze button[type=submit]")
    page.wait_for_load_state()
    assert "Suchen ohne Treffer" in page.inner_text("main")  # frozen with the demand tables
    page.click("nav >> text=Gespeicherte Analysen")
    page.wait_for_load_state()
    page.click("button:has-text('Vergleichen')")
    page.wait_for_load_state()
    assert "Nordhausen, Stadt" in page.inner_text("#compare-table")
    check("frozen-compare")
    assert not problems, "\n\n".join(f"{k}\n{v}" for k, v in problems.items())
