"""The staff inbox of reports in the back office: district-scoped list, status through the
change form and list actions (services, audit trail), read-only for planners."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from wegweiser.catalog.tests.factories import OrganisationFactory
from wegweiser.districts.models import District
from wegweiser.feedback.models import OfferReport
from wegweiser.feedback.services import offer_report_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(
    make_offer: Callable, district: District, other_district: District
) -> tuple[OfferReport, OfferReport]:
    mine = offer_report_submit(
        offer=make_offer("Sprachcafé"),
        message="Neue Zeiten",
        email="a@example.org",
        ui_language="de",
        content_language="de",
    )
    other_offer = make_offer(
        "Fremdes Angebot", district=other_district, organisation=OrganisationFactory(district=other_district)
    )
    theirs = offer_report_submit(offer=other_offer, message="Geheim", ui_language="de", content_language="de")
    return mine, theirs


def test_the_inbox_lists_the_own_districts_reports(
    client: Client, reports: tuple, editor: Any, django_assert_max_num_queries: Any
) -> None:
    client.force_login(editor)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("admin:feedback_offerreport_changelist")).content.decode()
    assert "Hinweise zu Angeboten" in page and "Neue Zeiten" in page and "neu" in page
    assert "Geheim" not in page
    _mine, theirs = reports
    assert client.get(reverse("admin:feedback_offerreport_change", args=[theirs.pk])).status_code == 404


def test_staff_set_the_status_in_the_form_and_done_deletes_the_address(
    client: Client, reports: tuple, editor: Any
) -> None:
    mine, _theirs = reports
    client.force_login(editor)
    url = reverse("admin:feedback_offerreport_change", args=[mine.pk])
    page = client.get(url).content.decode()
    assert "a@example.org" in page and "Bearbeitungsstand" in page
    response = client.post(
        url, {"status": "in_progress", "note": "Träger angerufen", "lock_version": mine.lock_version}
    )
    assert response.status_code == 302, response.content.decode()
    mine.refresh_from_db()
    assert mine.status == "in_progress" and mine.note == "Träger angerufen"
    client.post(
        reverse("admin:feedback_offerreport_changelist"),
        {"action": "mark_done", "_selected_action": [str(mine.pk)]},
    )
    mine.refresh_from_db()
    assert mine.status == "done" and mine.email == ""
    assert "in Bearbeitung" in client.get(url).content.decode()  # in the change history


def test_a_stale_form_is_refused(client: Client, reports: tuple, editor: Any, reviewer: Any) -> None:
    mine, _theirs = reports
    client.force_login(editor)
    url = reverse("admin:feedback_offerreport_change", args=[mine.pk])
    client.post(url, {"status": "in_progress", "note": "", "lock_version": mine.lock_version})
    response = client.post(url, {"status": "done", "note": "", "lock_version": mine.lock_version})
    assert response.status_code == 200  # the form again, saying someone saved in between
    mine.refresh_from_db()
    assert mine.status == "in_progress" and mine.email == "a@example.org"


def test_planners_read_but_do_not_change(client: Client, reports: tuple, planner: Any) -> None:
    mine, _theirs = reports
    client.force_login(planner)
    url = reverse("admin:feedback_offerreport_change", args=[mine.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"status": "done", "note": ""}).status_code == 403
    client.post(
        reverse("admin:feedback_offerreport_changelist"),
        {"action": "mark_done", "_selected_action": [str(mine.pk)]},
    )
    mine.refresh_from_db()
    assert mine.status == "new"


def test_another_districts_reviewer_changes_nothing(
    client: Client, reports: tuple, other_reviewer: Any
) -> None:
    mine, _theirs = reports
    client.force_login(other_reviewer)
    url = reverse("admin:feedback_offerreport_change", args=[mine.pk])
    assert client.post(url, {"status": "done", "note": ""}).status_code == 404
    client.post(
        reverse("admin:feedback_offerreport_changelist"),
        {"action": "mark_done", "_selected_action": [str(mine.pk)]},
    )
    mine.refresh_from_db()
    assert mine.status == "new"
