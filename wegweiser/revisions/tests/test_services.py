"""Proposing, accepting and rejecting changes to published offers through the services."""

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from wegweiser.catalog.models import Offer, Schedule
from wegweiser.catalog.services.components import component_save
from wegweiser.catalog.services.offers import offer_update
from wegweiser.core.models import AuditEntry
from wegweiser.districts.models import District
from wegweiser.revisions.models import Revision
from wegweiser.revisions.selectors import revision_diff, revision_list, revisions_pending
from wegweiser.revisions.services import (
    revision_approve,
    revision_propose,
    revision_reject,
    revision_required,
    revision_withdraw,
)
from wegweiser.search.selectors import offer_text_search

pytestmark = pytest.mark.django_db


def public_texts(client: Client, offer: Offer) -> tuple[str, str]:
    page = client.get(f"/de/angebote/{offer.slug}/")
    api = client.get(f"/api/hsds/v3/services/{offer.pk}")
    assert page.status_code == 200 and api.status_code == 200
    return page.content.decode(), api.content.decode()


def test_an_editors_change_to_a_published_offer_waits_for_review(
    client: Client, make_offer: Callable, editor: Any, district: District
) -> None:
    offer = make_offer("Sprachcafé", short_description="Jeden Mittwoch")
    assert revision_required(actor=editor, target=offer)
    revision = revision_propose(actor=editor, target=offer, data={"name": "Erzählcafé", "cost_free": True})
    offer.refresh_from_db()
    assert offer.name == "Sprachcafé" and not offer.cost_free
    page, api = public_texts(client, offer)
    assert "Sprachcafé" in page and "Erzählcafé" not in page
    assert '"Sprachcafé"' in api and "Erzählcafé" not in api
    assert not offer_text_search(district=district, text="Erzählcafé", languages=["de"])
    assert revision.state == Revision.State.PENDING
    assert revision.district == district and revision.proposer == editor
    rows = [(r.label, r.published, r.proposed) for r in revision_diff(revision=revision)]
    assert rows == [("Name", "Sprachcafé", "Erzählcafé"), ("kostenlos", "nein", "ja")]
    assert list(revisions_pending(target=offer)) == [revision]


def test_editors_cannot_change_a_published_offer_directly_but_reviewers_can(
    make_offer: Callable, editor: Any, reviewer: Any
) -> None:
    offer = make_offer("Kurs")
    with pytest.raises(PermissionDenied):
        offer_update(actor=editor, offer=offer, data={"name": "Anders"})
    with pytest.raises(PermissionDenied):
        component_save(actor=editor, parent=offer, component=Schedule(offer=offer, byday="MO"))
    assert not revision_required(actor=reviewer, target=offer)
    offer_update(actor=reviewer, offer=offer, data={"name": "Anders"})
    offer.refresh_from_db()
    assert offer.name == "Anders"


def test_drafts_are_edited_directly(make_offer: Callable, editor: Any) -> None:
    offer = make_offer("Entwurf", publish=False)
    assert not revision_required(actor=editor, target=offer)
    offer_update(actor=editor, offer=offer, data={"name": "Entwurf 2"})
    offer.refresh_from_db()
    assert offer.name == "Entwurf 2"


def test_accepting_applies_the_change_with_audit_and_search_index(
    client: Client, make_offer: Callable, editor: Any, reviewer: Any, district: District
) -> None:
    offer = make_offer("Sprachcafé")
    revision = revision_propose(actor=editor, target=offer, data={"name": "Erzählcafé"})
    revision_approve(actor=reviewer, revision=revision)
    offer.refresh_from_db()
    assert offer.name == "Erzählcafé" and offer.state == Offer.State.PUBLISHED
    page, api = public_texts(client, offer)
    assert "Erzählcafé" in page and "Erzählcafé" in api
    assert offer.pk in offer_text_search(district=district, text="Erzählcafé", languages=["de"])
    entries = AuditEntry.objects.filter(object_id=str(offer.pk))
    change = entries.get(action="update", changes__has_key="Name")
    assert change.actor == reviewer and change.changes["Name"] == ["Sprachcafé", "Erzählcafé"]
    assert entries.filter(summary="Vorgeschlagene Änderung von editor übernommen").exists()
    revision.refresh_from_db()
    assert revision.state == Revision.State.ACCEPTED
    assert revision.decider == reviewer and revision.decided_at is not None
    # the diff of a decided revision still shows what it changed
    assert [(r.published, r.proposed) for r in revision_diff(revision=revision)] == [
        ("Sprachcafé", "Erzählcafé")
    ]


