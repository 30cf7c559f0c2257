"""A planner builds a committee report with one click in headless Chromium (Debian's package):
logs in, opens "Ausschussberichte", clicks "Bericht erstellen" on a demo template and downloads
the Word file and the PDF. axe-core's WCAG 2.1 A/AA rules run on the new page; screenshots at 360
and 1366 px, the downloads and their pages as images go to test-artifacts/reports/."""

import io
import subprocess
from typing import Any

import pytest
from docx import Document
from playwright.sync_api import expect

from wegweiser.demo.reports import INTEGRATION, POVERTY
from wegweiser.demo.services import demo_district_load
from wegweiser.districts.setup import district_setup
from wegweiser.planningui.tests.test_browser import CHROMIUM, WCAG_21_AA, WIDTHS, chromium  # noqa: F401
from wegweiser.reports.models import Report
from wegweiser.reports.tests.test_reports import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_planner_builds_a_committee_report_in_one_click_and_downloads_it(
    chromium: Any,  # noqa: F811
    live_server: Any,
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    demo_district_load()
    district_setup(actor=None, key="16062")  # boundaries and centres for the map
    axe = Axe()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: dict[str, str] = {}
    page = chromium.new_page(viewport={"width": 1366, "height": 900}, locale="de-DE", accept_downloads=True)
    base = live_server.url

    def check(name: str) -> None:
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        assert results.response["passes"], "axe-core ran no rule"
        if results.violations_count:
            problems[name] = results.generate_report()
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1366, "height": 900})

    page.goto(f"{base}/planung/berichte/")
    assert "/admin/login/" in page.url
    page.fill("#id_username", "planung")
    page.fill("#id_password", "demo-planung")
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/planung/berichte/")
    expect(page.locator("h1")).to_have_text("Ausschussberichte")
    expect(page.locator("main")).to_contain_text("Umsetzungsstand Lokales Integrationskonzept")
    check("reports-empty")

    page.click(
        'button[aria-label="Bericht erstellen: Angebotsstruktur 2026 der über die '
        'Armutspräventionsrichtlinie geförderten Angebote"]'
    )
    # the POST answers with a redirect to the list: wait for the new page's message and row
    expect(page.locator(".messages")).to_contain_text("erstellt")
    expect(page.locator("table.data tbody tr")).to_have_count(1)
    report = Report.objects.get(template__slug=POVERTY)
    check("reports-built")

    with page.expect_download() as download:
        page.click(f'a[href$="/{report.pk}/docx/"]')
    docx_path = ARTIFACTS / "demo-armutspraevention.docx"
    download.value.save_as(str(docx_path))
    document = Document(io.BytesIO(docx_path.read_bytes()))
    assert document.paragraphs[0].text.startswith("Angebotsstruktur 2026")
    assert any(p.style.name == "Heading 2" for p in document.paragraphs)
    assert document.tables and document.inline_shapes
    offers_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Angebot")
    listed = len(offers_table.rows) - 1  # the header row
    assert listed > 0

    with page.expect_download() as download:
        page.click(f'a[href$="/{report.pk}/pdf/"]')
    pdf_path = ARTIFACTS / "demo-armutspraevention.pdf"
    download.value.save_as(str(pdf_path))
    text = subprocess.run(  # noqa: S603 - fixed program, our own file
        ["/usr/bin/pdftotext", str(pdf_path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Armutsprävention" in text
    flat = " ".join(text.split())
    assert f"{listed} Angebote gefördert" in flat  # the PDF's count is the DOCX's number of rows
    assert offers_table.rows[1].cells[0].text in flat  # the first offer of the list
    subprocess.run(  # noqa: S603 - fixed program, our own file
        ["/usr/bin/pdftoppm", "-png", "-r", "50", str(pdf_path), str(ARTIFACTS / "demo-armutspraevention")],
        check=True,
    )

    page.click('button[aria-label="Bericht erstellen: Umsetzungsstand Lokales Integrationskonzept"]')
    expect(page.locator("table.data tbody tr")).to_have_count(2)
    assert Report.objects.filter(template__slug=INTEGRATION).count() == 1
    assert not problems, "\n\n".join(f"{k}\n{v}" for k, v in problems.items())
