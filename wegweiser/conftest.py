"""Fixtures shared by every app's tests: a district, staff of each role, offers made through
the services (so that the search index and the audit trail are written as in production)."""

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from wegweiser.access.roles import EDITOR, PLANNER, REVIEWER
from wegweiser.access.tests.factories import MembershipFactory
from wegweiser.catalog.models import Offer, TaxonomyTerm
from wegweiser.catalog.services.offers import offer_create, offer_publish
from wegweiser.catalog.tests.factories import DistrictFactory, MunicipalityFactory, OrganisationFactory
from wegweiser.districts.models import District


@pytest.fixture(scope="session", autouse=True)
def _navigating_clicks_wait_for_the_page() -> Iterator[None]:
    """Browser tests: a click or key press that navigates returns once the new page has loaded.

    Playwright's ``click`` returns when a navigation it started has been committed, not when the new
    document is parsed; a ``count()``, ``is_visible()`` or ``content()`` right after it raced the
    parser on a loaded CI machine (and failed there). Waiting for the ``load`` event after every such
    action is a no-op when nothing navigated."""
    try:
        from playwright.sync_api import Error, Locator, Page
    except ImportError:  # pragma: no cover - playwright is a test dependency
        yield
        return

    def settle(page: Any) -> None:
        with contextlib.suppress(Error):  # the action closed the page
            page.wait_for_load_state("load")

    def waiting(method: Callable, page_of: Callable[[Any], Any]) -> Callable:
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            result = method(self, *args, **kwargs)
            settle(page_of(self))
            return result

        return wrapper

    patch = pytest.MonkeyPatch()
    for name in ("click", "dblclick", "press"):
        patch.setattr(Page, name, waiting(getattr(Page, name), lambda page: page))
        patch.setattr(Locator, name, waiting(getattr(Locator, name), lambda locator: locator.page))
    yield
    patch.undo()


@pytest.fixture
def district(db: Any) -> District:
    district = DistrictFactory(key="16062", name="Landkreis Nordhausen", is_default=True)
    MunicipalityFactory(district=district, ags="16062041", name="Nordhausen, Stadt", slug="nordhausen")
    MunicipalityFactory(district=district, ags="16062066", name="Bleicherode, Stadt", slug="bleicherode")
    return district


@pytest.fixture
def term(db: Any) -> Callable[[str, str], TaxonomyTerm]:
    """A seeded term by taxonomy role and slug: ``term("target_group", "frauen")``."""

    def get(role: str, slug: str) -> TaxonomyTerm:
        return TaxonomyTerm.objects.get(taxonomy__role=role, slug=slug)

    return get


@pytest.fixture
def make_offer(district: District, term: Callable) -> Callable[..., Offer]:
    """Create (and by default publish) an offer through the services."""

    def make(
        name: str,
        *,
        publish: bool = True,
        fields: tuple = ("wohnen",),
        groups: tuple = ("erwachsene",),
        **data: Any,
    ) -> Offer:
        organisation = data.pop("organisation", None) or OrganisationFactory(district=district)
        values = {
            "district": district,
            "organisation": organisation,
            "name": name,
            "short_description": data.pop("short_description", f"Kurzbeschreibung von {name}"),
            "serves_whole_district": True,
            "terms": [term("field_of_action", f) for f in fields]
            + [term("target_group", g) for g in groups]
            + list(data.pop("terms", [])),
        } | data
        offer = offer_create(actor=None, data=values)
        if publish:
            offer_publish(actor=None, offer=offer)
        return offer

    return make


def _user(username: str, role: str | None = None, district: District | None = None, **extra: Any) -> Any:
    """An account; with ``role`` a staff member of ``district`` in that role."""
    user = get_user_model().objects.create_user(
        username=username, password="pw", email=f"{username}@example.org", **extra
    )
    if role and district is not None:
        MembershipFactory(user=user, district=district, role=role)
    return user


@pytest.fixture
def editor(district: District) -> Any:
    return _user("editor", EDITOR, district, is_staff=True)


@pytest.fixture
def reviewer(district: District) -> Any:
    return _user("reviewer", REVIEWER, district, is_staff=True)


@pytest.fixture
def planner(district: District) -> Any:
    return _user("planner", PLANNER, district, is_staff=True)


@pytest.fixture
def outsider(db: Any) -> Any:
    """A logged-in account without staff status (e.g. a future partner login)."""
    return _user("outsider")


@pytest.fixture
def superuser(db: Any) -> Any:
    return get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")


@pytest.fixture
def other_district(db: Any) -> District:
    """A second district with its own municipality, for tests of district isolation."""
    other = DistrictFactory(key="16061", name="Landkreis Eichsfeld", slug="eichsfeld")
    MunicipalityFactory(
        district=other, ags="16061111", name="Heilbad Heiligenstadt, Stadt", slug="heiligenstadt"
    )
    return other


@pytest.fixture
def other_editor(other_district: District) -> Any:
    return _user("other-editor", EDITOR, other_district, is_staff=True)


@pytest.fixture
def other_reviewer(other_district: District) -> Any:
    return _user("other-reviewer", REVIEWER, other_district, is_staff=True)


@pytest.fixture
def other_planner(other_district: District) -> Any:
    return _user("other-planner", PLANNER, other_district, is_staff=True)


# A small adopted plan with measures and LSZ funding (``plans``, the back office, the workspace).
from wegweiser.plans.tests.fixtures import plan, programme  # noqa: E402, F401
