"""The one access mechanism: roles per district, scoping of querysets, refusals."""

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from wegweiser.access import permissions, policy
from wegweiser.access.roles import EDITOR, PLANNER, REVIEWER, ROLE_PERMISSIONS, roles_check
from wegweiser.access.tests.factories import MembershipFactory, UserFactory
from wegweiser.catalog.models import FundingProgramme, Offer, Organisation, Taxonomy
from wegweiser.catalog.tests.factories import OrganisationFactory
from wegweiser.core.tenancy import district_path
from wegweiser.districts.models import District


def test_every_role_permission_exists(db: Any) -> None:
    assert set(roles_check()) == {EDITOR, REVIEWER, PLANNER}


def test_reviewers_may_publish_editors_and_planners_may_not() -> None:
    assert permissions.OFFER_PUBLISH in ROLE_PERMISSIONS[REVIEWER]
    assert permissions.OFFER_PUBLISH not in ROLE_PERMISSIONS[EDITOR]
    # Planners read; the one exception: building a committee report (it freezes figures, changes nothing).
    assert {p for p in ROLE_PERMISSIONS[PLANNER] if not p.split(".")[1].startswith("view_")} == {
        permissions.REPORT_BUILD
    }


def test_a_role_counts_only_in_its_own_district(
    editor: Any, district: District, other_district: District
) -> None:
    assert policy.has(actor=editor, permission=permissions.OFFER_CHANGE, district=district)
    assert not policy.has(actor=editor, permission=permissions.OFFER_CHANGE, district=other_district)
    with pytest.raises(PermissionDenied):
        policy.require(actor=editor, permission=permissions.OFFER_CHANGE, district=other_district)


def test_object_district_decides(editor: Any, other_district: District, district: District) -> None:
    mine, theirs = OrganisationFactory(district=district), OrganisationFactory(district=other_district)
    assert policy.has(actor=editor, permission=permissions.OFFER_CHANGE, obj=mine)
    assert not policy.has(actor=editor, permission="catalog.change_organisation", obj=theirs)


def test_system_and_superusers_may_do_everything(superuser: Any, other_district: District) -> None:
    for actor in (None, superuser):
        policy.require(actor=actor, permission=permissions.EDITION_RELEASE, district=other_district)
        assert policy.districts_for(actor=actor, permission=permissions.OFFER_VIEW) is None


@pytest.mark.django_db
def test_anonymous_inactive_and_users_without_membership_may_do_nothing(district: District) -> None:
    inactive = MembershipFactory(district=district, role=REVIEWER, user__is_active=False).user
    for actor in (AnonymousUser(), UserFactory(), inactive):
        assert not policy.has(actor=actor, permission=permissions.OFFER_VIEW, district=district)
        assert not policy.has(actor=actor, permission=permissions.OFFER_VIEW)


def test_scope_limits_every_queryset_to_the_actors_districts(
    editor: Any, other_editor: Any, superuser: Any, district: District, other_district: District
) -> None:
    mine, theirs = OrganisationFactory(district=district), OrganisationFactory(district=other_district)
    qs = Organisation.objects.all()
    assert list(policy.scope(actor=editor, queryset=qs, permission=permissions.OFFER_VIEW)) == [mine]
    assert list(policy.scope(actor=other_editor, queryset=qs, permission=permissions.OFFER_VIEW)) == [theirs]
    assert set(policy.scope(actor=superuser, queryset=qs, permission=permissions.OFFER_VIEW)) == {
        mine,
        theirs,
    }
    assert set(policy.scope(actor=None, queryset=qs, permission=permissions.OFFER_VIEW)) == {mine, theirs}
    districts = policy.scope(
        actor=editor, queryset=District.objects.all(), permission=permissions.DISTRICT_VIEW
    )
    assert list(districts) == [district]


def test_scope_follows_a_path_and_needs_the_permission(
    editor: Any, planner: Any, district: District, other_district: District, make_offer: Any
) -> None:
    offer = make_offer("Sprachcafé")
    qs = Offer.objects.all()
    assert list(policy.scope(actor=editor, queryset=qs, permission=permissions.OFFER_CHANGE)) == [offer]
    assert not policy.scope(actor=planner, queryset=qs, permission=permissions.OFFER_CHANGE).exists()
    via = policy.scope(
        actor=editor,
        queryset=Organisation.objects.all(),
        permission=permissions.OFFER_VIEW,
        path="offers__district",
    )
    assert list(via) == [offer.organisation]


def test_shared_rows_are_visible_in_every_district(
    editor: Any, district: District, other_district: District
) -> None:
    everywhere = FundingProgramme.objects.create(name="ESF Plus", slug="esf", funder="eu")
    theirs = FundingProgramme.objects.create(
        name="Theirs", slug="theirs", funder="land", district=other_district
    )
    visible = policy.scope(
        actor=editor, queryset=FundingProgramme.objects.all(), permission="catalog.view_fundingprogramme"
    )
    assert everywhere in visible and theirs not in visible
    assert policy.scope(
        actor=editor, queryset=Taxonomy.objects.all(), permission="catalog.view_taxonomy"
    ).exists()


def test_a_model_without_district_path_is_a_mistake() -> None:
    from django.contrib.auth.models import Group

    with pytest.raises(ImproperlyConfigured):
        district_path(Group)


def test_django_permissions_come_from_memberships(editor: Any, reviewer: Any) -> None:
    assert editor.has_perm(permissions.OFFER_CHANGE) and not editor.has_perm(permissions.OFFER_PUBLISH)
    assert reviewer.has_perm(permissions.OFFER_PUBLISH)
    assert editor.has_module_perms("catalog") and not editor.has_module_perms("auth")
