"""Writing offers: create, edit, the editorial workflow, confirmation."""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.catalog.models import Offer, Taxonomy
from wegweiser.core.audit import audit_record
from wegweiser.core.models import AuditEntry
from wegweiser.core.services import (
    create_audited,
    require_permission,
    unique_slug,
    update_audited,
)
from wegweiser.core.versioning import version_raise
from wegweiser.search.services import search_index_offers

OFFER_M2M = ("terms", "languages", "municipalities", "funding_programmes")


def _split(data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Iterable[Any]]]:
    fields = {k: v for k, v in data.items() if k not in OFFER_M2M}
    m2m = {k: v for k, v in data.items() if k in OFFER_M2M}
    return fields, m2m


@transaction.atomic
def offer_create(*, actor: Any, data: Mapping[str, Any]) -> Offer:
    """Create an offer (as a draft unless ``data`` says otherwise) from field values;
    many-to-many fields (terms, languages, municipalities, funding_programmes) may be included."""
    require_permission(actor, "catalog.add_offer")
    fields, m2m = _split(data)
    offer = Offer(**fields)
    if not offer.slug:
        offer.slug = unique_slug(Offer.objects.filter(district_id=offer.district_id), offer.name)
    create_audited(actor=actor, instance=offer, m2m=m2m)
    search_index_offers(offer_ids=[offer.pk])
    return offer


@transaction.atomic
def offer_update(
    *, actor: Any, offer: Offer, data: Mapping[str, Any], expected_version: int | None = None
) -> dict[str, list[str]]:
    """Change an offer's fields; returns the recorded changes ({label: [old, new]}).
    ``expected_version``: the offer's lock_version the caller's form was based on; a stale one
    raises ``StaleObjectError`` and nothing is written (``core.versioning``)."""
    require_permission(actor, "catalog.change_offer")
    fields, m2m = _split(data)
    fields.pop("state", None)  # the state changes only through the workflow functions below
    changes = update_audited(
        actor=actor, instance=offer, data=fields, m2m=m2m, expected_version=expected_version
    )
    search_index_offers(offer_ids=[offer.pk])
    return changes


def _set_state(actor: Any, offer: Offer, state: str, summary: str) -> None:
    old = offer.get_state_display()
    offer.state = state
    if state == Offer.State.PUBLISHED:
        offer.published_at = timezone.now()
    offer.save(update_fields=["state", "published_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEntry.Action.STATE,
        instance=offer,
        changes={str(_("publication state")): [str(old), str(offer.get_state_display())]},
        summary=summary,
        version=version_raise(offer),  # a form opened before the step is stale now
    )
    search_index_offers(offer_ids=[offer.pk])


def offer_publication_problems(*, offer: Offer) -> list[str]:
    """What keeps an offer from being published, in words staff understand."""
    problems = []
    roles = set(offer.terms.values_list("taxonomy__role", flat=True))
    if Taxonomy.Role.FIELD_OF_ACTION not in roles:
        problems.append(_("Choose at least one field of action."))
    if Taxonomy.Role.TARGET_GROUP not in roles:
        problems.append(_("Choose at least one target group."))
    if not offer.short_description.strip():
        problems.append(_("Write a short description."))
    if not (
        offer.serves_whole_district
        or offer.is_mobile
        or offer.offer_locations.exists()
        or offer.municipalities.exists()
    ):
        problems.append(
            _("Say where the offer takes place: a location, municipalities, the whole district or mobile.")
        )
    return problems


@transaction.atomic
def offer_submit_for_review(*, actor: Any, offer: Offer) -> None:
    require_permission(actor, "catalog.change_offer")
    if offer.state not in (Offer.State.DRAFT, Offer.State.ARCHIVED):
        raise ValidationError(_("Only drafts can be submitted for review."))
    _set_state(actor, offer, Offer.State.IN_REVIEW, _("Submitted for review"))


@transaction.atomic
def offer_publish(*, actor: Any, offer: Offer) -> None:
    """Make the offer public. Only reviewers may publish, and only complete offers."""
    require_permission(actor, "catalog.publish_offer")
    problems = offer_publication_problems(offer=offer)
    if problems:
        raise ValidationError(problems)
    if offer.state == Offer.State.PUBLISHED:
        return
    _set_state(actor, offer, Offer.State.PUBLISHED, _("Published"))


@transaction.atomic
def offer_reject(*, actor: Any, offer: Offer, reason: str = "") -> None:
    """Send an offer in review back to its editors as a draft."""
    require_permission(actor, "catalog.publish_offer")
    _set_state(
        actor, offer, Offer.State.DRAFT, _("Returned to draft: %(reason)s") % {"reason": reason or "—"}
    )


@transaction.atomic
def offer_archive(*, actor: Any, offer: Offer) -> None:
    """Withdraw an offer from the public directory; it stays in the back office."""
    require_permission(actor, "catalog.publish_offer")
    if offer.state == Offer.State.ARCHIVED:
        return
    _set_state(actor, offer, Offer.State.ARCHIVED, _("Archived"))


@transaction.atomic
def offer_confirm(*, actor: Any, offer: Offer, on: dt.date | None = None) -> None:
    """Record that the offer's information was checked and is current (HSDS assured_date)."""
    require_permission(actor, "catalog.confirm_offer")
    data = {
        "assured_date": on or timezone.localdate(),
        "assurer": actor,
        "assurer_email": getattr(actor, "email", "") or "",
    }
    update_audited(actor=actor, instance=offer, data=data, summary=_("Confirmed as current"))
