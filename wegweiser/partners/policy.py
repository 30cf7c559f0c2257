"""What a partner may do: the one place that decides it. A partner acts only for the
organisations of its ``PartnerAccess`` rows, and only on their offers:

- ``VIEW``: see the offer in the portal (published, in review, or a draft of its organisation —
  never another organisation's, never an archived one);
- ``PROPOSE``: propose a change (a revision staff review) to such an offer, limited to
  ``catalog.revisable.OFFER_PARTNER_FIELDS``;
- ``CONFIRM``: confirm a published offer as still current;
- ``ADD_OFFER``: propose a new offer of the organisation (created in review, never published);
- ``MANAGE``: invite and remove the organisation's people (managers only).

Partners never publish, never change vocabularies and never reach the back office: the
services of those things check staff permissions (``access.policy``), which partners lack."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from wegweiser.catalog.revisable import OFFER_PARTNER_FIELDS

VIEW, PROPOSE, CONFIRM, ADD_OFFER, MANAGE = "view", "propose", "confirm", "add_offer", "manage"
ACTIONS = frozenset({VIEW, PROPOSE, CONFIRM, ADD_OFFER, MANAGE})
_CACHE = "_partner_organisations"


def partner_organisation_ids(actor: Any, *, managed: bool = False) -> set[Any]:
    """Ids of the organisations ``actor`` acts for (``managed``: those it manages), cached on the
    user object for the request."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return set()
    cached = getattr(actor, _CACHE, None)
    if cached is None:
        from wegweiser.partners.models import PartnerAccess

        cached = dict(
            PartnerAccess.objects.filter(user_id=actor.pk).values_list("organisation_id", "is_manager")
        )
        setattr(actor, _CACHE, cached)
    return {org for org, manager in cached.items() if manager or not managed}


def partner_forget(actor: Any) -> None:
    if hasattr(actor, _CACHE):
        delattr(actor, _CACHE)


def is_partner(actor: Any) -> bool:
    return bool(partner_organisation_ids(actor))


def partner_may(*, actor: Any, action: str, obj: Any) -> bool:
    """Whether partner ``actor`` may do ``action`` on ``obj`` (an offer, or an organisation for
    ``ADD_OFFER`` and ``MANAGE``)."""
    from wegweiser.catalog.models import Offer, Organisation

    if action not in ACTIONS:
        raise ValueError(f"unknown partner action {action}")
    if isinstance(obj, Organisation):
        if action == MANAGE:
            return obj.pk in partner_organisation_ids(actor, managed=True)
        return action == ADD_OFFER and obj.pk in partner_organisation_ids(actor)
    if not isinstance(obj, Offer) or action in (ADD_OFFER, MANAGE):
        return False
    if obj.organisation_id not in partner_organisation_ids(actor):
        return False
    if action == CONFIRM:
        return obj.state == Offer.State.PUBLISHED
    return obj.state != Offer.State.ARCHIVED


def partner_require(*, actor: Any, action: str, obj: Any) -> None:
    if not partner_may(actor=actor, action=action, obj=obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def partner_revisable_names(*, actor: Any, target: Any) -> frozenset[str] | None:
    """The names a partner may propose changes to on ``target`` (None: may not propose)."""
    if partner_may(actor=actor, action=PROPOSE, obj=target):
        return frozenset(OFFER_PARTNER_FIELDS)
    return None


def partner_require_offer_proposal(*, actor: Any, organisation: Any, district_id: Any, state: str) -> None:
    """A partner creates an offer only as a proposal (in review) of its own organisation, in
    that organisation's district."""
    from wegweiser.catalog.models import Offer

    if (
        organisation is None
        or state != Offer.State.IN_REVIEW
        or organisation.district_id != district_id
        or not partner_may(actor=actor, action=ADD_OFFER, obj=organisation)
    ):
        raise PermissionDenied(_("You are not allowed to do this."))
