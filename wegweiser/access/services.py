"""Granting and revoking district memberships (audited). Only superusers and the system
(``actor`` None, e.g. ``district_setup``) manage memberships."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wegweiser.access import permissions, policy
from wegweiser.access.models import Membership
from wegweiser.core.audit import audit_record
from wegweiser.core.models import AuditEntry
from wegweiser.districts.models import District


@transaction.atomic
def membership_grant(*, actor: Any, user: Any, district: District, role: str) -> Membership:
    """Give ``user`` the ``role`` in ``district`` (replacing a different role there). Staff
    status is set so that the account can log in to the back office."""
    policy.require(actor=actor, permission=permissions.MEMBERSHIP_ADD, district=district)
    if role not in Membership.Role.values:
        raise ValidationError(_("Unknown role: %(role)s") % {"role": role})
    membership = Membership.objects.select_for_update().filter(user=user, district=district).first()
    if membership is not None and membership.role == role:
        return membership
    old = membership.get_role_display() if membership else "—"
    if membership is None:
        membership = Membership(user=user, district=district, role=role)
    else:
        membership.role = role
    membership.full_clean()
    membership.save()
    if not user.is_staff:
        type(user).objects.filter(pk=user.pk).update(is_staff=True)
        user.is_staff = True
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE if old == "—" else AuditEntry.Action.UPDATE,
        instance=membership,
        changes={str(_("role")): [str(old), str(membership.get_role_display())]},
        summary=_("%(user)s: %(role)s") % {"user": user, "role": membership.get_role_display()},
    )
    policy.forget(user)
    return membership


@transaction.atomic
def membership_revoke(*, actor: Any, user: Any, district: District) -> bool:
    """Take away ``user``'s role in ``district``; returns whether there was one."""
    policy.require(actor=actor, permission=permissions.MEMBERSHIP_DELETE, district=district)
    membership = Membership.objects.select_for_update().filter(user=user, district=district).first()
    if membership is None:
        return False
    audit_record(
        actor=actor,
        action=AuditEntry.Action.DELETE,
        instance=membership,
        changes={str(_("role")): [str(membership.get_role_display()), "—"]},
        summary=_("%(user)s: no longer a member") % {"user": user},
    )
    membership.delete()
    policy.forget(user)
    return True
