"""Searching near a place on a phone (360 px, headless Chromium; the form, the order and the map
need no JavaScript): the visitor types a postcode, sees the results nearest first with their distances and the
map with numbered markers; axe-core finds no WCAG 2.1 A/AA violation. Screenshot in
``test-artifacts/directory/``."""

from pathlib import Path
from typing import Any

import pytest

from wegweiser.backoffice.tests.test_browser_flows import WCAG_21_AA, chromium  # noqa: F401  (fixture)
from wegweiser.directory.tests.test_near_views import located  # noqa: F401  (fixture)

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "directory"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_visitor_on_a_phone_searches_near_a_postcode_and_sees_map_and_distances(
    chromium: Any,  # noqa: F811
    live_server: Any,
    located: None,  # noqa: F811
) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    # JavaScript stays on only because axe-core needs it (evaluate hangs without): the page
    # itself sends no script for this (the view tests read the plain HTML).
    page = chromium.new_context(viewport={"width": 360, "height": 800}, locale="de-DE").new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{live_server.url}/de/angebote/?q=Beratung")
    page.fill("#search-near", "99734")
    page.click(".search-box button[type=submit]")
    page.wait_for_url("**near=99734**")
    page.wait_for_load_state()
    expect(page.locator(".near-note")).to_contain_text("99734 Nordhausen")
    expect(page.locator(".result-map")).to_be_visible()
    expect(page.locator(".result-map .marker")).to_have_count(2)
    expect(page.locator(".cards .card").first).to_contain_text("Beratung Mitte")
    expect(page.locator(".cards .card .distance").first).to_contain_text("0,1 km entfernt (Luftlinie)")
    expect(page.locator(".cards .card .number").first).to_have_text("1.")
    box = page.locator(".result-map").bounding_box()
    assert box is not None and box["width"] <= 360  # fits the phone's width
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    violations = [
        f"{v['id']}: {v['help']} — {node['target']}"
        for v in results.response["violations"]
        for node in v["nodes"]
    ]
    assert not violations, "\n".join(violations)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "near-postcode-360.png"), full_page=True)
