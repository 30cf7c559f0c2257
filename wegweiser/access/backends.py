"""Django's permission checks (admin menus, ``user.has_perm``) answered from memberships."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from wegweiser.access import policy


class MembershipBackend(ModelBackend):
    """Authenticates like ``ModelBackend``; a user's permissions are those their roles grant in
    any of their districts. Group and per-user permissions are ignored: memberships are the one
    source. Whether an action is allowed *in a district* is decided by ``access.policy``."""

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return set()
        return set(policy.permissions_anywhere(user_obj))

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                rows = Permission.objects.values_list("content_type__app_label", "codename")
                user_obj._perm_cache = {f"{app}.{codename}" for app, codename in rows}
            else:
                user_obj._perm_cache = self.get_group_permissions(user_obj)
        return user_obj._perm_cache
