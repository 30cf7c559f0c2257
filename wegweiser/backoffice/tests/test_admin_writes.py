"""Staff edit through the admin; the services underneath validate, audit and index."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from wegweiser.catalog.models import Offer
from wegweiser.catalog.tests.factories import OrganisationFactory
from wegweiser.core.models import AuditEntry
from wegweiser.districts.models import District
from wegweiser.search.selectors import offer_text_search


def inline_management(prefix_counts: dict[str, int]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for prefix, initial in prefix_counts.items():
        data |= {
            f"{prefix}-TOTAL_FORMS": initial,
            f"{prefix}-INITIAL_FORMS": initial,
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
    return data


INLINES = ["translations", "offer_locations", "schedules", "contacts", "phones"]


def offer_form(offer: Offer | None, district: District, organisation: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "district": str(district.pk),
        "organisation": str(organisation.pk),
        "name": offer.name if offer else "Neues Angebot",
        "short_description": offer.short_description if offer else "Kurz",
        "description": "",
        "status": "active",
        "terms": [str(t.pk) for t in offer.terms.all()] if offer else [],
        "serves_whole_district": "on",
        "cost_description": "",
    } | changes
    return data | inline_management(dict.fromkeys(INLINES, 0))


@pytest.mark.django_db
def test_editor_creates_an_offer_as_draft_with_audit(client: Client, editor: Any, district: District) -> None:
    client.force_login(editor)
    organisation = OrganisationFactory(district=district)
    response = client.post("/admin/catalog/offer/add/", offer_form(None, district, organisation))
    assert response.status_code == 302, response.content.decode()[:3000]
    offer = Offer.objects.get(name="Neues Angebot")
    assert offer.state == Offer.State.DRAFT
    assert AuditEntry.objects.filter(object_id=str(offer.pk), actor=editor, action="create").exists()


@pytest.mark.django_db
def test_editing_in_the_back_office_updates_search_and_history(
    client: Client, reviewer: Any, district: District, make_offer: Callable
) -> None:
    offer = make_offer("Sprachcafé")
    client.force_login(reviewer)  # editors' changes to published offers are reviewed (revisions)
    response = client.post(
        f"/admin/catalog/offer/{offer.pk}/change/",
        offer_form(offer, district, offer.organisation, name="Erzählcafé"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert offer_text_search(district=district, text="Erzählcafé", languages=["de"])
    page = client.get(f"/admin/catalog/offer/{offer.pk}/change/").content.decode()
    assert "Änderungsverlauf" in page
    assert "Sprachcafé → Erzählcafé" in page


@pytest.mark.django_db
def test_invalid_input_is_explained_and_nothing_is_saved(
    client: Client, editor: Any, district: District, make_offer: Callable
) -> None:
    offer = make_offer("Kurs")
    client.force_login(editor)
    response = client.post(
        f"/admin/catalog/offer/{offer.pk}/change/",
        offer_form(offer, district, offer.organisation, minimum_age="30", maximum_age="10", name="Neu"),
    )
    assert response.status_code == 200
    assert "Das Mindestalter darf nicht über dem Höchstalter liegen." in response.content.decode()
    offer.refresh_from_db()
    assert offer.name == "Kurs"


@pytest.mark.django_db
def test_publishing_an_incomplete_offer_shows_what_is_missing(
    client: Client, reviewer: Any, district: District
) -> None:
    from wegweiser.catalog.services.offers import offer_create

    offer = offer_create(
        actor=None,
        data={
            "district": district,
            "name": "Halb fertig",
            "organisation": OrganisationFactory(district=district),
            "short_description": "x",
        },
    )
    client.force_login(reviewer)
    response = client.post(
        "/admin/catalog/offer/",
        {"action": "publish", "_selected_action": [str(offer.pk)]},
        follow=True,
    )
    assert "Bitte mindestens ein Handlungsfeld wählen." in response.content.decode()


@pytest.mark.django_db
def test_change_history_shows_times_in_german_local_time_not_utc(
    client: Client, reviewer: Any, make_offer: Callable
) -> None:
    offer = make_offer("Sprachcafé")
    AuditEntry.objects.filter(object_id=str(offer.pk)).update(
        created_at=dt.datetime(2026, 7, 1, 22, 30, tzinfo=dt.UTC)
    )
    client.force_login(reviewer)
    page = client.get(f"/admin/catalog/offer/{offer.pk}/change/").content.decode()
    assert "02.07.2026 00:30" in page  # 22:30 UTC is half past midnight in Berlin (summer time)
    assert "01.07.2026 22:30" not in page
