"""Reading what a partner sees in the portal: its organisations, their offers with their
freshness, the proposals and the reviewers' decisions. Everything is limited to the partner's
organisations (``partners.policy``)."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from wegweiser.catalog.models import Offer, Organisation
from wegweiser.freshness.periods import months_after as add_months
from wegweiser.partners import policy
from wegweiser.partners.models import Invitation, PartnerAccess
from wegweiser.revisions.models import Revision

CURRENT, DUE_SOON, OVERDUE, UNCHECKED = "current", "due_soon", "overdue", "unchecked"


@dataclass
class Freshness:
    checked_on: dt.date | None
    due_on: dt.date | None
    state: str  # CURRENT, DUE_SOON, OVERDUE or UNCHECKED (not published yet)


def offer_freshness(*, offer: Offer, today: dt.date | None = None) -> Freshness:
    """When the offer was last confirmed (or published), when confirmation is due, and whether
    that is overdue, soon (within the district's notice period) or not yet."""
    today = today or timezone.localdate()
    checked = offer.assured_date or (timezone.localdate(offer.published_at) if offer.published_at else None)
    if offer.state != Offer.State.PUBLISHED or checked is None:
        return Freshness(checked, None, UNCHECKED)
    district = offer.district
    due = add_months(checked, district.stale_after_months)
    if due < today:
        state = OVERDUE
    elif (due - today).days <= district.confirmation_notice_days:
        state = DUE_SOON
    else:
        state = CURRENT
    return Freshness(checked, due, state)


@dataclass
class OfferRow:
    offer: Offer
    freshness: Freshness
    pending: list[Revision] = field(default_factory=list)
    decided: list[Revision] = field(default_factory=list)


@dataclass
class OrganisationBlock:
    organisation: Organisation
    is_manager: bool
    offers: list[OfferRow]


def partner_organisations(*, actor: Any) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=policy.partner_organisation_ids(actor)).select_related(
        "district"
    )


def partner_offers(*, actor: Any) -> QuerySet[Offer]:
    """The offers a partner may see: its organisations' offers that are not archived."""
    return (
        Offer.objects.filter(organisation_id__in=policy.partner_organisation_ids(actor))
        .exclude(state=Offer.State.ARCHIVED)
        .select_related("district", "organisation")
    )


def partner_offer(*, actor: Any, pk: Any) -> Offer:
    """One offer the partner may see; 404 for every other (another organisation's, another
    district's, archived, unknown) so that nothing can be probed."""
    offer = partner_offers(actor=actor).filter(pk=pk).first()
    if offer is None or not policy.partner_may(actor=actor, action=policy.VIEW, obj=offer):
        raise Http404
    return offer


def partner_organisation(*, actor: Any, pk: Any) -> Organisation:
    organisation = partner_organisations(actor=actor).filter(pk=pk).first()
    if organisation is None:
        raise Http404
    return organisation


def _colleague_ids(organisation_ids: set[Any]) -> set[Any]:
    return set(
        PartnerAccess.objects.filter(organisation_id__in=organisation_ids).values_list("user_id", flat=True)
    )


def partner_revisions(*, offer_ids: list[Any], organisation_ids: set[Any]) -> list[Revision]:
    """Revisions of these offers proposed by people of these organisations (not the office's
    own proposals), newest first."""
    return list(
        Revision.objects.filter(
            target_type="catalog.offer",
            target_id__in=offer_ids,
            proposer_id__in=_colleague_ids(organisation_ids),
        )
        .exclude(state=Revision.State.WITHDRAWN)
        .select_related("proposer", "decider")
        .order_by("-created_at")
    )


def partner_overview(*, actor: Any, today: dt.date | None = None) -> list[OrganisationBlock]:
    """The portal's start page: per organisation its offers with freshness, pending proposals
    and the latest decisions with the reviewers' comments (a fixed number of queries)."""
    managed = policy.partner_organisation_ids(actor, managed=True)
    organisations = list(partner_organisations(actor=actor).order_by("name"))
    offers = list(partner_offers(actor=actor).order_by("name"))
    revisions = partner_revisions(
        offer_ids=[o.pk for o in offers], organisation_ids={o.pk for o in organisations}
    )
    by_offer: dict[Any, list[Revision]] = {}
    for revision in revisions:
        by_offer.setdefault(revision.target_id, []).append(revision)
    blocks = []
    for organisation in organisations:
        rows = []
        for offer in offers:
            if offer.organisation_id != organisation.pk:
                continue
            found = by_offer.get(offer.pk, [])
            rows.append(
                OfferRow(
                    offer=offer,
                    freshness=offer_freshness(offer=offer, today=today),
                    pending=[r for r in found if r.state == Revision.State.PENDING],
                    decided=[r for r in found if r.state != Revision.State.PENDING][:2],
                )
            )
        blocks.append(OrganisationBlock(organisation, organisation.pk in managed, rows))
    return blocks


def partner_colleagues(*, actor: Any, organisation: Organisation) -> dict[str, Any]:
    """The people with access to an organisation and its open invitations (for its managers)."""
    policy.partner_require(actor=actor, action=policy.MANAGE, obj=organisation)
    return {
        "accesses": list(
            PartnerAccess.objects.filter(organisation=organisation)
            .select_related("user")
            .order_by("user__email")
        ),
        "invitations": [
            i
            for i in Invitation.objects.filter(
                organisation=organisation, accepted_at__isnull=True, revoked_at__isnull=True
            )
            if i.is_open
        ],
    }
