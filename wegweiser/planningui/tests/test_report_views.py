"""Committee reports in the planning workspace: who sees, builds and downloads them (permission
matrix with another district), the one-click build, the downloads and the list's queries."""

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from wegweiser.reports.models import Report, ReportTemplate
from wegweiser.reports.services import report_build, report_template_create
from wegweiser.reports.tests.conftest import BODY, offers, programme  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

LIST = reverse("planningui:report_list")


def _client(user: Any | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _png(svg: str) -> bytes:
    from wegweiser.planningui.exports import svg_png

    return svg_png(svg)


@pytest.fixture
def template(district: Any, offers: Any) -> ReportTemplate:  # noqa: F811
    return report_template_create(
        actor=None, district=district, data={"slug": "sozial", "title": "Angebotsstruktur 2026", "body": BODY}
    )


@pytest.fixture
def report(template: ReportTemplate) -> Report:
    return report_build(actor=None, template=template)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("planner", 200),
        ("reviewer", 200),
        ("superuser", 200),
        ("editor", 403),
        ("outsider", 403),
        ("other_planner", 200),  # their own district's (empty) list
    ],
)
def test_the_list_permission_matrix(request: Any, report: Report, who: str, status: int) -> None:
    response = _client(request.getfixturevalue(who)).get(LIST)
    assert response.status_code == status
    if who == "other_planner":
        assert "Angebotsstruktur 2026" not in response.content.decode()
        assert _client(request.getfixturevalue(who)).get(LIST + "?kreis=16062").status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("planner", 302),
        ("reviewer", 302),
        ("superuser", 302),
        ("editor", 404),
        ("outsider", 404),
        ("other_planner", 404),
        ("other_reviewer", 404),
    ],
)
def test_building_permission_matrix(request: Any, template: ReportTemplate, who: str, status: int) -> None:
    url = reverse("planningui:report_create", args=[template.pk])
    response = _client(request.getfixturevalue(who)).post(url)
    assert response.status_code == status
    assert Report.objects.count() == (1 if status == 302 else 0)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("planner", 200),
        ("reviewer", 200),
        ("superuser", 200),
        ("editor", 403),
        ("outsider", 403),
        ("other_planner", 404),
        ("other_reviewer", 404),
    ],
)
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_download_permission_matrix(request: Any, report: Report, who: str, status: int, fmt: str) -> None:
    url = reverse("planningui:report_download", args=[report.pk, fmt])
    assert _client(request.getfixturevalue(who)).get(url).status_code == status


def test_anonymous_visitors_are_sent_to_the_login(report: Report) -> None:
    for url in (
        LIST,
        reverse("planningui:report_download", args=[report.pk, "docx"]),
    ):
        response = Client().get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = Client().post(reverse("planningui:report_create", args=[report.template.pk]))
    assert response.status_code == 302 and not Report.objects.exclude(pk=report.pk).exists()


def test_building_is_a_post_a_get_changes_nothing(planner: Any, template: ReportTemplate) -> None:
    response = _client(planner).get(reverse("planningui:report_create", args=[template.pk]))
    assert response.status_code == 405 and not Report.objects.exists()


def test_one_click_builds_a_report_and_the_list_offers_word_and_pdf(
    planner: Any, template: ReportTemplate
) -> None:
    client = _client(planner)
    response = client.post(reverse("planningui:report_create", args=[template.pk]), follow=True)
    page = response.content.decode()
    report = Report.objects.get()
    assert report.created_by == planner
    assert "Bericht „Angebotsstruktur 2026“ erstellt" in page
    docx_url = reverse("planningui:report_download", args=[report.pk, "docx"])
    assert docx_url in page and reverse("planningui:report_download", args=[report.pk, "pdf"]) in page
    download = client.get(docx_url)
    assert download["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert 'filename="sozial-' in download["Content-Disposition"]
    assert Document(io.BytesIO(download.content)).paragraphs[0].text == "Angebotsstruktur 2026"
    pdf = client.get(reverse("planningui:report_download", args=[report.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")


def test_an_unknown_format_answers_404(planner: Any, report: Report) -> None:
    url = reverse("planningui:report_download", args=[report.pk, "odt"])
    assert _client(planner).get(url).status_code == 404


def test_a_template_that_no_longer_fits_the_district_says_why_and_builds_nothing(
    planner: Any,
    template: ReportTemplate,
    programme: Any,  # noqa: F811
) -> None:
    programme.delete()  # the template names it
    response = _client(planner).post(reverse("planningui:report_create", args=[template.pk]), follow=True)
    assert "Der Bericht konnte nicht erstellt werden" in response.content.decode()
    assert "Förderprogramm „ESF+ Armutsprävention“ gibt es" in response.content.decode()
    assert not Report.objects.exists()


def test_the_list_needs_the_same_queries_for_one_or_many_reports(
    planner: Any, template: ReportTemplate, django_assert_max_num_queries: Any
) -> None:
    client = _client(planner)
    report_build(actor=None, template=template, png=lambda svg: b"png")
    client.get(LIST)
    with django_assert_max_num_queries(8) as one:
        client.get(LIST)
    for _n in range(4):
        report_build(actor=None, template=template, png=lambda svg: b"png")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(LIST).content.decode().count("/docx/") == 5
