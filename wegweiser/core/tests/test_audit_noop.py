"""A save that changes nothing leaves no audit entry (services, components, the admin form)."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from wegweiser.backoffice.tests.test_admin_writes import offer_form
from wegweiser.catalog.models import Offer, Schedule
from wegweiser.catalog.services.components import component_save
from wegweiser.catalog.services.offers import offer_confirm, offer_update
from wegweiser.core.models import AuditEntry
from wegweiser.districts.models import District


def _entries(offer: Offer) -> int:
    return AuditEntry.objects.filter(object_id=str(offer.pk)).count()


@pytest.mark.django_db
def test_an_update_with_the_same_values_writes_no_entry(make_offer: Callable, editor: Any) -> None:
    offer = make_offer("Sprachcafé", publish=False)
    before = _entries(offer)
    changes = offer_update(
        actor=editor,
        offer=offer,
        data={
            "name": "Sprachcafé",
            "short_description": offer.short_description,
            "terms": list(offer.terms.all()),
        },
    )
    assert changes == {}
    assert _entries(offer) == before
    offer_update(actor=editor, offer=offer, data={"name": "Erzählcafé"})
    assert _entries(offer) == before + 1


@pytest.mark.django_db
def test_confirming_twice_on_the_same_day_records_once(make_offer: Callable, reviewer: Any) -> None:
    offer = make_offer("Beratung")
    before = _entries(offer)
    offer_confirm(actor=reviewer, offer=offer, on=dt.date(2026, 12, 1))
    offer_confirm(actor=reviewer, offer=offer, on=dt.date(2026, 12, 1))
    assert _entries(offer) == before + 1
    offer_confirm(actor=reviewer, offer=offer, on=dt.date(2026, 12, 2))
    assert _entries(offer) == before + 2


@pytest.mark.django_db
def test_saving_an_unchanged_component_writes_no_entry(make_offer: Callable, editor: Any) -> None:
    offer = make_offer("Kurs", publish=False)
    schedule = Schedule(offer=offer, byday="MO,WE", opens_at=dt.time(9), closes_at=dt.time(12))
    component_save(actor=editor, parent=offer, component=schedule)
    before = _entries(offer)
    stored = Schedule.objects.get(pk=schedule.pk)
    component_save(actor=editor, parent=offer, component=stored)
    assert _entries(offer) == before


@pytest.mark.django_db
def test_saving_the_admin_form_unchanged_writes_no_entry(
    client: Client, editor: Any, district: District, make_offer: Callable
) -> None:
    offer = make_offer("Sprachcafé")
    before = _entries(offer)
    client.force_login(editor)
    response = client.post(
        f"/admin/catalog/offer/{offer.pk}/change/", offer_form(offer, district, offer.organisation)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _entries(offer) == before
