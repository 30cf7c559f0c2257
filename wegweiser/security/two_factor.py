"""Who needs a second factor, and reading a user's TOTP devices.

Until district memberships exist (``wegweiser.access.models.Membership(user, district, role)``,
built in parallel), a staff user's districts are decided by :func:`user_districts`; switch that
one function to the memberships when they land."""

from typing import Any

from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from wegweiser.access.models import Membership
from wegweiser.districts.models import District


def user_districts(user: Any) -> QuerySet[District]:
    """The districts ``user`` is a member of (``access.Membership``)."""
    if not getattr(user, "is_authenticated", False):
        return District.objects.none()
    return District.objects.filter(pk__in=Membership.objects.filter(user_id=user.pk).values("district_id"))


def two_factor_required(user: Any) -> bool:
    """Whether ``user`` must use a second factor: one of their districts requires it."""
    return user_districts(user).filter(require_two_factor=True).exists()


def confirmed_device(user: Any) -> TOTPDevice | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("created_at").first()
