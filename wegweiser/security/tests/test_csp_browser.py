"""The Content-Security-Policy breaks nothing: headless Chromium (Debian's) opens the start page,
a results page, an offer page, the API docs, the admin login and admin pages with widgets, and
reports no CSP violation (console errors or securitypolicyviolation events)."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from wegweiser.catalog.models import Offer
from wegweiser.demo.services import demo_district_load
from wegweiser.directory.tests.test_accessibility import CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || ''));
});
"""


@pytest.fixture
def chromium_page(live_server: Any) -> Iterator[tuple[Any, list[str]]]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (make system-deps).")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    console: list[str] = []
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
        )
        page = browser.new_page()
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
        yield page, console
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def test_pages_load_without_csp_violations(chromium_page: tuple[Any, list[str]], live_server: Any) -> None:
    page, console = chromium_page
    demo_district_load()
    get_user_model().objects.create_superuser("chefin", "chefin@example.org", "geheim-Passwort-1")
    offer = Offer.objects.filter(state=Offer.State.PUBLISHED).first()
    assert offer is not None
    violations: dict[str, list[str]] = {}

    def visit(path: str) -> None:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("load")
        found = page.evaluate("window.__csp") + [m for m in console if "Content Security Policy" in m]
        console.clear()
        if found:
            violations[path] = found

    for path in ("/de/", "/de/angebote/?q=Beratung", f"/de/angebote/{offer.slug}/", "/api/hsds/v3/docs/"):
        visit(path)
    visit("/admin/login/")
    page.fill("#id_username", "chefin")
    page.fill("#id_password", "geheim-Passwort-1")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    for path in (
        "/admin/",
        "/admin/catalog/offer/",
        f"/admin/catalog/offer/{offer.pk}/change/",
        "/admin/catalog/offer/add/",
    ):
        visit(path)
    assert not violations, violations
