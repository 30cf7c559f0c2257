"""Readable, field-by-field comparison of two snapshots (labels and values staff understand)."""

import datetime as dt
import decimal
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from wegweiser.core.audit import diff_snapshots
from wegweiser.revisions.targets import (
    Key,
    Part,
    Snapshot,
    Target,
    changed_keys,
    field_of,
    related_manager,
    value_at,
)


@dataclass(frozen=True)
class DiffRow:
    label: str
    published: str
    proposed: str
    conflict: bool = False  # the published value changed since the proposal was made


def render(field: models.Field, raw: Any) -> str:
    """A JSON value of ``field`` as staff read it: labels of choices, names of related
    objects, German dates and numbers."""
    if raw is None or raw == "" or raw == []:
        return "—"
    if field.many_to_many:
        related = related_manager(field).filter(pk__in=raw)
        return ", ".join(sorted(str(o) for o in related)) or "—"
    if field.is_relation:
        obj = related_manager(field).filter(pk=raw).first()
        return str(obj) if obj is not None else str(raw)
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    value = field.to_python(raw)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, decimal.Decimal):
        return number_format(value, decimal_pos=getattr(field, "decimal_places", None))
    return str(value)


def _row_label(part: Part, row_key: str, number: int) -> str:
    name = str(part.model._meta.verbose_name)
    if part.key != "id":
        field = field_of(part.model, part.key)
        return _("%(part)s (%(language)s)") % {"part": name, "language": render(field, row_key)}
    return f"{name} {number}"


def _rendered(target: Target, snap: Snapshot, key: Key) -> dict[str, str]:
    """{field name: readable value} for one key of a snapshot."""
    raw = value_at(snap, key)
    if key[0] != "parts":
        return {key[1]: render(field_of(target.model, key[1]), raw)}
    part = target.part(key[1])
    return {name: render(field_of(part.model, name), (raw or {}).get(name)) for name in part.fields}


def diff_rows(*, target: Target, base: Snapshot, proposed: Snapshot, published: Snapshot) -> list[DiffRow]:
    """One row per changed field (per field of a changed part row): the published value next
    to the proposed one. Compared with the core audit helper, so labels are the fields'
    verbose names as in the change history."""
    rows: list[DiffRow] = []
    numbers: dict[str, int] = {}
    for key in changed_keys(target, base, proposed):
        if value_at(published, key) == value_at(proposed, key):
            continue
        conflict = value_at(published, key) not in (value_at(base, key), value_at(proposed, key))
        model = target.model if key[0] != "parts" else target.part(key[1]).model
        changes = diff_snapshots(model, _rendered(target, published, key), _rendered(target, proposed, key))
        if key[0] == "parts":
            numbers[key[1]] = numbers.get(key[1], 0) + 1
            prefix = _row_label(target.part(key[1]), key[2], numbers[key[1]])
            if value_at(proposed, key) is None:
                part = target.part(key[1])
                shown = [
                    f"{field_of(part.model, name).verbose_name}: {value}"
                    for name, value in _rendered(target, published, key).items()
                    if value != "—"
                ]
                rows.append(DiffRow(prefix, "; ".join(shown) or _("present"), _("removed"), conflict))
                continue
            changes = {f"{prefix}: {label}": values for label, values in changes.items()}
        rows += [DiffRow(label, old, new, conflict) for label, (old, new) in changes.items()]
    return rows


def conflicting_labels(
    *, target: Target, base: Snapshot, proposed: Snapshot, published: Snapshot
) -> list[str]:
    """Labels of what the revision changes and what was changed on the published object since
    the revision's base was taken (differently from the proposal)."""
    labels = []
    for key in changed_keys(target, base, proposed):
        if value_at(published, key) in (value_at(base, key), value_at(proposed, key)):
            continue
        model = target.model if key[0] != "parts" else target.part(key[1]).model
        changes = diff_snapshots(model, _rendered(target, base, key), _rendered(target, published, key))
        if key[0] == "parts":
            labels.append(str(target.part(key[1]).model._meta.verbose_name_plural))
        else:
            labels += list(changes) or [key[1]]
    return list(dict.fromkeys(labels))
