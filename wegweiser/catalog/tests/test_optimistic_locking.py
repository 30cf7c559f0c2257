"""Optimistic locking in the services: a save based on an old version is refused with what the
other person changed, and nothing of it is written."""

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation

from wegweiser.catalog.models import Offer, Schedule, Taxonomy, TaxonomyTerm
from wegweiser.catalog.services.components import component_save
from wegweiser.catalog.services.entities import (
    funding_programme_create,
    funding_programme_update,
    location_update,
    organisation_update,
    taxonomy_term_update,
    taxonomy_update,
)
from wegweiser.catalog.services.offers import offer_confirm, offer_publish, offer_update
from wegweiser.catalog.tests.factories import LocationFactory, OrganisationFactory
from wegweiser.core.models import AuditEntry
from wegweiser.core.versioning import StaleObjectError
from wegweiser.districts.models import District
from wegweiser.districts.services import district_update
from wegweiser.publishing.services.distribution import recipient_list_create, recipient_list_update
from wegweiser.publishing.services.editions import edition_create, edition_update


@pytest.mark.django_db
def test_stale_offer_save_is_refused_and_the_other_edit_kept(
    make_offer: Callable[..., Offer], editor: Any, reviewer: Any
) -> None:
    offer = make_offer("Sprachcafé", publish=False)
    opened = offer.lock_version  # both open the form at this version
    reviewer.first_name, reviewer.last_name = "Anna", "Schmidt"
    reviewer.save()
    offer_update(
        actor=reviewer,
        offer=Offer.objects.get(pk=offer.pk),
        data={"name": "Sprachcafé für Frauen"},
        expected_version=opened,
    )

    with pytest.raises(StaleObjectError) as refused, translation.override("de"):
        offer_update(
            actor=editor,
            offer=Offer.objects.get(pk=offer.pk),
            data={"name": "Sprachcafé am Abend", "alert": "Sommerpause"},
            expected_version=opened,
        )

    offer.refresh_from_db()
    assert (offer.name, offer.alert) == ("Sprachcafé für Frauen", "")  # nothing of the stale save
    assert offer.lock_version == opened + 1
    assert not AuditEntry.objects.filter(object_id=str(offer.pk), actor=editor).exists()
    message = " ".join(refused.value.messages)
    assert "Anna Schmidt" in message
    assert "Name: Sprachcafé → Sprachcafé für Frauen" in message
    assert "Ihre Eingaben" in message  # German: the user's input is still in the form


@pytest.mark.django_db
def test_fresh_save_is_accepted_and_raises_the_version(make_offer: Callable[..., Offer], editor: Any) -> None:
    offer = make_offer("Sprachcafé", publish=False)
    version = offer.lock_version

    offer_update(actor=editor, offer=offer, data={"name": "Sprachcafé neu"}, expected_version=version)

    offer.refresh_from_db()
    assert offer.name == "Sprachcafé neu"
    assert offer.lock_version == version + 1
    entry = AuditEntry.objects.filter(object_id=str(offer.pk), action="update").first()
    assert entry is not None and entry.object_version == version + 1


@pytest.mark.django_db
def test_a_save_that_changes_nothing_keeps_the_version(make_offer: Callable[..., Offer], editor: Any) -> None:
    offer = make_offer("Sprachcafé", publish=False)
    version = offer.lock_version

    offer_update(actor=editor, offer=offer, data={"name": "Sprachcafé"}, expected_version=version)

    offer.refresh_from_db()
    assert offer.lock_version == version  # forms others have open stay valid


@pytest.mark.django_db
def test_workflow_steps_and_parts_raise_the_version_of_the_offer(
    make_offer: Callable[..., Offer], editor: Any, reviewer: Any
) -> None:
    offer = make_offer("Sprachcafé", publish=False)
    opened = offer.lock_version

    offer_publish(actor=reviewer, offer=offer)
    offer_confirm(actor=reviewer, offer=offer)
    component_save(actor=reviewer, parent=offer, component=Schedule(offer=offer, freq="WEEKLY", byday="TU"))

    offer.refresh_from_db()
    assert offer.lock_version == opened + 3
    with pytest.raises(StaleObjectError) as refused, translation.override("de"):
        offer_update(actor=reviewer, offer=offer, data={"name": "Anders"}, expected_version=opened)
    message = " ".join(refused.value.messages)
    assert "Veröffentlicht" in message and "Zeitplan" in message


def _entities(district: District) -> list[tuple[Any, Callable[..., Any], str, dict[str, Any]]]:
    """(object, its update service, the service's keyword for it, a change) for every entity."""
    programme = funding_programme_create(
        actor=None, data={"district": district, "name": "Programm", "funder": "land"}
    )
    recipients = recipient_list_create(actor=None, data={"district": district, "name": "Netzwerk"})
    edition = edition_create(actor=None, district=district, data={"title": "Katalog", "language_id": "de"})
    return [
        (OrganisationFactory(district=district), organisation_update, "organisation", {"name": "Neu"}),
        (LocationFactory(district=district), location_update, "location", {"name": "Neu"}),
        (Taxonomy.objects.first(), taxonomy_update, "taxonomy", {"description": "Neu"}),
        (TaxonomyTerm.objects.first(), taxonomy_term_update, "term", {"description": "Neu"}),
        (programme, funding_programme_update, "programme", {"name": "Neu"}),
        (district, district_update, "district", {"office_name": "Neu"}),
        (recipients, recipient_list_update, "recipient_list", {"name": "Neu"}),
        (edition, edition_update, "edition", {"title": "Neu"}),
    ]


@pytest.mark.django_db
def test_every_edited_entity_refuses_a_stale_save(district: District, editor: Any) -> None:
    for instance, update, keyword, change in _entities(district):
        opened = type(instance).objects.get(pk=instance.pk).lock_version
        update(actor=None, **{keyword: type(instance).objects.get(pk=instance.pk)}, data=change)
        field, value = next(iter(change.items()))

        with pytest.raises(StaleObjectError):
            update(
                actor=None,
                **{keyword: type(instance).objects.get(pk=instance.pk)},
                data={field: "Veraltet"},
                expected_version=opened,
            )

        stored = type(instance).objects.get(pk=instance.pk)
        assert (getattr(stored, field), stored.lock_version) == (value, opened + 1), keyword
