from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wegweiser.catalog.models import Offer, Schedule
from wegweiser.catalog.services.components import component_save
from wegweiser.catalog.services.offers import (
    offer_archive,
    offer_confirm,
    offer_create,
    offer_publish,
    offer_submit_for_review,
    offer_update,
)
from wegweiser.catalog.tests.factories import OrganisationFactory
from wegweiser.core.models import AuditEntry
from wegweiser.districts.models import District


def history(offer: Offer) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type="catalog.offer", object_id=str(offer.pk)))


@pytest.mark.django_db
def test_creating_an_offer_records_who_and_what(district: District, editor: Any) -> None:
    offer = offer_create(
        actor=editor,
        data={
            "district": district,
            "organisation": OrganisationFactory(district=district),
            "name": "Sprachcafé für Frauen",
            "short_description": "Deutsch üben.",
        },
    )
    assert offer.slug == "sprachcafe-fuer-frauen"
    assert offer.state == Offer.State.DRAFT
    (entry,) = history(offer)
    assert entry.actor == editor
    assert entry.action == "create"
    assert entry.changes["Name"] == ["—", "Sprachcafé für Frauen"]


@pytest.mark.django_db
def test_editing_records_changed_fields_with_old_and_new_values(make_offer: Callable, editor: Any) -> None:
    offer = make_offer("Hausaufgabenhilfe", publish=False)
    offer_update(actor=editor, offer=offer, data={"name": "Lernhilfe", "cost_free": True})
    entry = history(offer)[0]
    assert entry.actor == editor
    assert entry.changes == {"Name": ["Hausaufgabenhilfe", "Lernhilfe"], "kostenlos": ["nein", "ja"]}


@pytest.mark.django_db
def test_slugs_stay_unique_within_a_district(make_offer: Callable) -> None:
    first, second = make_offer("Sprachcafé"), make_offer("Sprachcafé")
    assert (first.slug, second.slug) == ("sprachcafe", "sprachcafe-2")


@pytest.mark.django_db
def test_editor_cannot_publish_but_reviewer_can(make_offer: Callable, editor: Any, reviewer: Any) -> None:
    offer = make_offer("Beratung", publish=False)
    offer_submit_for_review(actor=editor, offer=offer)
    with pytest.raises(PermissionDenied):
        offer_publish(actor=editor, offer=offer)
    offer_publish(actor=reviewer, offer=offer)
    offer.refresh_from_db()
    assert offer.state == Offer.State.PUBLISHED
    assert offer.published_at is not None


@pytest.mark.django_db
def test_publishing_an_incomplete_offer_says_what_is_missing(district: District, reviewer: Any) -> None:
    offer = offer_create(
        actor=None,
        data={
            "district": district,
            "organisation": OrganisationFactory(district=district),
            "name": "Unfertig",
            "short_description": "x",
        },
    )
    with pytest.raises(ValidationError) as error:
        offer_publish(actor=reviewer, offer=offer)
    messages = " ".join(error.value.messages)
    assert "Handlungsfeld" in messages
    assert "Zielgruppe" in messages
    assert "Ort" in messages


@pytest.mark.django_db
def test_invalid_values_are_rejected_with_a_message_and_nothing_changes(
    make_offer: Callable, editor: Any
) -> None:
    offer = make_offer("Kurs", publish=False)
    with pytest.raises(ValidationError) as error:
        offer_update(actor=editor, offer=offer, data={"minimum_age": 30, "maximum_age": 10})
    assert "Mindestalter" in " ".join(error.value.messages)
    offer.refresh_from_db()
    assert offer.minimum_age is None


@pytest.mark.django_db
def test_archiving_withdraws_and_confirming_stamps_the_date(
    make_offer: Callable, reviewer: Any, editor: Any
) -> None:
    offer = make_offer("Kurs")
    offer_confirm(actor=editor, offer=offer)
    offer.refresh_from_db()
    assert offer.assurer == editor and offer.assured_date is not None
    offer_archive(actor=reviewer, offer=offer)
    offer.refresh_from_db()
    assert offer.state == Offer.State.ARCHIVED
    assert [e.action for e in history(offer)][:2] == ["state", "update"]


@pytest.mark.django_db
def test_changes_to_parts_are_shown_on_the_offer(make_offer: Callable, editor: Any) -> None:
    offer = make_offer("Kurs", publish=False)
    component_save(actor=editor, parent=offer, component=Schedule(offer=offer, byday="MO"))
    entry = history(offer)[0]
    assert entry.action == "create"
    assert entry.summary == "Zeitplan"
