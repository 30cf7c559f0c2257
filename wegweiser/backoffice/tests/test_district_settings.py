"""Reviewers edit their district's settings in the back office; editors and planners read them."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from wegweiser.core.models import AuditEntry, Language
from wegweiser.districts.models import District

ROLES = ["anonymous", "outsider", "editor", "reviewer", "planner", "superuser"]
CAN_CHANGE = {"reviewer", "superuser"}
CAN_VIEW = {"editor", "planner"}


@pytest.fixture
def login(client: Client, request: pytest.FixtureRequest) -> Callable[[str], Client]:
    def as_role(role: str) -> Client:
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return as_role


def settings_form(district: District, **changes: Any) -> dict[str, Any]:
    return {
        "name": district.name,
        "office_name": "Landratsamt Nordhausen, Koordinierungsstelle Integration",
        "office_address": "Grimmelallee 20, 99734 Nordhausen",
        "office_email": "integration@kreis.example",
        "office_phone": "03631 911 0",
        "office_website": "https://kreis.example/integration",
        "hostname": "wegweiser.kreis.example",
        "languages": [str(Language.objects.get(code="en").pk), str(Language.objects.get(code="ar").pk)],
        "stale_after_months": "6",
        "confirmation_notice_days": "28",
        "confirmation_reminder_days": "14",
        "confirmation_escalation_days": "14",
        "hide_overdue_after_months": "",
    } | changes


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_district_settings_page_permissions(login: Callable, role: str, district: District) -> None:
    client = login(role)
    url = f"/admin/districts/district/{district.pk}/change/"

    page = client.get(url)
    posted = client.post(url, settings_form(district, stale_after_months="3"))

    district.refresh_from_db()
    if role in ("anonymous", "outsider"):
        assert page.status_code == 302 and "/admin/login/" in page["Location"]
    elif role in CAN_VIEW:
        assert page.status_code == 200
        assert 'name="stale_after_months"' not in page.content.decode()  # shown read-only
        assert posted.status_code == 403
    else:
        assert page.status_code == 200
        assert 'name="stale_after_months"' in page.content.decode()
        assert posted.status_code == 302
    assert (district.stale_after_months == 3) is (role in CAN_CHANGE)
    assert client.get("/admin/districts/district/add/").status_code in (302, 403)


@pytest.mark.django_db
def test_reviewer_saves_the_settings_with_an_audit_entry(
    client: Client, reviewer: Any, district: District
) -> None:
    client.force_login(reviewer)
    key, slug = district.key, district.slug

    response = client.post(
        f"/admin/districts/district/{district.pk}/change/",
        settings_form(district, key="01001", slug="kiel", catalog_version="99"),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    district.refresh_from_db()
    assert district.office_email == "integration@kreis.example"
    assert district.hostname == "wegweiser.kreis.example"
    assert district.stale_after_months == 6
    assert sorted(district.languages.values_list("code", flat=True)) == ["ar", "en"]
    # never editable; the version rises once because the confirmation period changed
    assert (district.key, district.slug, district.catalog_version) == (key, slug, 1)
    entry = AuditEntry.objects.get(object_type="districts.district", object_id=str(district.pk))
    assert entry.actor == reviewer and entry.action == AuditEntry.Action.UPDATE
    assert "Prüfung fällig nach (Monaten)" in entry.changes


@pytest.mark.django_db
def test_bad_input_is_refused_in_german_and_nothing_changes(
    client: Client, reviewer: Any, district: District
) -> None:
    client.force_login(reviewer)
    before = district.office_email

    response = client.post(
        f"/admin/districts/district/{district.pk}/change/",
        settings_form(district, office_email="keine-adresse", stale_after_months="-1"),
        HTTP_ACCEPT_LANGUAGE="de",
    )

    assert response.status_code == 200
    assert "gültige E-Mail-Adresse" in response.content.decode()
    district.refresh_from_db()
    assert district.office_email == before
    assert not AuditEntry.objects.filter(object_type="districts.district").exists()


@pytest.mark.django_db
def test_reviewer_sets_the_confirmation_cycle_and_hiding_of_overdue_offers_with_german_labels(
    client: Client, reviewer: Any, district: District
) -> None:
    client.force_login(reviewer)
    url = f"/admin/districts/district/{district.pk}/change/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    for label in (
        "Träger anfragen (Tage vor Fälligkeit)",
        "Erinnerung nach (Tagen)",
        "Weiterleitung nach (Tagen)",
        "Überfällige Angebote ausblenden nach (Monaten)",
    ):
        assert label in page

    response = client.post(
        url,
        settings_form(
            district,
            stale_after_months="12",
            confirmation_notice_days="21",
            confirmation_reminder_days="10",
            confirmation_escalation_days="7",
            hide_overdue_after_months="3",
        ),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    district.refresh_from_db()
    assert (district.confirmation_notice_days, district.confirmation_reminder_days) == (21, 10)
    assert (district.confirmation_escalation_days, district.hide_overdue_after_months) == (7, 3)
    assert district.catalog_version == 1  # the directory's cached facets are rebuilt
