"""The interface languages in headless Chromium (Debian's package, Playwright) on a 360 px
phone: start, results, offer and partner login pages in German, Leichte Sprache, Ukrainian,
Turkish, Arabic and Farsi carry the right ``lang``/``dir``; the language chooser (a plain GET
form) keeps the search and the filters; axe-core finds no WCAG 2.1 A/AA violation.
Screenshots of every page land in ``test-artifacts/languages/``."""

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
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "languages"
# code: (html lang, dir, the chooser's option text)
LANGUAGES = {
    "de": ("de", "ltr", "Deutsch"),
    "de-ls": ("de-x-ls", "ltr", "Leichte Sprache"),
    "uk": ("uk", "ltr", "Українська"),
    "tr": ("tr", "ltr", "Türkçe"),
    "ar": ("ar", "rtl", "العربية"),
    "fa": ("fa", "rtl", "فارسی / دری"),
}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def phone(live_server: Any) -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (make system-deps).")
    demo_district_load()
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )  # fmt: skip
        # The pages run no JavaScript of their own; axe-core needs it to run.
        yield browser.new_page(viewport={"width": 360, "height": 740})
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def test_pages_in_six_languages_carry_lang_dir_keep_the_search_and_pass_axe(
    phone: Any, live_server: Any
) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    axe = Axe()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    offer = Offer.objects.get(name="Sprachcafé am Mittwoch")
    problems: dict[str, str] = {}

    def check(name: str, lang: str, direction: str) -> None:
        expect(phone.locator("html")).to_have_attribute("lang", lang)
        expect(phone.locator("html")).to_have_attribute("dir", direction)
        phone.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=not name.endswith("results"))
        results = axe.run(phone, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        assert results.response["passes"], "axe-core ran no rule"
        if results.violations_count:
            problems[name] = results.generate_report()

    for code, (lang, direction, option) in LANGUAGES.items():
        # The chooser on a German results page with a search and a filter: same search, same filter.
        phone.goto(live_server.url + "/de/angebote/?q=Beratung&municipality=nordhausen")
        phone.select_option("#lang-ui", label=option)
        phone.click(".lang-chooser button[type=submit]")
        phone.wait_for_url(f"**/{code}/angebote/?q=Beratung&municipality=nordhausen")
        phone.wait_for_load_state()
        expect(phone.locator("#search-q")).to_have_value("Beratung")
        expect(phone.locator("input[name=municipality][value=nordhausen]")).to_be_checked()
        check(f"{code}-results", lang, direction)
        for page, path in [
            ("start", f"/{code}/"),
            ("offer", f"/{code}/angebote/{offer.slug}/"),
            ("partner", f"/{code}/partner/anmelden/"),
        ]:
            phone.goto(live_server.url + path)
            phone.wait_for_load_state()
            check(f"{code}-{page}", lang, direction)
    assert not problems, "\n\n".join(f"{p}\n{r}" for p, r in problems.items())
