"""Headless Chromium (Debian's package) driven by Playwright opens the public pages in German
and English and runs axe-core's WCAG 2.1 A/AA rules on them."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from wegweiser.catalog.models import Offer
from wegweiser.demo.services import demo_district_load

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"

# Transactional (the live server reads in another thread); serialized_rollback restores the
# vocabularies and languages that migrations seeded, for the tests that run afterwards.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def browser_page(live_server: Any) -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (make system-deps).")
    demo_district_load()
    # Playwright's sync API runs an event loop in this thread; the test's own database
    # access happens before and after, never concurrently.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
        yield page
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def test_public_pages_have_no_wcag_21_aa_violations(browser_page: Any, live_server: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    offer = Offer.objects.get(name="Sprachcafé am Mittwoch")
    pages = []
    for lang in ["de", "en"]:
        pages += [f"/{lang}/", f"/{lang}/angebote/?q=Beratung", f"/{lang}/angebote/{offer.slug}/"]
    pages += [f"/en/angebote/{offer.slug}/?lang=ar", "/de/angebote/?lang=uk&field=beratung"]
    ARTIFACTS.mkdir(exist_ok=True)
    problems = {}
    for path in pages:
        response = browser_page.goto(live_server.url + path)
        assert response.status == 200, path
        results = axe.run(browser_page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        name = path.strip("/").replace("/", "_").replace("?", "_").replace("&", "_").replace("=", "-")
        browser_page.screenshot(path=str(ARTIFACTS / f"{name or 'root'}.png"))
        assert results.response["passes"], "axe-core ran no rule"
        if results.violations_count:
            problems[path] = results.generate_report()
    assert not problems, "\n\n".join(f"{p}\n{r}" for p, r in problems.items())


def test_search_works_without_javascript(live_server: Any) -> None:
    """The same flow with JavaScript switched off: the form submits, filters apply."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    demo_district_load()
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with playwright_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_context(java_script_enabled=False).new_page()
            page.goto(live_server.url + "/de/")
            page.fill("#search-q", "Sprachcafe")
            page.click("form[role=search] button[type=submit]")  # not the language chooser's
            assert "/de/angebote/?q=Sprachcafe" in page.url
            page.click("summary")  # the filter panel opens without JavaScript
            page.check("input[name=municipality][value=bleicherode]")
            page.click("text=Filter anwenden")
            assert "Sprachcafé Bleicherode" in page.content()
            assert "1 Angebot gefunden" in page.content()
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
