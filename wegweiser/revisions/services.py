"""Proposing, accepting, rejecting and withdrawing changes to published entities.

Accepting applies the proposal through the owner's services (``offer_update``,
``component_save``, ``component_delete``), so validation, the audit trail and the search index
run exactly as for a direct edit by the reviewer."""

import uuid
from collections.abc import Collection, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.access.policy import has, require
from wegweiser.core.audit import audit_record
from wegweiser.core.models import AuditEntry
from wegweiser.revisions.diff import conflicting_labels, diff_rows
from wegweiser.revisions.models import Revision
from wegweiser.revisions.targets import (
    Key,
    Snapshot,
    Target,
    apply,
    changed_keys,
    dump,
    dump_m2m,
    dump_row,
    field_of,
    snapshot,
    target_for,
    value_at,
    with_value,
)

PartChanges = Mapping[str, Mapping[str, Mapping[str, Any] | None]]


class _DryRun(Exception):
    """Raised to roll back a trial application of a proposal."""


def _require(actor: Any, permission: str, obj: models.Model) -> None:
    require(actor=actor, permission=permission, obj=obj)


def _propose_names(actor: Any, spec: Target, target: models.Model) -> frozenset[str] | None:
    """The names ``actor`` may propose changes to (None: any on the allow-list). Staff need the
    change permission in the object's district; partners may propose for their organisations'
    offers only, and only the partner fields (``partners.policy``). Everyone else is refused."""
    if has(actor=actor, permission=spec.change_permission, obj=target):
        return None
    from wegweiser.partners.policy import partner_revisable_names

    names = partner_revisable_names(actor=actor, target=target)
    if names is None:
        raise PermissionDenied(_("You are not allowed to do this."))
    return names


def revision_required(*, actor: Any, target: models.Model) -> bool:
    """Whether a change by ``actor`` to ``target`` must be proposed for review instead of being
    applied: the object is published and the actor may not publish."""
    spec = target_for(target)
    if actor is None or not spec.is_published(target):
        return False
    return not has(actor=actor, permission=spec.publish_permission, obj=target)


def _requested(
    spec: Target, data: Mapping[str, Any], parts: PartChanges, allowed: set[str]
) -> list[tuple[Key, Any]]:
    """The requested changes as (key, JSON value); part rows may be partial."""
    unknown = [name for name in [*data, *parts] if name not in allowed]
    if unknown:
        labels = []
        for name in unknown:
            try:
                labels.append(str(field_of(spec.model, name).verbose_name))
            except Exception:
                labels.append(name)
        raise ValidationError(
            _("These fields cannot be changed through a proposal: %(fields)s.")
            % {"fields": ", ".join(labels)}
        )
    requested: list[tuple[Key, Any]] = []
    for name, value in data.items():
        if name in spec.m2m:
            requested.append((("m2m", name), dump_m2m(value)))
        else:
            requested.append((("fields", name), dump(field_of(spec.model, name), value)))
    for name, rows in parts.items():
        part = spec.part(name)
        for row_key, values in rows.items():
            if part.key == "id":
                try:
                    row_key = str(uuid.UUID(str(row_key)))
                except ValueError:
                    raise ValidationError(_("Unknown entry: %(key)s") % {"key": row_key}) from None
            if values is None:
                requested.append((("parts", name, str(row_key)), None))
                continue
            dumped = {
                field: dump(field_of(part.model, field), value)
                for field, value in values.items()
                if field in part.fields
            }
            requested.append((("parts", name, str(row_key)), dumped))
    return requested


def _merge(spec: Target, start: Snapshot, requested: list[tuple[Key, Any]]) -> Snapshot:
    result = start
    for key, value in requested:
        if key[0] == "parts" and value is not None:
            previous = value_at(result, key) or dump_row(spec.part(key[1]), {})
            value = previous | value
        result = with_value(result, key, value)
    return result


def _try(spec: Target, pk: Any, proposed: Snapshot, keys: list[Key]) -> None:
    """Apply the proposal in a transaction that is rolled back: the owner's services validate
    it now, so the proposer hears about bad input instead of the reviewer."""
    try:
        with transaction.atomic():
            fresh = spec.model._default_manager.get(pk=pk)
            apply(target=spec, obj=fresh, proposed=proposed, keys=keys, actor=None)
            raise _DryRun
    except _DryRun:
        pass


def _summary(spec: Target, revision: Revision, published: Snapshot) -> dict[str, list[str]]:
    rows = diff_rows(target=spec, base=revision.base, proposed=revision.proposed, published=published)
    return {row.label: [row.published, row.proposed] for row in rows}


