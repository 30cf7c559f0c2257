"""Writing the audit trail. Services call these; nothing else writes AuditEntry rows."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from wegweiser.core.models import AuditEntry
from wegweiser.core.tenancy import district_id_of


def _readable(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return ", ".join(sorted(_readable(v) for v in value)) or "—"
    return str(value)


def _label(choices: Mapping[Any, Any], value: Any) -> Any:
    return choices.get(value, value) if isinstance(value, (str, int)) else value


def model_snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """Concrete, editable field values of an instance (foreign keys as objects)."""
    snapshot: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if not field.editable or field.primary_key:
            continue
        if fields is not None and field.name not in fields:
            continue
        snapshot[field.name] = getattr(instance, field.name)
    return snapshot


def diff_snapshots(
    model: type[models.Model], before: Mapping[str, Any], after: Mapping[str, Any]
) -> dict[str, list[str]]:
    """Changed fields keyed by verbose name, values as readable strings."""
    changes: dict[str, list[str]] = {}
    for name, new in after.items():
        old = before.get(name)
        if _readable(old) == _readable(new):
            continue
        try:
            field = model._meta.get_field(name)
        except Exception:  # a pseudo-field such as a many-to-many summary
            changes[name] = [_readable(old), _readable(new)]
            continue
        label = str(getattr(field, "verbose_name", name))
        # Fields with choices are recorded by their label ("wöchentlich", "Entwurf"), not their value.
        choices = dict(getattr(field, "flatchoices", None) or [])
        changes[label] = [_readable(_label(choices, old)), _readable(_label(choices, new))]
    return changes


def audit_record(
    *,
    actor: Any,
    action: str,
    instance: models.Model,
    changes: Mapping[str, list[str]] | None = None,
    summary: str = "",
    target: models.Model | None = None,
    version: int | None = None,
) -> AuditEntry:
    """Record a change. ``target`` is the object whose history shows the entry (e.g. the offer
    for a change to one of its schedules); it defaults to ``instance``. ``version``: the
    target's lock_version this change produced (``core.versioning``)."""
    shown_on = target or instance
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        district_id=district_id_of(shown_on),
        action=action,
        object_type=shown_on._meta.label_lower,
        object_id=str(shown_on.pk),
        object_repr=str(shown_on)[:300],
        changes=dict(changes or {}),
        summary=summary[:300],
        object_version=version,
    )
