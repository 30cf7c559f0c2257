"""What can be revised, and how: the entities that take revisions, their allow-lists and the
owner's services that apply an accepted revision.

A snapshot is the JSON form of the revisable state of one object::

    {"fields": {"name": "Sprachcafé", "organisation": "<uuid>", "cost_amount": "2.50", ...},
     "m2m": {"terms": ["<uuid>", ...], ...},
     "parts": {"translations": {"en": {"name": "...", ...}},
               "schedules": {"<uuid>": {"byday": "MO", "opens_at": "10:00:00", ...}}}}

A missing row in ``parts`` means the part does not exist (or is to be deleted).
"""

import datetime as dt
import decimal
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

Snapshot = dict[str, Any]
Key = tuple[str, ...]  # ("fields", name) | ("m2m", name) | ("parts", part, row key)


def field_of(model: type[models.Model], name: str) -> models.Field:
    """A concrete or many-to-many field of ``model`` (the names come from the allow-lists)."""
    return cast(models.Field, model._meta.get_field(name))


def related_manager(field: models.Field) -> models.Manager:
    return cast(type[models.Model], field.related_model)._default_manager


@dataclass(frozen=True)
class Part:
    """A kind of component of the target, e.g. its schedules."""

    name: str  # related name on the target
    model: type[models.Model]
    parent_field: str  # the component's foreign key to the target
    key: str  # "id" or the field that identifies a row (e.g. "language")
    fields: tuple[str, ...]

    def row_key(self, row: models.Model) -> str:
        return str(getattr(row, "pk" if self.key == "id" else f"{self.key}_id"))


@dataclass(frozen=True)
class Target:
    """An entity that takes revisions and the services that own its writes."""

    model: type[models.Model]
    fields: tuple[str, ...]
    m2m: tuple[str, ...]
    parts: tuple[Part, ...]
    update: Callable[..., Any]  # update(actor=, <update_kwarg>=, data=)
    update_kwarg: str
    save_part: Callable[..., Any]  # save_part(actor=, parent=, component=)
    delete_part: Callable[..., Any]  # delete_part(actor=, parent=, component=)
    publish_permission: str
    is_published: Callable[[Any], bool]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def change_permission(self) -> str:
        return f"{self.model._meta.app_label}.change_{self.model._meta.model_name}"

    def part(self, name: str) -> Part:
        return next(p for p in self.parts if p.name == name)

    def names(self) -> set[str]:
        return set(self.fields) | set(self.m2m) | {p.name for p in self.parts}


def _offer_target() -> Target:
    from wegweiser.catalog.models import Offer
    from wegweiser.catalog.revisable import (
        OFFER_REVISABLE_FIELDS,
        OFFER_REVISABLE_M2M,
        OFFER_REVISABLE_PARTS,
    )
    from wegweiser.catalog.services.components import component_delete, component_save
    from wegweiser.catalog.services.offers import offer_update

    parts = tuple(
        Part(
            name=name,
            model=cast(type[models.Model], field_of(Offer, name).related_model),
            parent_field=parent_field,
            key=key,
            fields=fields,
        )
        for name, (parent_field, key, fields) in OFFER_REVISABLE_PARTS.items()
    )
    return Target(
        model=Offer,
        fields=OFFER_REVISABLE_FIELDS,
        m2m=OFFER_REVISABLE_M2M,
        parts=parts,
        update=offer_update,
        update_kwarg="offer",
        save_part=component_save,
        delete_part=component_delete,
        publish_permission="catalog.publish_offer",
        is_published=lambda offer: offer.state == Offer.State.PUBLISHED,
    )


_FACTORIES: dict[str, Callable[[], Target]] = {"catalog.offer": _offer_target}


def target_for(obj_or_label: models.Model | type[models.Model] | str) -> Target:
    """The revision spec of a model (instance, class or ``app.model`` label)."""
    label = obj_or_label if isinstance(obj_or_label, str) else obj_or_label._meta.label_lower
    if label not in _FACTORIES:
        raise ValueError(f"{label} does not take revisions")
    return _FACTORIES[label]()


# Values <-> JSON -------------------------------------------------------------------------


