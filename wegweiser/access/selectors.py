"""Reading memberships."""

from typing import Any

from django.db.models import QuerySet

from wegweiser.access.models import Membership
from wegweiser.districts.models import District


def districts_of(*, user: Any) -> QuerySet[District]:
    """The districts ``user`` is a member of (every district for superusers)."""
    if getattr(user, "is_superuser", False):
        return District.objects.all()
    return District.objects.filter(memberships__user_id=user.pk)


def memberships_of(*, user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(user_id=user.pk).select_related("district")