@transaction.atomic
def revision_propose(
    *,
    actor: Any,
    target: models.Model,
    data: Mapping[str, Any] | None = None,
    parts: PartChanges | None = None,
    note: str = "",
    allowed: Collection[str] | None = None,
    allow_empty: bool = False,
) -> Revision:
    """Propose changes to ``target`` for review instead of applying them.

    ``data`` maps field and many-to-many names to new values (as for ``offer_update``);
    ``parts`` maps a part (``"schedules"``) to rows by key (UUID, or the language code for
    translations): a dict of field values creates or changes the row, ``None`` removes it. A
    new row gets a new UUID as key. Only names on the target's allow-list (narrowed by
    ``allowed``, e.g. the partner fields) are accepted.

    Each proposer has at most one pending revision per object: a second proposal is merged
    into it (later values win) and its base is kept for what it already changed.

    ``allow_empty`` accepts a proposal that changes no field: a change described in words only
    (``note``), e.g. by a provider answering a confirmation e-mail, for the reviewer to apply."""
    spec = target_for(target)
    capped = _propose_names(actor, spec, target)
    stored = spec.model._default_manager.select_for_update().get(pk=target.pk)
    permitted = spec.names() & set(allowed) if allowed is not None else spec.names()
    if capped is not None:
        permitted &= capped
    requested = _requested(spec, data or {}, parts or {}, permitted)
    current = snapshot(spec, stored)
    proposer = actor if getattr(actor, "is_authenticated", False) else None
    revision = (
        Revision.objects.select_for_update()
        .filter(target_type=spec.label, target_id=stored.pk, proposer=proposer, state=Revision.State.PENDING)
        .first()
    )
    if revision is None:
        base, proposed = current, _merge(spec, current, requested)
        revision = Revision(
            target_type=spec.label,
            target_id=stored.pk,
            district_id=stored.district_id,  # type: ignore[attr-defined]
            proposer=proposer,
        )
    else:
        # What the revision already changes keeps its original base and proposed value;
        # everything else starts from the current published state.
        earlier = changed_keys(spec, revision.base, revision.proposed)
        base = proposed = current
        for key in earlier:
            base = with_value(base, key, value_at(revision.base, key))
            proposed = with_value(proposed, key, value_at(revision.proposed, key))
        proposed = _merge(spec, proposed, requested)
    keys = changed_keys(spec, base, proposed)
    if not keys and not (allow_empty and note.strip()):
        raise ValidationError(_("The proposal does not change anything."))
    _try(spec, stored.pk, proposed, keys)
    adding = revision._state.adding
    revision.target_repr = str(stored)[:300]
    revision.base, revision.proposed = base, proposed
    revision.note = note or revision.note
    revision.full_clean()
    revision.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE if adding else AuditEntry.Action.UPDATE,
        instance=revision,
        changes=_summary(spec, revision, current),
        summary=_("Change proposed for review"),
    )
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=stored,
        summary=_("Change proposed for review (not yet public)"),
    )
    return revision


def _pending(revision: Revision) -> Revision:
    locked = Revision.objects.select_for_update().get(pk=revision.pk)
    if locked.state != Revision.State.PENDING:
        raise ValidationError(
            _("This change has already been decided (%(state)s).") % {"state": locked.get_state_display()}
        )
    return locked


def _decide(actor: Any, revision: Revision, state: str, reason: str, summary: str) -> None:
    old = revision.get_state_display()
    revision.state = state
    revision.reason = reason
    revision.decider = actor if getattr(actor, "is_authenticated", False) else None
    revision.decided_at = timezone.now()
    revision.save(update_fields=["state", "reason", "decider", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEntry.Action.STATE,
        instance=revision,
        changes={str(_("state")): [str(old), str(revision.get_state_display())]},
        summary=summary,
    )


def revision_conflicts(*, revision: Revision, target: models.Model | None = None) -> list[str]:
    """Labels of fields the revision changes that were changed on the published object since
    the revision was proposed (empty when it can be accepted)."""
    spec = target_for(revision.target_type)
    obj = target or spec.model._default_manager.get(pk=revision.target_id)
    return conflicting_labels(
        target=spec, base=revision.base, proposed=revision.proposed, published=snapshot(spec, obj)
    )


@transaction.atomic
def revision_approve(*, actor: Any, revision: Revision) -> None:
    """Accept a pending revision: its changes are applied through the owner's services, with
    the reviewer as actor. Refused when the published object has changed since in a field the
    revision changes."""
    spec = target_for(revision.target_type)
    _require(actor, spec.publish_permission, revision)
    revision = _pending(revision)
    obj = spec.model._default_manager.select_for_update().filter(pk=revision.target_id).first()
    if obj is None:
        raise ValidationError(_("The object of this change no longer exists."))
    conflicts = revision_conflicts(revision=revision, target=obj)
    if conflicts:
        raise ValidationError(
            _(
                "Since this change was proposed, the published version was changed in: %(fields)s. "
                "Reject the proposal and ask for a new one based on the current version."
            )
            % {"fields": ", ".join(conflicts)}
        )
    keys = changed_keys(spec, revision.base, revision.proposed)
    apply(target=spec, obj=obj, proposed=revision.proposed, keys=keys, actor=actor)
    _decide(actor, revision, Revision.State.ACCEPTED, "", _("Change accepted"))
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=obj,
        summary=_("Proposed change by %(proposer)s accepted")
        % {"proposer": revision.proposer or _("system")},
    )


@transaction.atomic
def revision_reject(*, actor: Any, revision: Revision, reason: str) -> None:
    """Reject a pending revision; nothing changes on the object. The reason is shown to the
    proposer."""
    spec = target_for(revision.target_type)
    _require(actor, spec.publish_permission, revision)
    if not reason.strip():
        raise ValidationError(_("Give a reason so that the proposer knows what to change."))
    revision = _pending(revision)
    _decide(actor, revision, Revision.State.REJECTED, reason.strip(), _("Change rejected"))


@transaction.atomic
def revision_withdraw(*, actor: Any, revision: Revision) -> None:
    """The proposer takes back a pending revision."""
    spec = target_for(revision.target_type)
    if not has(actor=actor, permission=spec.change_permission, obj=revision):
        target = spec.model._default_manager.filter(pk=revision.target_id).first()
        if target is None:
            raise PermissionDenied(_("You are not allowed to do this."))
        _propose_names(actor, spec, target)  # a partner withdraws its own proposals
    if actor is not None and revision.proposer_id != actor.pk:
        raise PermissionDenied(_("Only the proposer can withdraw a proposed change."))
    revision = _pending(revision)
    _decide(actor, revision, Revision.State.WITHDRAWN, "", _("Change withdrawn"))
