"""A reviewer imports indicator values in headless Chromium: the indicator list, the upload page,
a file with a mistake (the report names the row and column, nothing can be imported), the
corrected file (the report counts the values), the confirmation. Every page passes axe-core
(WCAG 2.1 A/AA) and is photographed at 360 px and 1366 px (``test-artifacts/backoffice/``)."""

from pathlib import Path
from typing import Any

import pytest

from wegweiser.backoffice.tests.test_browser_flows import PageChecks, chromium, staff_login  # noqa: F401
from wegweiser.districts.models import District
from wegweiser.planning.models import IndicatorValue
from wegweiser.planning.tests.factories import IndicatorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HEADER = "Schlüssel;Gemeinde;Indikator;Stichtag;Wert\n"


def test_a_reviewer_imports_indicator_values_in_the_browser(
    chromium: Any,  # noqa: F811
    live_server: Any,
    district: District,
    reviewer: Any,
    tmp_path: Path,
) -> None:
    IndicatorFactory(district=district, code="kinder-unter-6", name="Kinder unter 6 Jahren (Demo)")
    broken = tmp_path / "kinder-fehler.csv"
    broken.write_text(
        HEADER + "16062041;Nordhausen;kinder-unter-6;2024;1.5\n16062999;;kinder-unter-6;2024;3\n"
    )
    good = tmp_path / "kinder.csv"
    good.write_text(
        HEADER
        + "16062041;Nordhausen;kinder-unter-6;2024;1.850\n16062066;Bleicherode;kinder-unter-6;2024;412\n"
    )
    checks = PageChecks()
    page = chromium.new_page(viewport={"width": 1366, "height": 900})
    staff_login(page, live_server.url, "reviewer")

    page.goto(f"{live_server.url}/admin/planning/indicator/")
    checks(page, "indicators-list")
    page.click("a[href='/admin/planning/indicator/import/']")
    page.wait_for_url("**/indicator/import/")
    checks(page, "indicators-import-upload")

    page.set_input_files("#id_file", str(broken))
    page.click(".submit-row input[type=submit]")
    page.wait_for_url("**/indicator/import/*/")
    assert "1.5" in page.content() and "16062999" in page.content()
    assert page.locator(".submit-row input[type=submit]").count() == 0  # nothing to confirm
    checks(page, "indicators-import-errors")

    page.goto(f"{live_server.url}/admin/planning/indicator/import/")
    page.set_input_files("#id_file", str(good))
    page.click(".submit-row input[type=submit]")
    page.wait_for_url("**/indicator/import/*/")
    assert "Kinder unter 6 Jahren (Demo)" in page.content()
    checks(page, "indicators-import-report")
    assert not IndicatorValue.objects.exists()
    page.click(".submit-row input[type=submit]")
    page.wait_for_selector("ul.messagelist")
    checks(page, "indicators-import-done")
    assert sorted(IndicatorValue.objects.values_list("value", flat=True)) == [412, 1850]
    checks.assert_clean()
