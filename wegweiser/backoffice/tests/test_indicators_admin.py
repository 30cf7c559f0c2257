"""The indicator screens of the back office: upload, dry-run report, confirm; the template
downloads; lists scoped to the district with a bounded number of queries."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wegweiser.districts.models import District
from wegweiser.planning.models import IndicatorImport, IndicatorValue
from wegweiser.planning.tests.factories import IndicatorFactory, IndicatorValueFactory

HEADER = "Schlüssel;Gemeinde;Indikator;Stichtag;Wert\n"


@pytest.fixture
def children(district: District) -> Any:
    return IndicatorFactory(district=district, code="kinder-u6", name="Kinder unter 6 Jahren")


def _upload(client: Any, text: str, **extra: str) -> Any:
    upload = SimpleUploadedFile("werte.csv", text.encode("utf-8"), content_type="text/csv")
    data = {"format": "template", "decimal_mark": ",", "file": upload} | extra
    return client.post(reverse("admin:planning_indicator_import"), data)


def test_a_reviewer_checks_then_imports(client: Any, reviewer: Any, children: Any) -> None:
    client.force_login(reviewer)
    response = _upload(
        client, HEADER + "16062041;Nordhausen;kinder-u6;2024;1.234\n16062066;;kinder-u6;2024;12\n"
    )
    run = IndicatorImport.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "admin:planning_indicator_import_run", args=[run.pk]
    )
    page = client.get(response.url).content.decode()
    assert "Kinder unter 6 Jahren" in page and not IndicatorValue.objects.exists()
    client.post(response.url)
    run.refresh_from_db()
    assert run.state == IndicatorImport.State.COMMITTED
    assert sorted(IndicatorValue.objects.values_list("value", flat=True)) == [12, 1234]


def test_the_report_lists_problems_by_row_and_column_and_offers_no_import(
    client: Any, reviewer: Any, children: Any
) -> None:
    client.force_login(reviewer)
    response = _upload(client, HEADER + "16062999;;kinder-u6;2024;1\n16062041;;kinder-u6;2024;1.5\n")
    page = client.get(response.url).content.decode()
    assert "16062999" in page and "1.5" in page
    assert "<td>2</td><td>Schlüssel</td>" in page and "<td>3</td><td>Wert</td>" in page
    assert 'value="Import now"' not in page and 'value="Jetzt importieren"' not in page
    assert client.post(response.url).status_code == 302
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_planners_download_the_template(client: Any, planner: Any, children: Any, fmt: str) -> None:
    client.force_login(planner)
    response = client.get(reverse("admin:planning_indicator_template", args=[fmt]))
    assert response.status_code == 200
    assert "indikatoren-vorlage-" in response["Content-Disposition"]


def test_the_indicator_list_is_scoped_and_cheap(
    client: Any,
    planner: Any,
    district: District,
    other_district: District,
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(15):
        indicator = IndicatorFactory(district=district, name=f"Indikator {n}")
        IndicatorValueFactory(indicator=indicator, municipality=district.municipalities.first())
    IndicatorFactory(district=other_district, name="Fremder Indikator")
    client.force_login(planner)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("admin:planning_indicator_changelist")).content.decode()
    assert "Indikator 14" in page and "Fremder Indikator" not in page
    assert reverse("admin:planning_indicator_import") not in page  # planners do not import


def test_the_nationality_group_table_is_edited_by_reviewers(
    client: Any, reviewer: Any, district: District
) -> None:
    from wegweiser.core.models import Language

    client.force_login(reviewer)
    response = client.post(
        reverse("admin:planning_nationalitygroup_add"),
        {
            "district": district.pk,
            "name": "Ukraine",
            "code": "ukraine",
            "languages": ["uk", "ru"],
            "note": "",
            "sort_order": 10,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    group = district.nationality_groups.get()
    assert set(group.languages.values_list("code", flat=True)) == {"uk", "ru"}
    assert Language.objects.filter(code="uk").exists()
