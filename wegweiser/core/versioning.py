"""Optimistic locking: a save based on an old version of an entity is refused, with what the
other person changed since, instead of silently overwriting it.

Every entity staff edit in a form is a ``VersionedModel``. The services raise its
``lock_version`` whenever they record a change of it (its own fields, one of its parts, a
workflow step) and write the new number on the audit entry, so the entries "since version n" are
exactly the changes a form based on version n has not seen. See docs/concurrency.md."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.core.models import AuditEntry, VersionedModel

# Long texts (descriptions) are cut in the message; the change history shows them in full.
VALUE_LIMIT = 80
ENTRY_LIMIT = 10


class StaleObjectError(ValidationError):
    """The object was changed by someone else after the version the caller's form was based on."""

    def __init__(self, *, instance: models.Model, expected: int, current: int) -> None:
        self.instance = instance
        self.expected = expected
        self.current = current
        super().__init__(stale_messages(instance, since=expected), code="stale")


def is_versioned(obj: Any) -> bool:
    return isinstance(obj, VersionedModel)


def version_check(stored: models.Model, expected: int | None) -> None:
    """Refuse the change when ``expected`` (the version the form was based on) is not the
    stored version. ``stored`` must be the row as read under the lock of the saving transaction.
    ``None`` means the caller did not say (system jobs, imports): no check."""
    if expected is None or not is_versioned(stored):
        return
    current = stored.lock_version  # type: ignore[attr-defined]
    if int(expected) != current:
        raise StaleObjectError(instance=stored, expected=int(expected), current=current)


def version_raise(obj: models.Model | None) -> int | None:
    """Raise the stored version of ``obj`` by one (a change of it is being recorded); returns the
    new number, also set on ``obj``. Not versioned or None: nothing happens, None."""
    if obj is None or not is_versioned(obj):
        return None
    manager = type(obj)._default_manager
    manager.filter(pk=obj.pk).update(lock_version=F("lock_version") + 1)
    version: int = manager.filter(pk=obj.pk).values_list("lock_version", flat=True).get()
    obj.lock_version = version  # type: ignore[attr-defined]
    return version


def changes_since(instance: models.Model, since: int) -> models.QuerySet[AuditEntry]:
    """Audit entries of ``instance`` that raised its version above ``since``, oldest first."""
    return (
        AuditEntry.objects.filter(
            object_type=instance._meta.label_lower, object_id=str(instance.pk), object_version__gt=since
        )
        .select_related("actor")
        .order_by("object_version", "id")
    )


def _short(value: str) -> str:
    return value if len(value) <= VALUE_LIMIT else value[: VALUE_LIMIT - 1] + "…"


def _who(entry: AuditEntry) -> str:
    if entry.actor is None:
        return _("system")
    return entry.actor.get_full_name() or entry.actor.get_username()


def entry_text(entry: AuditEntry) -> str:
    """ "Anna Schmidt, 02.12.2026 20:15: name: Sprachcafé → Sprachcafé für Frauen; …"."""
    parts = [
        _("%(field)s: %(old)s → %(new)s") % {"field": field, "old": _short(old), "new": _short(new)}
        for field, (old, new) in entry.changes.items()
    ]
    what = "; ".join(([entry.summary] if entry.summary else []) + parts) or entry.get_action_display()
    return _("%(who)s, %(when)s: %(changes)s") % {
        "who": _who(entry),
        "when": timezone.localtime(entry.created_at).strftime("%d.%m.%Y %H:%M"),
        "changes": what,
    }


def stale_messages(instance: models.Model, *, since: int) -> list[str]:
    """The German explanation of a refused save: who changed what since version ``since``."""
    entries = list(changes_since(instance, since))
    messages = [
        _(
            "Someone else has saved “%(object)s” since you opened it. Nothing was saved, so "
            "their changes are kept; your input is still in the form."
        )
        % {"object": instance}
    ]
    messages += [entry_text(entry) for entry in entries[-ENTRY_LIMIT:]]
    if len(entries) > ENTRY_LIMIT:
        messages.append(
            _("… and %(count)s earlier changes (see the change history).")
            % {"count": len(entries) - ENTRY_LIMIT}
        )
    messages.append(
        _(
            "Compare their changes with your input. Saving again now stores what the form shows, "
            "including the fields listed above; to start from their version, reload the page."
        )
    )
    return messages


def versions_raise(model: type[models.Model], pks: Iterable[Any]) -> None:
    """Raise the versions of many objects at once (bulk writers such as the importer, which
    record their own audit entries): forms opened before are stale afterwards."""
    if issubclass(model, VersionedModel):
        model._default_manager.filter(pk__in=list(pks)).update(lock_version=F("lock_version") + 1)
