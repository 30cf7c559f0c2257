"""The one access mechanism: what an actor may do, and in which districts.

- ``scope(actor=, queryset=, permission=)`` limits any queryset to the districts where the actor's
  role grants ``permission`` (lists, form choices, object views, exports).
- ``require(actor=, permission=, obj=|district=)`` refuses an action (services call it).
- ``has(...)`` is ``require`` as a yes/no answer (buttons, admin ``has_*_permission``).

``actor`` None is the system itself (management commands, the demo loader, the worker) and may
do everything; superusers may do everything everywhere. Every other account may do what the
role of its membership in the object's district allows, nothing more."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from wegweiser.access.roles import ROLE_PERMISSIONS
from wegweiser.core.tenancy import SHARED_WHEN_EMPTY, district_id_of, district_path

_CACHE = "_access_roles"


def _is_all_powerful(actor: Any) -> bool:
    return actor is None or (getattr(actor, "is_active", False) and getattr(actor, "is_superuser", False))


def roles_by_district(actor: Any) -> dict[Any, str]:
    """{district id: role} of an active, logged-in account (cached on the user object for the
    request; ``forget`` clears it after a membership changes)."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return {}
    cached = getattr(actor, _CACHE, None)
    if cached is None:
        from wegweiser.access.models import Membership

        cached = dict(Membership.objects.filter(user_id=actor.pk).values_list("district_id", "role"))
        setattr(actor, _CACHE, cached)
    return cached


def forget(actor: Any) -> None:
    """Drop what is cached about ``actor``'s memberships and permissions."""
    for name in (_CACHE, "_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        if hasattr(actor, name):
            delattr(actor, name)


def permissions_in(*, actor: Any, district: Any) -> frozenset[str]:
    """The permissions ``actor`` has in one district (a District or its id)."""
    district_id = getattr(district, "pk", district)
    role = roles_by_district(actor).get(district_id)
    return ROLE_PERMISSIONS.get(role, frozenset()) if role else frozenset()


def permissions_anywhere(actor: Any) -> frozenset[str]:
    """The union of ``actor``'s permissions over all their districts (for Django's menus)."""
    result: set[str] = set()
    for role in set(roles_by_district(actor).values()):
        result |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(result)


def districts_for(*, actor: Any, permission: str) -> list[Any] | None:
    """Ids of the districts where ``actor`` has ``permission``; None means every district."""
    if _is_all_powerful(actor):
        return None
    return [d for d, role in roles_by_district(actor).items() if permission in ROLE_PERMISSIONS.get(role, ())]


def has(*, actor: Any, permission: str, obj: models.Model | None = None, district: Any = None) -> bool:
    """Whether ``actor`` may do ``permission`` on ``obj`` / in ``district``. Without either
    (or for an object every district shares) any district where the role grants it counts."""
    if _is_all_powerful(actor):
        return True
    district_id = getattr(district, "pk", district)
    if district_id is None and obj is not None:
        district_id = district_id_of(obj)
    allowed = districts_for(actor=actor, permission=permission) or []
    if district_id is None:
        return bool(allowed)
    return district_id in allowed


def require(*, actor: Any, permission: str, obj: models.Model | None = None, district: Any = None) -> None:
    """Raise PermissionDenied unless ``actor`` may do ``permission`` on ``obj`` / in ``district``."""
    if not has(actor=actor, permission=permission, obj=obj, district=district):
        raise PermissionDenied(_("You are not allowed to do this."))


def scope(
    *, actor: Any, queryset: models.QuerySet, permission: str, path: str | None = None
) -> models.QuerySet:
    """``queryset`` limited to the rows in districts where ``actor`` has ``permission``.
    ``path`` (e.g. ``"offer__district"``) overrides the model's path in ``core.tenancy``;
    models every district shares are returned whole if the permission is held anywhere."""
    allowed = districts_for(actor=actor, permission=permission)
    if allowed is None:
        return queryset
    model = queryset.model
    lookup = path if path is not None else district_path(model)
    if lookup is None:
        return queryset if allowed else queryset.none()
    condition = Q(**{f"{lookup}__in": allowed})
    if path is None and model._meta.label_lower in SHARED_WHEN_EMPTY:
        condition |= Q(**{f"{lookup}__isnull": True}) if allowed else Q(pk__in=[])
    return queryset.filter(condition)


def district_ids(*, actor: Any, permission: str, among: Iterable[Any] | None = None) -> list[Any] | None:
    """``districts_for``, optionally intersected with ``among`` (ids or districts)."""
    allowed = districts_for(actor=actor, permission=permission)
    if among is None:
        return allowed
    wanted = [getattr(d, "pk", d) for d in among]
    return wanted if allowed is None else [d for d in wanted if d in allowed]
