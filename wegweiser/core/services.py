"""Shared mechanics of every domain service: check permission, validate, save, record the change."""

from collections.abc import Collection, Iterable, Mapping
from typing import Any, TypeVar

from django.db import models
from django.utils.text import slugify

from wegweiser.core.audit import audit_record, diff_snapshots, model_snapshot
from wegweiser.core.models import AuditEntry
from wegweiser.core.versioning import version_check, version_raise

M = TypeVar("M", bound=models.Model)

GERMAN_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


# Fields no update service ever sets from its ``data``: what ties a row to its district, and
# what only workflow functions and the system change.
PROTECTED_FIELDS = frozenset(
    {
        "id",
        "district",
        "state",
        "published_at",
        "catalog_version",
        "catalog_changed_at",
        "created_at",
        "updated_at",
    }
)


def editable_fields(model: type[models.Model], *, exclude: Iterable[str] = ()) -> frozenset[str]:
    """Names of ``model``'s editable fields (many-to-many included) minus the protected ones and
    ``exclude``: the default allow-list of an update service."""
    names = {f.name for f in model._meta.concrete_fields if f.editable and not f.primary_key}
    names |= {f.name for f in model._meta.many_to_many}
    return frozenset(names - PROTECTED_FIELDS - set(exclude))


def _refuse_unknown(model: type[models.Model], keys: Iterable[str], allowed: Collection[str]) -> None:
    unknown = sorted(set(keys) - set(allowed))
    if unknown:
        raise ValueError(f"{model._meta.label}: not changeable here: {', '.join(unknown)}")


def slug_base(text: str, max_length: int = 140) -> str:
    """A readable slug for ``text`` ("sprachcafe-fuer-frauen"), umlauts transliterated."""
    return slugify(text.translate(GERMAN_TRANSLITERATION))[:max_length].strip("-") or "eintrag"


def unique_slug(queryset: models.QuerySet, text: str, max_length: int = 140) -> str:
    """A readable slug unique within ``queryset``."""
    base = slug_base(text, max_length)
    slug, n = base, 2
    while queryset.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _m2m_snapshot(instance: models.Model, names: Iterable[str]) -> dict[str, Any]:
    return {name: {str(o) for o in getattr(instance, name).all()} for name in names}


def create_audited(
    *,
    actor: Any,
    instance: M,
    m2m: Mapping[str, Iterable[Any]] | None = None,
    target: models.Model | None = None,
    summary: str = "",
) -> M:
    """Validate and save a new ``instance``, set its many-to-many fields, record the creation."""
    instance.full_clean()
    instance.save()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)
    after = model_snapshot(instance) | _m2m_snapshot(instance, (m2m or {}).keys())
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=instance,
        target=target,
        changes=diff_snapshots(type(instance), {}, after),
        summary=summary,
        version=version_raise(target) if target is not None else getattr(instance, "lock_version", None),
    )
    return instance


def update_audited(
    *,
    actor: Any,
    instance: M,
    data: Mapping[str, Any],
    m2m: Mapping[str, Iterable[Any]] | None = None,
    target: models.Model | None = None,
    summary: str = "",
    fields: Collection[str] | None = None,
    expected_version: int | None = None,
) -> dict[str, list[str]]:
    """Apply ``data`` and ``m2m`` to ``instance``; validate, save and record what changed.
    The "before" state is read from the database, not from the (possibly modified) instance.
    Only the names in ``fields`` (default: ``editable_fields(model)``) may be set; any other key
    raises ValueError before anything is written, so a form can never set, e.g., the district.
    ``expected_version``: the lock_version the caller's form was based on; if the object has
    changed since, ``StaleObjectError`` is raised and nothing is written. A recorded change raises
    the version of the object whose history shows it (``target``, else ``instance``). Nothing is
    recorded when nothing changed."""
    model = type(instance)
    allowed = editable_fields(model) if fields is None else fields
    _refuse_unknown(model, [*data, *(m2m or {})], allowed)
    stored = model._default_manager.select_for_update().get(pk=instance.pk)
    version_check(stored, expected_version)
    for field in model._meta.concrete_fields:  # what the caller's instance may carry unasked
        if field.name in PROTECTED_FIELDS and field.name not in allowed and not field.primary_key:
            setattr(instance, field.attname, getattr(stored, field.attname))
    names = set(data) | {f.name for f in model._meta.concrete_fields}
    before = model_snapshot(stored, names) | _m2m_snapshot(stored, (m2m or {}).keys())
    for name, value in data.items():
        setattr(instance, name, value)
    if hasattr(stored, "lock_version"):  # only version_raise changes it, never data or a stale instance
        instance.lock_version = stored.lock_version  # type: ignore[attr-defined]
    instance.full_clean()
    instance.save()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)
    after = model_snapshot(instance, names) | _m2m_snapshot(instance, (m2m or {}).keys())
    changes = diff_snapshots(model, before, after)
    if changes:  # a save that changes nothing is not recorded, whatever the summary says
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            instance=instance,
            target=target,
            changes=changes,
            summary=summary,
            version=version_raise(target or instance),
        )
    return changes


def delete_audited(*, actor: Any, instance: models.Model, target: models.Model | None = None) -> None:
    audit_record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        instance=instance,
        target=target,
        summary=f"{instance._meta.verbose_name}: {instance}",
        version=version_raise(target),
    )
    instance.delete()