def test_rejecting_changes_nothing_and_keeps_the_reason(
    make_offer: Callable, editor: Any, reviewer: Any
) -> None:
    offer = make_offer("Sprachcafé")
    revision = revision_propose(actor=editor, target=offer, data={"name": "Erzählcafé"})
    with pytest.raises(ValidationError) as error:
        revision_reject(actor=reviewer, revision=revision, reason="  ")
    assert "Grund" in " ".join(error.value.messages)
    revision_reject(actor=reviewer, revision=revision, reason="Der Name ist eingeführt.")
    offer.refresh_from_db()
    revision.refresh_from_db()
    assert offer.name == "Sprachcafé"
    assert revision.state == Revision.State.REJECTED
    assert revision.reason == "Der Name ist eingeführt." and revision.decider == reviewer
    with pytest.raises(ValidationError):
        revision_approve(actor=reviewer, revision=revision)


def test_accepting_is_refused_when_the_published_field_changed_since(
    make_offer: Callable, editor: Any, reviewer: Any
) -> None:
    offer = make_offer("Sprachcafé")
    revision = revision_propose(actor=editor, target=offer, data={"name": "Erzählcafé", "alert": "Ferien"})
    offer_update(actor=reviewer, offer=offer, data={"name": "Sprachtreff"})
    with pytest.raises(ValidationError) as error:
        revision_approve(actor=reviewer, revision=revision)
    assert "Name" in error.value.messages[0] and "geändert" in error.value.messages[0]
    offer.refresh_from_db()
    assert (offer.name, offer.alert) == ("Sprachtreff", "")
    rows = {r.label: r for r in revision_diff(revision=revision)}
    assert rows["Name"].conflict and rows["Name"].published == "Sprachtreff"
    assert not rows["Hinweis"].conflict


def test_a_change_to_another_field_since_the_proposal_is_no_conflict(
    make_offer: Callable, editor: Any, reviewer: Any
) -> None:
    offer = make_offer("Sprachcafé")
    revision = revision_propose(actor=editor, target=offer, data={"name": "Erzählcafé"})
    offer_update(actor=reviewer, offer=offer, data={"alert": "Sommerpause"})
    revision_approve(actor=reviewer, revision=revision)
    offer.refresh_from_db()
    assert (offer.name, offer.alert) == ("Erzählcafé", "Sommerpause")


def test_categories_translations_and_schedules_are_proposed_and_applied(
    make_offer: Callable, editor: Any, reviewer: Any, term: Callable
) -> None:
    offer = make_offer("Kurs")
    component_save(actor=None, parent=offer, component=(old := Schedule(offer=offer, byday="MO")))
    women = term("target_group", "frauen")
    new_key = str(uuid.uuid4())
    revision = revision_propose(
        actor=editor,
        target=offer,
        data={"terms": [*offer.terms.all(), women]},
        parts={
            "translations": {"en": {"name": "Course", "short_description": "Every week"}},
            "schedules": {str(old.pk): None, new_key: {"byday": "WE", "opens_at": "10:00"}},
        },
    )
    offer.refresh_from_db()
    assert not offer.translations.exists() and list(offer.schedules.all()) == [old]
    labels = [r.label for r in revision_diff(revision=revision)]
    assert "Kategorien" in labels
    assert any(label.startswith("Übersetzung des Angebots (Englisch)") for label in labels), labels
    revision_approve(actor=reviewer, revision=revision)
    assert women in offer.terms.all()
    assert offer.translations.get(language_id="en").name == "Course"
    schedule = offer.schedules.get()
    assert (str(schedule.pk), schedule.byday, schedule.opens_at.hour) == (new_key, "WE", 10)


