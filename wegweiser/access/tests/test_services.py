"""Granting and revoking memberships."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wegweiser.access import permissions, policy
from wegweiser.access.models import Membership
from wegweiser.access.roles import EDITOR, REVIEWER
from wegweiser.access.services import membership_grant, membership_revoke
from wegweiser.access.tests.factories import UserFactory
from wegweiser.core.models import AuditEntry
from wegweiser.districts.models import District


def test_the_system_grants_a_role_and_it_takes_effect_at_once(district: District) -> None:
    user: Any = UserFactory(is_staff=False)
    assert not user.has_perm(permissions.OFFER_PUBLISH)
    membership_grant(actor=None, user=user, district=district, role=REVIEWER)
    assert user.is_staff and user.has_perm(permissions.OFFER_PUBLISH)
    assert policy.has(actor=user, permission=permissions.OFFER_PUBLISH, district=district)
    entry = AuditEntry.objects.get(object_type="access.membership")
    assert entry.district == district


def test_granting_again_changes_the_role(district: District, editor: Any) -> None:
    membership_grant(actor=None, user=editor, district=district, role=REVIEWER)
    assert Membership.objects.get(user=editor).role == REVIEWER
    assert Membership.objects.count() == 1


def test_unknown_roles_are_refused(district: District) -> None:
    with pytest.raises(ValidationError):
        membership_grant(actor=None, user=UserFactory(), district=district, role="admin")


def test_staff_may_not_grant_roles(reviewer: Any, district: District) -> None:
    with pytest.raises(PermissionDenied):
        membership_grant(actor=reviewer, user=UserFactory(), district=district, role=EDITOR)


def test_superusers_grant_and_revoke(superuser: Any, editor: Any, district: District) -> None:
    assert membership_revoke(actor=superuser, user=editor, district=district)
    assert not policy.has(actor=editor, permission=permissions.OFFER_VIEW, district=district)
    assert not membership_revoke(actor=superuser, user=editor, district=district)
    assert AuditEntry.objects.filter(object_type="access.membership", action="delete").count() == 1


def test_roles_sync_checks_the_roles(db: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("roles_sync", stdout=out)
    assert "Roles up to date" in out.getvalue()
