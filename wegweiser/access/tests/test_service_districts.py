"""Every writing service checks the actor's role in the object's district: the system may,
staff without the permission may not, staff of another district may not, the right role may."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wegweiser.catalog.models import Offer, Schedule
from wegweiser.catalog.services.components import component_save
from wegweiser.catalog.services.entities import location_update, organisation_create, organisation_update
from wegweiser.catalog.services.offers import (
    offer_archive,
    offer_confirm,
    offer_create,
    offer_publish,
    offer_submit_for_review,
    offer_update,
)
from wegweiser.catalog.tests.factories import LocationFactory, OrganisationFactory
from wegweiser.districts.models import District
from wegweiser.districts.services import district_update
from wegweiser.hsds.models import ImportRun
from wegweiser.hsds.services.import_runs import import_run_commit
from wegweiser.publishing.models import Edition, RecipientList
from wegweiser.publishing.services.distribution import recipient_list_create, recipient_list_update
from wegweiser.publishing.services.editions import edition_create, edition_release, edition_update

# service name → (call(actor, world), role that may, role of the same district that may not)
CASES: dict[str, tuple[Callable[[Any, dict], Any], str, str]] = {
    "offer_update": (
        lambda a, w: offer_update(actor=a, offer=w["draft"], data={"name": "Neu"}),
        "editor",
        "planner",
    ),
    "offer_submit_for_review": (
        lambda a, w: offer_submit_for_review(actor=a, offer=w["draft"]),
        "editor",
        "planner",
    ),
    "offer_publish": (lambda a, w: offer_publish(actor=a, offer=w["draft"]), "reviewer", "editor"),
    "offer_archive": (lambda a, w: offer_archive(actor=a, offer=w["offer"]), "reviewer", "editor"),
    "offer_confirm": (lambda a, w: offer_confirm(actor=a, offer=w["offer"]), "editor", "planner"),
    "offer_create": (
        lambda a, w: offer_create(
            actor=a,
            data={
                "district": w["district"],
                "organisation": w["organisation"],
                "name": "X",
                "short_description": "Y",
            },
        ),
        "editor",
        "planner",
    ),
    "organisation_create": (
        lambda a, w: organisation_create(actor=a, data={"district": w["district"], "name": "Verein"}),
        "editor",
        "planner",
    ),
    "organisation_update": (
        lambda a, w: organisation_update(actor=a, organisation=w["organisation"], data={"name": "Neu"}),
        "editor",
        "planner",
    ),
    "location_update": (
        lambda a, w: location_update(actor=a, location=w["location"], data={"name": "Neu"}),
        "editor",
        "planner",
    ),
    "component_save": (
        lambda a, w: component_save(
            actor=a, parent=w["draft"], component=Schedule(offer=w["draft"], byday="MO")
        ),
        "editor",
        "planner",
    ),
    "edition_create": (
        lambda a, w: edition_create(
            actor=a, district=w["district"], data={"title": "K", "language_id": "de"}
        ),
        "editor",
        "planner",
    ),
    "edition_update": (
        lambda a, w: edition_update(actor=a, edition=w["edition"], data={"title": "Neu"}),
        "editor",
        "planner",
    ),
    "edition_release": (lambda a, w: edition_release(actor=a, edition=w["edition"]), "reviewer", "editor"),
    "recipient_list_create": (
        lambda a, w: recipient_list_create(actor=a, data={"district": w["district"], "name": "Träger"}),
        "reviewer",
        "editor",
    ),
    "recipient_list_update": (
        lambda a, w: recipient_list_update(actor=a, recipient_list=w["list"], data={"name": "Neu"}),
        "reviewer",
        "editor",
    ),
    "import_run_commit": (lambda a, w: import_run_commit(actor=a, run=w["run"]), "reviewer", "planner"),
}


@pytest.fixture
def world(district: District, make_offer: Callable) -> dict[str, Any]:
    organisation = OrganisationFactory(district=district)
    return {
        "district": district,
        "organisation": organisation,
        "location": LocationFactory(district=district, organisation=organisation),
        "offer": make_offer("Sprachcafé", organisation=organisation),
        "draft": make_offer("Entwurf", publish=False, organisation=organisation),
        "edition": Edition.objects.create(district=district, number=1, title="Katalog", language_id="de"),
        "list": RecipientList.objects.create(district=district, name="Verteiler"),
        "run": ImportRun.objects.create(district=district, file_name="k.zip", data=b"", state="failed"),
    }


def _ran(call: Callable, actor: Any, world: dict) -> bool:
    """True if the service got past its permission check (other refusals do not count)."""
    try:
        call(actor, world)
    except PermissionDenied:
        return False
    except Exception:  # e.g. "build the edition first": the permission check was passed
        return True
    return True


@pytest.mark.parametrize("name", list(CASES))
def test_the_system_may(name: str, world: dict) -> None:
    assert _ran(CASES[name][0], None, world)


@pytest.mark.parametrize("name", list(CASES))
def test_the_right_role_of_the_district_may(name: str, world: dict, request: pytest.FixtureRequest) -> None:
    call, allowed, _refused = CASES[name]
    assert _ran(call, request.getfixturevalue(allowed), world)


@pytest.mark.parametrize("name", list(CASES))
def test_a_role_without_the_permission_may_not(
    name: str, world: dict, request: pytest.FixtureRequest
) -> None:
    call, _allowed, refused = CASES[name]
    assert not _ran(call, request.getfixturevalue(refused), world)


@pytest.mark.parametrize("name", list(CASES))
def test_the_same_role_of_another_district_may_not(
    name: str, world: dict, request: pytest.FixtureRequest, other_district: District
) -> None:
    call, allowed, _refused = CASES[name]
    assert not _ran(call, request.getfixturevalue(f"other_{allowed}"), world)


def test_an_update_never_moves_an_offer_to_another_district(
    reviewer: Any, world: dict, other_district: District
) -> None:
    offer = world["offer"]
    with pytest.raises((ValueError, ValidationError)):
        offer_update(actor=reviewer, offer=offer, data={"district": other_district})
    for key in ("published_at", "slug", "assured_date"):
        with pytest.raises(ValueError, match=key):
            offer_update(actor=reviewer, offer=offer, data={key: None})
    offer.refresh_from_db()
    assert offer.district == world["district"]


def test_a_protected_field_changed_on_the_instance_is_not_saved(
    reviewer: Any, world: dict, other_district: District
) -> None:
    offer = world["offer"]
    offer.state, offer.published_at = Offer.State.DRAFT, None
    offer_update(actor=reviewer, offer=offer, data={"name": "Neu"})
    offer.refresh_from_db()
    assert (offer.state, offer.name) == (Offer.State.PUBLISHED, "Neu") and offer.published_at
    offer.district = other_district  # checked against the district it claims: refused
    with pytest.raises(PermissionDenied):
        offer_update(actor=reviewer, offer=offer, data={"name": "Neuer"})


def test_an_offer_may_not_name_another_districts_organisation(
    editor: Any, world: dict, other_district: District
) -> None:
    from django.core.exceptions import ValidationError

    theirs = OrganisationFactory(district=other_district)
    with pytest.raises(ValidationError):
        offer_update(actor=editor, offer=world["draft"], data={"organisation": theirs})


def test_editions_and_recipient_lists_refuse_fields_outside_their_allow_list(
    reviewer: Any, world: dict
) -> None:
    with pytest.raises(ValueError, match="number"):
        edition_update(actor=reviewer, edition=world["edition"], data={"number": 7})
    with pytest.raises(ValueError, match="district"):
        recipient_list_update(actor=reviewer, recipient_list=world["list"], data={"district": None})


def test_reviewers_of_the_district_and_superusers_change_its_settings(
    editor: Any, reviewer: Any, other_reviewer: Any, superuser: Any, district: District
) -> None:
    for refused in (editor, other_reviewer):
        with pytest.raises(PermissionDenied):
            district_update(actor=refused, district=district, data={"office_name": "Neu"})
    district_update(actor=reviewer, district=district, data={"office_name": "Neu"})
    district_update(actor=superuser, district=district, data={"office_name": "Neuer"})
    with pytest.raises(ValueError, match="catalog_version"):
        district_update(actor=superuser, district=district, data={"catalog_version": 99})
