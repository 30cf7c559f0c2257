"""Confirm by link in a real browser (Debian's Chromium, Playwright) at 360 px and 1366 px: the
e-mail arrives through a local SMTP server, the provider opens the link, clicks the one button,
reports changes through the form, and a used link says so. axe-core finds no WCAG 2.1 A/AA
violation on any of these pages. Screenshots go to ``test-artifacts/confirm-*.png``."""

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
from wegweiser.freshness.models import ConfirmationRequest
from wegweiser.freshness.services.runs import confirmations_run
from wegweiser.freshness.tests.conftest import Smtp, links_in
from wegweiser.revisions.models import Revision

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def chromium() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (make system-deps).")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def _check(page: Any, name: str, problems: dict[str, str]) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    assert results.response["passes"], "axe-core ran no rule"
    if results.violations_count:
        problems[name] = results.generate_report()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"confirm-{name}.png"), full_page=True)


def test_confirm_by_link_in_the_browser_at_phone_and_desktop_width(
    chromium: Any, live_server: Any, office: Any, smtp: Smtp, make_offer: Callable
) -> None:
    caritas = OrganisationFactory(
        district=office, name="Caritas Nordhausen (Demo)", email="caritas@example.org"
    )
    offers = [
        make_offer(name, organisation=caritas)
        for name in ("Sprachcafé am Mittwoch", "Migrationsberatung für Erwachsene", "Nähwerkstatt")
    ]
    published = timezone.now() - dt.timedelta(days=350)  # due in about two weeks
    # Published (and so checked) 350 days ago.
    Offer.objects.filter(pk__in=[o.pk for o in offers]).update(
        published_at=published, assured_date=timezone.localdate(published)
    )
    assert confirmations_run().sent == 1
    links = links_in(smtp.to("caritas@example.org")[0])
    problems: dict[str, str] = {}

    phone = chromium.new_page(viewport={"width": 360, "height": 740})
    desktop = chromium.new_page(viewport={"width": 1366, "height": 900})

    # 360 px: "Ist noch aktuell" → one button → thank you.
    phone.goto(live_server.url + links["Sprachcafé am Mittwoch"]["Ist noch aktuell"])
    assert phone.get_by_role("heading", level=1).inner_text() == "Ist dieses Angebot noch aktuell?"
    _check(phone, "current-360", problems)
    phone.get_by_role("button", name="Ja, ist noch aktuell").click()
    assert phone.get_by_role("heading", level=1).inner_text() == "Vielen Dank"
    _check(phone, "done-360", problems)
    assert Offer.objects.get(pk=offers[0].pk).assured_date == timezone.localdate()

    # 1366 px: the same for the second offer.
    desktop.goto(live_server.url + links["Migrationsberatung für Erwachsene"]["Ist noch aktuell"])
    _check(desktop, "current-1366", problems)
    desktop.get_by_role("button", name="Ja, ist noch aktuell").click()
    assert desktop.get_by_role("heading", level=1).inner_text() == "Vielen Dank"
    _check(desktop, "done-1366", problems)

    # 360 px: "Änderungen melden" without a text is refused, with one it becomes a proposal.
    phone.goto(live_server.url + links["Nähwerkstatt"]["Änderungen melden"])
    assert phone.get_by_label("Ihre E-Mail-Adresse").input_value() == "caritas@example.org"
    _check(phone, "changes-360", problems)
    phone.get_by_role("button", name="Hinweis senden").click()
    assert "Bitte beschreiben Sie" in phone.content()
    _check(phone, "changes-error-360", problems)
    phone.get_by_label("Was ist falsch oder hat sich geändert?").fill("Neu: donnerstags 15–17 Uhr.")
    phone.get_by_label("Ihr Name (freiwillig)").fill("Frau Demo")
    phone.get_by_role("button", name="Hinweis senden").click()
    assert phone.get_by_role("heading", level=1).inner_text() == "Vielen Dank"
    assert "donnerstags" in Revision.objects.get().note
    assert ConfirmationRequest.objects.get(offer=offers[2]).answer == "changes"

    # 1366 px: the used link says so and changes nothing.
    response = desktop.goto(live_server.url + links["Sprachcafé am Mittwoch"]["Gibt es nicht mehr"])
    assert response.status == 410
    assert desktop.get_by_role("heading", level=1).inner_text() == "Dieser Link wurde bereits verwendet"
    _check(desktop, "used-1366", problems)
    response = phone.goto(live_server.url + links["Nähwerkstatt"]["Ist noch aktuell"][:-6] + "xxxxx/")
    assert response.status == 400
    _check(phone, "invalid-360", problems)
    assert Offer.objects.get(pk=offers[0].pk).status == Offer.Status.ACTIVE
    assert not problems, "\n\n".join(f"{name}\n{report}" for name, report in problems.items())
