"""Clicked through in headless Chromium (Debian's package, Playwright): a visitor reports a
mistake on an offer page at 360 px and 1366 px, the organisation gets the e-mail through a real
local SMTP server, staff mark the report done; a visitor's search finds nothing, staff add a
synonym from the list of searches without results, and the same search then finds the offer.
Every page visited: axe-core finds no WCAG 2.1 A/AA violation; screenshots at both widths in
``test-artifacts/feedback/``."""

from pathlib import Path
from typing import Any

import pytest

from wegweiser.backoffice.tests.test_browser_flows import (  # noqa: F401  (fixture)
    WCAG_21_AA,
    _excluded,
    chromium,
    staff_login,
)
from wegweiser.catalog.tests.factories import OrganisationFactory
from wegweiser.feedback.models import MissedSearch, OfferReport
from wegweiser.publishing.tests.test_distribution import Mailbox
from wegweiser.search.models import Synonym

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "feedback"
WIDTHS = (360, 1366)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


class Checks:
    def __init__(self) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.problems: dict[str, str] = {}
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def __call__(self, page: Any, name: str, widths: tuple[int, ...] = WIDTHS) -> None:
        results = self.axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        assert results.response["passes"], "axe-core ran no rule"
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} — {node['target']}"
            for v in results.response["violations"]
            for node in v["nodes"]
            if not _excluded(v["id"], " ".join(map(str, node["target"])))
        ]
        if violations:
            self.problems[f"{name}: axe"] = "\n".join(violations)
        size = page.viewport_size
        for width in widths:
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        page.set_viewport_size(size)

    def assert_clean(self) -> None:
        assert not self.problems, "\n\n".join(f"{k}\n{v}" for k, v in self.problems.items())


def test_a_visitor_reports_a_mistake_and_staff_mark_it_done(
    chromium: Any,  # noqa: F811
    live_server: Any,
    district: Any,
    make_offer: Any,
    editor: Any,
    smtp: Mailbox,
    settings: Any,
) -> None:
    settings.WEGWEISER_FEEDBACK_MIN_SECONDS = 1
    base = live_server.url
    organisation = OrganisationFactory(
        district=district, name="Caritas Nordhausen", email="info@caritas.example"
    )
    offer = make_offer("Sprachcafé am Mittwoch", organisation=organisation)
    check = Checks()

    for width in WIDTHS:  # a phone and a desktop, each sends one report
        page = chromium.new_context(viewport={"width": width, "height": 900}, locale="de-DE").new_page()
        page.goto(f"{base}/de/angebote/{offer.slug}/")
        check(page, f"offer-page-{width}", widths=(width,))
        page.click("text=Fehler melden")
        page.wait_for_selector("textarea#id_message")
        assert (
            page.locator("#id_website").is_visible() is False or page.locator(".hp").bounding_box()["x"] < 0
        )
        check(page, f"report-form-{width}", widths=(width,))
        page.fill("#id_message", f"Das Café ist jetzt donnerstags ({width}).")
        page.fill("#id_email", f"besucherin{width}@example.org")
        page.wait_for_timeout(1200)  # a person takes a moment; faster is refused
        page.click("text=Hinweis senden")
        page.wait_for_selector("text=Vielen Dank für Ihren Hinweis")
        check(page, f"report-thanks-{width}", widths=(width,))

    assert OfferReport.objects.count() == 2
    assert [r for r, _m in smtp.messages] == [["info@caritas.example"], ["info@caritas.example"]]

    # Staff see the reports in the inbox and close one.
    staff = chromium.new_context(viewport={"width": 1366, "height": 900}).new_page()
    staff_login(staff, base, "editor")
    staff.goto(f"{base}/admin/feedback/offerreport/")
    check(staff, "inbox")
    staff.click("text=Das Café ist jetzt donnerstags (360).")
    staff.wait_for_selector("#id_status")
    check(staff, "report-change")
    staff.select_option("#id_status", label="erledigt")
    staff.fill("#id_note", "Mit dem Träger telefoniert, Zeit korrigiert.")
    staff.click("input[name=_save]")
    assert "erfolgreich" in staff.locator("ul.messagelist").inner_text()
    check(staff, "inbox-after")
    report = OfferReport.objects.get(message__contains="(360)")
    assert report.status == "done" and report.email == "" and report.closed_by == editor
    assert OfferReport.objects.get(message__contains="(1366)").email == "besucherin1366@example.org"
    check.assert_clean()


def test_staff_add_a_synonym_from_the_searches_without_results(
    chromium: Any,  # noqa: F811
    live_server: Any,
    district: Any,
    make_offer: Any,
    editor: Any,
) -> None:
    base = live_server.url
    make_offer("Kita Sonnenschein", short_description="Betreuung für Kinder von 1 bis 6 Jahren.")
    check = Checks()

    visitor = chromium.new_context(viewport={"width": 360, "height": 800}).new_page()
    visitor.goto(f"{base}/de/angebote/")
    visitor.fill("input[name=q]", "Kindergarten")
    with visitor.expect_navigation():
        visitor.keyboard.press("Enter")
    assert "Kita Sonnenschein" not in visitor.content()
    assert MissedSearch.objects.get().text == "kindergarten"

    staff = chromium.new_context(viewport={"width": 1366, "height": 900}).new_page()
    staff_login(staff, base, "editor")
    staff.click("text=Suchen ohne Treffer")
    staff.wait_for_selector("#missed-searches")
    check(staff, "missed-searches")
    staff.click("#missed-searches >> text=Als Synonym eintragen")
    staff.wait_for_selector("#id_equivalents")
    assert staff.input_value("#id_term") == "kindergarten"
    check(staff, "synonym-add")
    staff.fill("#id_equivalents", "Kita")
    staff.click("input[name=_save]")
    assert "erfolgreich" in staff.locator("ul.messagelist").inner_text()
    check(staff, "synonym-list")
    assert Synonym.objects.get().equivalents == "Kita"
    staff.goto(f"{base}/admin/feedback/missedsearch/")
    assert "in der Synonymliste" in staff.content()

    visitor.goto(f"{base}/de/angebote/?q=Kindergarten")
    assert "Kita Sonnenschein" in visitor.content()
    check(visitor, "search-with-synonym")
    check.assert_clean()