def test_a_second_proposal_by_the_same_editor_updates_the_pending_one(
    make_offer: Callable, editor: Any, reviewer: Any
) -> None:
    offer = make_offer("Sprachcafé")
    first = revision_propose(actor=editor, target=offer, data={"name": "Erzählcafé"})
    second = revision_propose(actor=editor, target=offer, data={"alert": "Ferien"})
    assert first.pk == second.pk and Revision.objects.count() == 1
    assert [r.label for r in revision_diff(revision=second)] == ["Name", "Hinweis"]
    offer_update(actor=reviewer, offer=offer, data={"description": "Neu beschrieben"})
    third = revision_propose(actor=editor, target=offer, data={"cost_free": True})
    assert [r.label for r in revision_diff(revision=third)] == ["Name", "Hinweis", "kostenlos"]
    other = revision_propose(actor=reviewer, target=offer, data={"alert": "Pause"})
    assert other.pk != first.pk and revisions_pending(target=offer).count() == 2
    revision_approve(actor=reviewer, revision=first)
    offer.refresh_from_db()
    assert (offer.name, offer.alert, offer.cost_free) == ("Erzählcafé", "Ferien", True)
    assert offer.description == "Neu beschrieben"  # a later change by others is not reverted


def test_proposals_are_checked_when_made(make_offer: Callable, editor: Any, district: District) -> None:
    offer = make_offer("Kurs")
    with pytest.raises(ValidationError) as error:
        revision_propose(actor=editor, target=offer, data={"minimum_age": 30, "maximum_age": 10})
    assert "Mindestalter" in " ".join(error.value.messages)
    with pytest.raises(ValidationError) as error:
        revision_propose(actor=editor, target=offer, data={"district": district})
    assert "Landkreis" in " ".join(error.value.messages)
    with pytest.raises(ValidationError):
        revision_propose(actor=editor, target=offer, data={"name": "Kurs"})  # changes nothing
    with pytest.raises(ValidationError):
        revision_propose(actor=editor, target=offer, data={"name": "Neu"}, allowed={"alert"})
    with pytest.raises(ValidationError) as error:
        revision_propose(actor=editor, target=offer, data={"valid_from": "bald"})
    assert "Datum" in " ".join(error.value.messages)
    assert not Revision.objects.exists()


def test_only_those_who_may_publish_decide(
    make_offer: Callable, editor: Any, reviewer: Any, planner: Any
) -> None:
    offer = make_offer("Kurs")
    revision = revision_propose(actor=editor, target=offer, data={"name": "Neu"})
    for actor in (editor, planner, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            revision_approve(actor=actor, revision=revision)
        with pytest.raises(PermissionDenied):
            revision_reject(actor=actor, revision=revision, reason="nein")
    revision.refresh_from_db()
    assert revision.state == Revision.State.PENDING


def test_planners_and_anonymous_users_cannot_propose(make_offer: Callable, planner: Any) -> None:
    offer = make_offer("Kurs")
    for actor in (planner, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            revision_propose(actor=actor, target=offer, data={"name": "Neu"})
    assert not Revision.objects.exists()


def test_only_the_proposer_withdraws(make_offer: Callable, editor: Any, reviewer: Any) -> None:
    offer = make_offer("Kurs")
    revision = revision_propose(actor=editor, target=offer, data={"name": "Neu"})
    with pytest.raises(PermissionDenied):
        revision_withdraw(actor=reviewer, revision=revision)
    revision_withdraw(actor=editor, revision=revision)
    revision.refresh_from_db()
    assert revision.state == Revision.State.WITHDRAWN
    assert revision_propose(actor=editor, target=offer, data={"name": "Neu"}).pk != revision.pk


def test_editors_list_their_own_revisions_reviewers_all(
    make_offer: Callable, editor: Any, reviewer: Any
) -> None:
    offer = make_offer("Kurs")
    mine = revision_propose(actor=editor, target=offer, data={"name": "Neu"})
    theirs = revision_propose(actor=reviewer, target=offer, data={"alert": "Pause"})
    assert list(revision_list(actor=editor)) == [mine]
    assert set(revision_list(actor=reviewer)) == {mine, theirs}
