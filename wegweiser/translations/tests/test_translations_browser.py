"""In a real browser (Debian's Chromium through Playwright): an editor opens an offer, goes to
its translations, ticks two languages and translates by machine (the test double), reviews the
English one, and the public page labels only the unreviewed translation. axe-core checks the
translations page (WCAG 2.1 A/AA)."""

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from wegweiser.backoffice.tests.test_revisions_browser import browser, check_accessibility, logged_in
from wegweiser.core.models import Language

__all__ = ["browser"]  # the fixture, used by name

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_editor_translates_an_offer_by_clicking(
    browser: Any, live_server: Any, make_offer: Callable, editor: Any, settings: Any
) -> None:
    settings.WEGWEISER_MT_ENGINE = "fake"
    offer = make_offer("Sprachcafé am Mittwoch", short_description="Deutsch sprechen üben.")
    offer.district.languages.set(Language.objects.filter(code__in=["en", "ar"]))
    base = live_server.url
    problems: dict[str, str] = {}

    page = logged_in(browser, base, "editor")
    page.goto(f"{base}/admin/catalog/offer/{offer.pk}/change/")
    page.get_by_role("link", name="Übersetzungen").first.click()
    page.wait_for_url(f"**/admin/catalog/offer/{offer.pk}/translations/")
    page.get_by_label("Englisch").check()
    page.get_by_label("Arabisch").check()
    page.get_by_role("button", name="Übersetzen").click()
    expect(page.locator(".messagelist")).to_contain_text("Maschinell übersetzt in: en, ar")
    expect(page.locator("#translation-ar")).to_contain_text("[ar] Sprachcafé am Mittwoch")
    expect(page.locator("#translation-en")).to_contain_text("maschinell übersetzt, nicht geprüft")
    check_accessibility(page, "offer_translations", problems, {"include": [["#content-main"]]})

    page.locator("#translation-en").get_by_role("link", name="Prüfen").click()
    page.wait_for_url("**/translations/en/")
    page.get_by_label("Name").fill("Language café on Wednesdays")
    page.get_by_role("button", name="Als geprüft speichern").click()
    expect(page.locator("#translation-en")).to_contain_text("Language café on Wednesdays")
    expect(page.locator("#translation-en")).to_contain_text("geprüft")

    visitor = browser.new_page()
    visitor.goto(f"{base}/de/angebote/{offer.slug}/?lang=en")
    expect(visitor.locator("h1")).to_contain_text("Language café on Wednesdays")
    expect(visitor.locator(".machine-translation-note")).to_have_count(0)
    visitor.goto(f"{base}/de/angebote/{offer.slug}/?lang=ar")
    expect(visitor.locator(".machine-translation-note")).to_have_text("maschinell übersetzt")
    assert not problems, "\n\n".join(f"{k}:\n{v}" for k, v in problems.items())
