"""Writing offers: create, edit, the editorial workflow, confirmation."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.access import permissions
from wegweiser.access.policy import has, require
from wegweiser.catalog.models import Offer, OfferLocation, Taxonomy
from wegweiser.core.audit import audit_record
from wegweiser.core.models import AuditEntry
from wegweiser.core.services import create_audited, editable_fields, unique_slug, update_audited
from wegweiser.core.tenancy import same_district_check
from wegweiser.core.versioning import version_raise
from wegweiser.freshness.models import OfferConfirmation
from wegweiser.freshness.services import confirmation_record
from wegweiser.search.services import search_index_offers

OFFER_M2M = ("terms", "languages", "municipalities", "funding_programmes")
# What an update may change: not the district, slug, state, publication or confirmation
# (those change only through the workflow functions below).
OFFER_UPDATE_FIELDS = editable_fields(Offer, exclude=("slug", "assured_date", "assurer", "assurer_email"))
OFFER_CREATE_FIELDS = editable_fields(Offer) | {"district", "state"}


def _split(data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Iterable[Any]]]:
    fields = {k: v for k, v in data.items() if k not in OFFER_M2M}
    m2m = {k: v for k, v in data.items() if k in OFFER_M2M}
    return fields, m2m


@transaction.atomic
def offer_create(*, actor: Any, data: Mapping[str, Any]) -> Offer:
    """Create an offer (as a draft unless ``data`` says otherwise) from field values;
    many-to-many fields (terms, languages, municipalities, funding_programmes) may be included.
    Partners may create offers of their organisations in review only (a proposal)."""
    fields, m2m = _split(data)
    unknown = set(fields) - OFFER_CREATE_FIELDS
    if unknown:
        raise ValueError(f"offer_create: not settable: {', '.join(sorted(unknown))}")
    offer = Offer(**fields)
    state = fields.get("state", Offer.State.DRAFT)
    if has(actor=actor, permission=permissions.OFFER_ADD, district=offer.district_id):
        if state != Offer.State.DRAFT:
            require(actor=actor, permission=permissions.OFFER_PUBLISH, district=offer.district_id)
    else:
        # A partner proposes a new offer of its own organisation: created in review, never public
        # before a reviewer publishes it (``partners.policy``); everyone else is refused there.
        from wegweiser.partners.policy import partner_require_offer_proposal

        organisation = fields.get("organisation")
        partner_require_offer_proposal(
            actor=actor, organisation=organisation, district_id=offer.district_id, state=state
        )
    same_district_check(district_id=offer.district_id, values=data)
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
    require(actor=actor, permission=permissions.OFFER_CHANGE, obj=offer)
    offer_require_direct_change(actor=actor, offer=offer)
    fields, m2m = _split(data)
    fields.pop("state", None)  # the state changes only through the workflow functions below
    same_district_check(district_id=offer.district_id, values=data)
    changes = update_audited(
        actor=actor,
        instance=offer,
        data=fields,
        m2m=m2m,
        fields=OFFER_UPDATE_FIELDS,
        expected_version=expected_version,
    )
    search_index_offers(offer_ids=[offer.pk])
    return changes


def offer_require_direct_change(*, actor: Any, offer: Offer) -> None:
    """A published offer changes directly only for those who may publish; everyone else
    proposes the change for review (``wegweiser.revisions.services.revision_propose``)."""
    if has(actor=actor, permission=permissions.OFFER_PUBLISH, obj=offer):
        return
    if Offer.objects.filter(pk=offer.pk, state=Offer.State.PUBLISHED).exists():
        raise PermissionDenied(_("Changes to a published offer are reviewed: propose them for review."))


def _set_state(actor: Any, offer: Offer, state: str, summary: str) -> None:
    old = offer.get_state_display()
    offer.state = state
    if state == Offer.State.PUBLISHED:
        offer.published_at = timezone.now()
    if state == Offer.State.ARCHIVED:
        offer.archived_at = timezone.now()  # the end of its active time in the history of supply
    offer.save(update_fields=["state", "published_at", "archived_at", "updated_at"])
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
    return offers_publication_problems(offers=[offer])[offer.pk]


def offers_publication_problems(*, offers: Sequence[Offer]) -> dict[Any, list[str]]:
    """``offer_publication_problems`` for many offers at once (three queries per 2,000 offers)."""
    ids = [offer.pk for offer in offers]
    roles: dict[Any, set[str]] = defaultdict(set)
    placed: set[Any] = set()
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        for offer_id, role in Offer.terms.through.objects.filter(offer_id__in=chunk).values_list(
            "offer_id", "taxonomyterm__taxonomy__role"
        ):
            roles[offer_id].add(role)
        placed |= set(OfferLocation.objects.filter(offer_id__in=chunk).values_list("offer_id", flat=True))
        placed |= set(
            Offer.municipalities.through.objects.filter(offer_id__in=chunk).values_list("offer_id", flat=True)
        )
    result: dict[Any, list[str]] = {}
    for offer in offers:
        problems = []
        if Taxonomy.Role.FIELD_OF_ACTION not in roles[offer.pk]:
            problems.append(_("Choose at least one field of action."))
        if Taxonomy.Role.TARGET_GROUP not in roles[offer.pk]:
            problems.append(_("Choose at least one target group."))
        if not offer.short_description.strip():
            problems.append(_("Write a short description."))
        if not (offer.serves_whole_district or offer.is_mobile or offer.pk in placed):
            problems.append(
                _(
                    "Say where the offer takes place: a location, municipalities, the whole district or mobile."  # noqa: E501
                )
            )
        result[offer.pk] = problems
    return result


@transaction.atomic
def offer_submit_for_review(*, actor: Any, offer: Offer) -> None:
    require(actor=actor, permission=permissions.OFFER_CHANGE, obj=offer)
    if offer.state not in (Offer.State.DRAFT, Offer.State.ARCHIVED):
        raise ValidationError(_("Only drafts can be submitted for review."))
    _set_state(actor, offer, Offer.State.IN_REVIEW, _("Submitted for review"))


@transaction.atomic
def offer_publish(*, actor: Any, offer: Offer) -> None:
    """Make the offer public. Only reviewers may publish, and only complete offers."""
    require(actor=actor, permission=permissions.OFFER_PUBLISH, obj=offer)
    problems = offer_publication_problems(offer=offer)
    if problems:
        raise ValidationError(problems)
    if offer.state == Offer.State.PUBLISHED:
        return
    _set_state(actor, offer, Offer.State.PUBLISHED, _("Published"))
    # The reviewer checked the offer to publish it: it counts as checked today.
    confirmation_record(actor=actor, offer=offer, method=OfferConfirmation.Method.PUBLICATION)


@transaction.atomic
def offer_reject(*, actor: Any, offer: Offer, reason: str = "") -> None:
    """Send an offer in review back to its editors as a draft."""
    require(actor=actor, permission=permissions.OFFER_PUBLISH, obj=offer)
    _set_state(
        actor, offer, Offer.State.DRAFT, _("Returned to draft: %(reason)s") % {"reason": reason or "—"}
    )


@transaction.atomic
def offer_archive(*, actor: Any, offer: Offer) -> None:
    """Withdraw an offer from the public directory; it stays in the back office."""
    require(actor=actor, permission=permissions.OFFER_PUBLISH, obj=offer)
    if offer.state == Offer.State.ARCHIVED:
        return
    _set_state(actor, offer, Offer.State.ARCHIVED, _("Archived"))


@transaction.atomic
def offer_confirm(
    *, actor: Any, offer: Offer, on: dt.date | None = None, method: str = "office", note: str = ""
) -> None:
    """Record that the offer's information was checked and is current (HSDS assured_date), by
    the office itself (``method="office"``) or after a phone call with the provider (``"phone"``)."""
    require(actor=actor, permission=permissions.OFFER_CONFIRM, obj=offer)
    confirmation_record(actor=actor, offer=offer, method=method, on=on, note=note)


@transaction.atomic
def offers_publish(
    *, actor: Any, offers: Sequence[Offer], summary: str = "", index: bool = True
) -> dict[Any, list[str]]:
    """``offer_publish`` for many offers at once (the importer): the same permission, the same
    checks and a STATE audit entry per published offer, written in bulk. Offers with problems are
    left as they are; returns their problems by offer id. ``index=False`` when the caller rebuilds
    the search index of these offers itself."""
    for district_id in {o.district_id for o in offers}:
        require(actor=actor, permission=permissions.OFFER_PUBLISH, district=district_id)
    problems = {pk: found for pk, found in offers_publication_problems(offers=offers).items() if found}
    ready = [o for o in offers if o.pk not in problems and o.state != Offer.State.PUBLISHED]
    now = timezone.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    today = timezone.localdate(now)
    entries = []
    for offer in ready:
        old = offer.get_state_display()
        offer.state, offer.published_at, offer.updated_at = Offer.State.PUBLISHED, now, now
        changes = {str(_("publication state")): [str(old), str(offer.get_state_display())]}
        if offer.assured_date is None:  # counts as checked on publication (below)
            changes[str(_("last confirmed on"))] = ["", today.isoformat()]
        entries.append(
            AuditEntry(
                actor=user,
                action=AuditEntry.Action.STATE,
                object_type=offer._meta.label_lower,
                object_id=str(offer.pk),
                object_repr=str(offer)[:300],
                changes=changes,
                summary=(summary or _("Published"))[:300],
            )
        )
    # Offers without an imported confirmation date count as checked on publication.
    unconfirmed = [o for o in ready if o.assured_date is None]
    for offer in unconfirmed:
        offer.assured_date, offer.assurer = today, user
    Offer.objects.bulk_update(
        ready, ["state", "published_at", "updated_at", "assured_date", "assurer"], batch_size=500
    )
    OfferConfirmation.objects.bulk_create(
        [
            OfferConfirmation(
                district_id=o.district_id,
                offer=o,
                confirmed_on=today,
                method=OfferConfirmation.Method.PUBLICATION,
                user=user,
                email=getattr(user, "email", "") or "",
            )
            for o in unconfirmed
        ],
        batch_size=1000,
    )
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    if index:
        search_index_offers(offer_ids=[o.pk for o in ready])
    return problems