def dump(field: models.Field, value: Any) -> Any:
    """A JSON value for a field value (a model instance or a primary key for relations)."""
    if value is None:
        return None
    if field.is_relation:
        return str(value.pk if isinstance(value, models.Model) else value)
    value = field.to_python(value)  # "10:00" and time(10, 0) are stored alike; bad input is refused
    if value is None:
        return None
    if isinstance(value, decimal.Decimal):
        places = getattr(field, "decimal_places", None)
        return str(value.quantize(decimal.Decimal(1).scaleb(-places)) if places is not None else value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def load(field: models.Field, raw: Any) -> Any:
    """The field value for a JSON value; related objects are fetched."""
    if raw is None:
        return None
    if field.is_relation:
        related = related_manager(field).filter(pk=raw).first()
        if related is None:
            raise ValidationError(
                _("%(field)s: the chosen entry no longer exists.") % {"field": field.verbose_name}
            )
        return related
    return field.to_python(raw)


def dump_m2m(values: Iterable[Any]) -> list[str]:
    return sorted(str(v.pk if isinstance(v, models.Model) else v) for v in values)


def snapshot(target: Target, obj: models.Model) -> Snapshot:
    """The revisable state of ``obj`` as stored in the database."""
    fields = {}
    for name in target.fields:
        field = field_of(target.model, name)
        fields[name] = dump(field, getattr(obj, field.attname))
    m2m = {name: dump_m2m(getattr(obj, name).values_list("pk", flat=True)) for name in target.m2m}
    parts: dict[str, dict[str, Any]] = {}
    for part in target.parts:
        rows = getattr(obj, part.name).all()
        parts[part.name] = {part.row_key(row): dump_row(part, row) for row in rows}
    return {"fields": fields, "m2m": m2m, "parts": parts}


def dump_row(part: Part, row: models.Model | Mapping[str, Any]) -> dict[str, Any]:
    result = {}
    for name in part.fields:
        field = field_of(part.model, name)
        if isinstance(row, models.Model):
            value = getattr(row, field.attname)
        elif name in row:
            value = row[name]
        else:
            value = field.get_default()
        result[name] = dump(field, value)
    return result


def value_at(snap: Snapshot, key: Key) -> Any:
    if key[0] == "parts":
        return snap.get("parts", {}).get(key[1], {}).get(key[2])
    return snap.get(key[0], {}).get(key[1])


def changed_keys(target: Target, before: Snapshot, after: Snapshot) -> list[Key]:
    """Keys (fields, many-to-many fields, part rows) whose values differ, in form order."""
    keys: list[Key] = [("fields", n) for n in target.fields]
    keys += [("m2m", n) for n in target.m2m]
    for part in target.parts:
        rows = list(before.get("parts", {}).get(part.name, {}))
        rows += [k for k in after.get("parts", {}).get(part.name, {}) if k not in rows]
        keys += [("parts", part.name, row) for row in rows]
    return [k for k in keys if value_at(before, k) != value_at(after, k)]


def with_value(snap: Snapshot, key: Key, value: Any) -> Snapshot:
    """A copy of ``snap`` with ``key`` set (``None`` for a part row removes it)."""
    result = {
        "fields": dict(snap.get("fields", {})),
        "m2m": dict(snap.get("m2m", {})),
        "parts": {name: dict(rows) for name, rows in snap.get("parts", {}).items()},
    }
    if key[0] == "parts":
        rows = result["parts"].setdefault(key[1], {})
        if value is None:
            rows.pop(key[2], None)
        else:
            rows[key[2]] = value
    else:
        result[key[0]][key[1]] = value
    return result


# Applying an accepted revision through the owner's services -------------------------------


def apply(*, target: Target, obj: models.Model, proposed: Snapshot, keys: list[Key], actor: Any) -> None:
    """Write the values of ``keys`` from ``proposed`` to ``obj`` through the owner's services
    (validation, audit trail and search index happen there)."""
    data: dict[str, Any] = {}
    for key in keys:
        if key[0] == "fields":
            data[key[1]] = load(field_of(target.model, key[1]), value_at(proposed, key))
        elif key[0] == "m2m":
            related = related_manager(field_of(target.model, key[1]))
            data[key[1]] = list(related.filter(pk__in=value_at(proposed, key)))
    if data:
        target.update(actor=actor, **{target.update_kwarg: obj}, data=data)
    for key in keys:
        if key[0] != "parts":
            continue
        part = target.part(key[1])
        row = value_at(proposed, key)
        lookup = {"pk": key[2]} if part.key == "id" else {f"{part.key}_id": key[2]}
        existing = getattr(obj, part.name).filter(**lookup).first()
        if row is None:
            if existing is not None:
                target.delete_part(actor=actor, parent=obj, component=existing)
            continue
        component = existing or part.model(
            **{part.parent_field: obj, f"{part.key}_id" if part.key != "id" else "id": key[2]}
        )
        for name, raw in row.items():
            setattr(component, name, load(field_of(part.model, name), raw))
        target.save_part(actor=actor, parent=obj, component=component)
