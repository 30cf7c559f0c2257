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
    assert (district.key, district.slug, district.catalog_version) == (key, slug, 0)  # never editable
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
