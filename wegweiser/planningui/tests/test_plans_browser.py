"""A reviewer records a measure with its funding and a status report in the back office; a
planner then opens the monitoring of the integration concept and compares its two versions, and
the funding overview. axe-core's WCAG 2.1 A/AA rules run on the new pages; screenshots at 360 and
1366 px go to test-artifacts/plans/."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from wegweiser.demo.services import demo_district_load
from wegweiser.planningui.tests.test_browser import WCAG_21_AA, chromium  # noqa: F401 (fixture)
from wegweiser.plans.models import (
    Measure,
    MeasureFunding,
    MeasureIndicator,
    MeasureIndicatorValue,
    MeasureStatusReport,
    PlanningDocument,
)

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "plans"
WIDTHS = (360, 1366)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_reviewer_records_a_measure_and_planner_follows_it_in_monitoring_and_comparison(
    chromium: Any,  # noqa: F811
    live_server: Any,
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    demo_district_load()
    axe = Axe()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: dict[str, str] = {}
    base = live_server.url

    def check(page: Any, name: str, *, audit: bool = True) -> None:
        if audit:
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
            assert results.response["passes"], "axe-core ran no rule"
            if results.violations_count:
                problems[name] = results.generate_report()
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1366, "height": 900})

    def login(username: str, password: str, url: str) -> Any:
        page = chromium.new_context(locale="de-DE", viewport={"width": 1366, "height": 900}).new_page()
        page.goto(f"{base}{url}")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        page.wait_for_load_state()
        return page

    concept = PlanningDocument.objects.get(kind="integration_concept", version=2)
    today = dt.date.today().strftime("%d.%m.%Y")

    # The reviewer records a new measure with LSZ funding and a first status report.
    page = login("pruefung", "demo-pruefung", "/admin/plans/measure/add/")
    page.select_option("#id_goal", label=f"{concept.title} (v2) › Ankommen begleiten")
    page.fill("#id_title", "Willkommenslotsen im Südharz")
    page.fill("#id_description", "Demo: im Browser-Test angelegt.")
    page.select_option("#id_funding-0-programme", label="LSZ")
    page.fill("#id_funding-0-year", "2026")
    page.fill("#id_funding-0-amount", "14000")
    page.fill("#id_funding-0-own_share", "6000")
    page.fill("#id_status_reports-0-reported_on", today)
    page.select_option("#id_status_reports-0-status", value="in_progress")
    page.fill("#id_status_reports-0-text", "Zwei Lotsinnen gewonnen")
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    assert page.locator(".messagelist .success").count() == 1, page.inner_text("#content")
    measure = Measure.objects.get(title="Willkommenslotsen im Südharz")
    assert measure.status == "in_progress"  # taken from the status report
    assert MeasureFunding.objects.get(measure=measure).amount == 14000
    assert MeasureStatusReport.objects.get(measure=measure).text == "Zwei Lotsinnen gewonnen"
    check(page, "admin-measure", audit=False)  # Django's admin: checked by the back office's own tests

    # The planner follows it in the monitoring, compares the versions and looks at the funding.
    page = login("planung", "demo-planung", "/planung/plaene/")
    assert "/planung/plaene/" in page.url
    check(page, "plans-list")
    page.click(f"text={concept.title}")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith(concept.title)
    assert "Willkommenslotsen im Südharz" in page.inner_text("#main")
    assert "Zwei Lotsinnen gewonnen" not in page.inner_text(
        "#main"
    )  # the date shows, the text is in the table
    check(page, "plans-detail")
    page.click("text=Fassung 2 mit Fassung 1 vergleichen")
    page.wait_for_load_state()
    text = page.inner_text("#main")
    assert "Sprachcafés in allen Landgemeinden" in text and "Sprachcafés in Landgemeinden" in text
    assert "Willkommenslotsen im Südharz" in text and "entfallen" in text
    check(page, "plans-compare")
    page.click("nav >> text=Förderung")
    page.wait_for_load_state()
    page.fill("#ende_ab", "2027-01-01")
    page.fill("#ende_bis", "2027-12-31")
    page.select_option("#programm", label="LSZ")
    page.click(".filters button[type=submit]")
    page.wait_for_load_state()
    assert "Fällt weg" in page.inner_text("#foerderende")
    check(page, "funding")
    assert not problems, "\n\n".join(f"{k}\n{v}" for k, v in problems.items())


def test_reviewer_enters_an_actual_value_and_sees_it_in_the_monitoring(
    chromium: Any,  # noqa: F811
    live_server: Any,
) -> None:
    """The reviewer opens the monitoring of the integration concept, follows "Ist-Wert eintragen"
    of a manual indicator, is told in German what is wrong with "zwölf", saves 112 and sees it
    in the monitoring; the planner sees the values but no form."""
    import re

    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    demo_district_load()
    axe = Axe()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: dict[str, str] = {}
    base = live_server.url
    concept = PlanningDocument.objects.get(kind="integration_concept", version=2)
    indicator = MeasureIndicator.objects.get(
        measure__goal__document=concept, name="Teilnehmende an Sprachcafés"
    )
    detail = f"/planung/plaene/{concept.pk}/"

    def check(page: Any, name: str) -> None:
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        assert results.response["passes"], "axe-core ran no rule"
        if results.violations_count:
            problems[name] = results.generate_report()
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1366, "height": 900})

    def login(username: str, password: str) -> Any:
        page = chromium.new_context(locale="de-DE", viewport={"width": 1366, "height": 900}).new_page()
        page.goto(f"{base}{detail}")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        page.wait_for_url(f"{base}{detail}")
        return page

    link = f'a.indicator-link[href^="/planung/plaene/indikatoren/{indicator.pk}/"]'
    page = login("pruefung", "demo-pruefung")
    expect(page.locator(link)).to_have_text("Ist-Wert eintragen: Teilnehmende an Sprachcafés")
    page.locator(link).click()
    page.wait_for_url(f"{base}/planung/plaene/indikatoren/{indicator.pk}/")
    expect(page.locator("h1")).to_contain_text("Teilnehmende an Sprachcafés")
    expect(page.locator("#values-caption")).to_be_visible()
    page.fill("#id_value", "zwölf")
    page.get_by_role("button", name="Ist-Wert speichern").click()
    expect(page.locator(".field-error")).to_have_text("Bitte eine Zahl angeben, z. B. 112 oder 12,5.")
    check(page, "indicator-value-error")
    page.fill("#id_value", "112")
    page.get_by_role("button", name="Ist-Wert speichern").click()
    page.wait_for_url(re.compile(rf".*/planung/plaene/{concept.pk}/#measure-.*"))
    expect(page.locator(".messages")).to_contain_text("gespeichert")
    row = page.locator(f"#measure-{indicator.measure_id}")
    expect(row).to_contain_text("112,00")
    expect(row).to_contain_text(dt.date.today().strftime("%d.%m.%Y"))
    check(page, "plans-detail-after-value")
    assert MeasureIndicatorValue.objects.get(measure_indicator=indicator).value == 112

    page = login("planung", "demo-planung")
    expect(page.locator(link)).to_have_text("Eingetragene Werte: Teilnehmende an Sprachcafés")
    page.locator(link).click()
    page.wait_for_url(f"{base}/planung/plaene/indikatoren/{indicator.pk}/")
    expect(page.locator("table.data tbody tr").first).to_contain_text("112,00")
    expect(page.locator("form.value-form")).to_have_count(0)
    check(page, "indicator-values-planner")
    assert not problems, "\n\n".join(f"{k}\n{v}" for k, v in problems.items())
