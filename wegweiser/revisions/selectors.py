"""Reading revisions: lists by reader, pending ones of an object, the readable diff."""

from typing import Any

from django.db import models
from django.db.models import QuerySet

from wegweiser.access import permissions
from wegweiser.access.policy import has, scope
from wegweiser.revisions.diff import DiffRow, diff_rows
from wegweiser.revisions.models import Revision
from wegweiser.revisions.targets import snapshot, target_for


def revision_list(*, actor: Any) -> QuerySet[Revision]:
    """The revisions ``actor`` may read: reviewers (who may decide) and read-only staff see
    all of their districts, proposers their own."""
    revisions = scope(
        actor=actor,
        queryset=Revision.objects.select_related("proposer", "decider", "district"),
        permission=permissions.OFFER_VIEW,
    )
    if has(actor=actor, permission=permissions.OFFER_PUBLISH) or not has(
        actor=actor, permission=permissions.OFFER_CHANGE
    ):
        return revisions
    return revisions.filter(proposer=actor)


def revisions_pending(*, target: models.Model) -> QuerySet[Revision]:
    return Revision.objects.filter(
        target_type=target._meta.label_lower, target_id=target.pk, state=Revision.State.PENDING
    ).select_related("proposer")


def revisions_decided_for(*, target: models.Model, proposer: Any, limit: int = 3) -> list[Revision]:
    """The proposer's latest decided revisions of ``target`` (to show the reviewer's answer)."""
    return list(
        Revision.objects.filter(
            target_type=target._meta.label_lower,
            target_id=target.pk,
            proposer=proposer,
            state__in=[Revision.State.ACCEPTED, Revision.State.REJECTED],
        ).order_by("-decided_at")[:limit]
    )


def revision_diff(*, revision: Revision) -> list[DiffRow]:
    """Field by field: the published value next to the proposed one. For a pending revision
    "published" is the current published state (conflicts are flagged); for a decided one it
    is the state the proposal was based on."""
    spec = target_for(revision.target_type)
    published = revision.base
    if revision.state == Revision.State.PENDING:
        obj = spec.model._default_manager.filter(pk=revision.target_id).first()
        if obj is not None:
            published = snapshot(spec, obj)
    return diff_rows(target=spec, base=revision.base, proposed=revision.proposed, published=published)
