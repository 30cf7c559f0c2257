"""Permission matrix of the back office: every view against every role, anonymous included."""

import io
from collections.abc import Callable

import pytest
from django.test import Client

from wegweiser.catalog.models import Location, Offer
from wegweiser.catalog.tests.factories import LocationFactory
from wegweiser.districts.models import District
from wegweiser.hsds.models import ImportRun
from wegweiser.publishing.models import Edition, EditionDocument

ROLES = ["anonymous", "outsider", "editor", "reviewer", "planner", "superuser"]

# view → roles that may open it (GET answers 200); everybody else is sent to the login (302)
# or refused (403).
MATRIX: dict[str, set[str]] = {
    "/admin/": {"editor", "reviewer", "planner", "superuser"},
    "/admin/catalog/offer/": {"editor", "reviewer", "planner", "superuser"},
    "/admin/catalog/offer/add/": {"editor", "reviewer", "superuser"},
    "/admin/catalog/offer/{offer}/change/": {"editor", "reviewer", "planner", "superuser"},
    "/admin/catalog/organisation/": {"editor", "reviewer", "planner", "superuser"},
    "/admin/catalog/organisation/add/": {"editor", "reviewer", "superuser"},
    "/admin/catalog/location/": {"editor", "reviewer", "planner", "superuser"},
    "/admin/catalog/location/{location}/change/": {"editor", "reviewer", "planner", "superuser"},
    "/admin/catalog/taxonomy/": {"editor", "reviewer", "planner", "superuser"},
    "/admin/catalog/taxonomyterm/add/": {"reviewer", "superuser"},
    "/admin/catalog/fundingprogramme/": {"editor", "reviewer", "planner", "superuser"},
    "/admin/catalog/fundingprogramme/add/": {"reviewer", "superuser"},
    "/admin/core/auditentry/": {"editor", "reviewer", "planner", "superuser"},
    "/admin/districts/municipality/": {"editor", "reviewer", "planner", "superuser"},
    "/admin/catalog/offer/import/": {"editor", "reviewer", "superuser"},
    "/admin/catalog/offer/import/{run}/": {"editor", "reviewer", "superuser"},
    "/admin/catalog/offer/export/datapackage/": {"editor", "reviewer", "planner", "superuser"},
    "/admin/catalog/offer/export/json/": {"editor", "reviewer", "planner", "superuser"},
    "/admin/catalog/offer/export/xlsx/": {"editor", "reviewer", "planner", "superuser"},
    "/admin/catalog/offer/template/": {"editor", "reviewer", "planner", "superuser"},
    "/admin/publishing/edition/": {"editor", "reviewer", "planner", "superuser"},
    "/admin/publishing/edition/add/": {"editor", "reviewer", "superuser"},
    "/admin/publishing/edition/{edition}/change/": {"editor", "reviewer", "planner", "superuser"},
    "/admin/publishing/edition/{edition}/pdf/": {"editor", "reviewer", "planner", "superuser"},
    "/admin/publishing/edition/{edition}/send/": {"reviewer", "superuser"},
    "/admin/publishing/recipientlist/": {"editor", "reviewer", "planner", "superuser"},
    "/admin/publishing/recipientlist/add/": {"reviewer", "superuser"},
    "/admin/publishing/dispatch/": {"editor", "reviewer", "planner", "superuser"},
}


def _released_edition(district: District) -> Edition:
    edition = Edition.objects.create(
        district=district, number=1, title="Katalog", language_id="de", state=Edition.State.RELEASED
    )
    EditionDocument.objects.create(edition=edition, pdf=b"%PDF-1.7", size=8, pages=1, sha256="0")
    return edition


@pytest.fixture
def login(client: Client, request: pytest.FixtureRequest) -> Callable[[str], Client]:
    def as_role(role: str) -> Client:
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return as_role


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", list(MATRIX))
def test_back_office_view_permissions(
    login: Callable, role: str, path: str, district: District, make_offer: Callable
) -> None:
    offer: Offer = make_offer("Sprachcafé")
    location: Location = LocationFactory(district=district)
    run = ImportRun.objects.create(district=district, file_name="k.zip", data=b"", state="checked")
    edition = _released_edition(district)
    url = path.format(offer=offer.pk, location=location.pk, run=run.pk, edition=edition.pk)
    response = login(role).get(url)
    if role in MATRIX[path]:
        assert response.status_code == 200, (role, url)
    elif role in ("anonymous", "outsider"):
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    else:
        assert response.status_code == 403, (role, url, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "allowed"),
    [("editor", False), ("planner", False), ("reviewer", True), ("superuser", True)],
)
def test_only_reviewers_may_publish(login: Callable, role: str, allowed: bool, make_offer: Callable) -> None:
    offer = make_offer("Entwurf", publish=False)
    login(role).post("/admin/catalog/offer/", {"action": "publish", "_selected_action": [str(offer.pk)]})
    offer.refresh_from_db()
    assert (offer.state == Offer.State.PUBLISHED) is allowed


@pytest.mark.django_db
def test_nobody_deletes_offers_they_are_archived_instead(login: Callable, make_offer: Callable) -> None:
    offer = make_offer("Kurs")
    response = login("superuser").get(f"/admin/catalog/offer/{offer.pk}/delete/")
    assert response.status_code == 403


@pytest.mark.django_db
def test_changelist_query_count_is_constant(
    login: Callable, make_offer: Callable, django_assert_max_num_queries: Callable
) -> None:
    client = login("editor")
    for n in range(3):
        make_offer(f"Kurs {n}")
    with django_assert_max_num_queries(30) as few:
        client.get("/admin/catalog/offer/")
    for n in range(3, 20):
        make_offer(f"Kurs {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/admin/catalog/offer/")


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "allowed"), [("editor", False), ("reviewer", True)])
def test_only_reviewers_may_commit_someone_elses_import(
    login: Callable, role: str, allowed: bool, district: District, make_offer: Callable
) -> None:
    from wegweiser.hsds.services import catalog_export

    make_offer("Sprachcafé")
    out = io.BytesIO()
    catalog_export(district=district, fmt="datapackage", out=out)
    run = ImportRun.objects.create(district=district, file_name="k.zip", data=out.getvalue(), state="checked")
    login(role).post(f"/admin/catalog/offer/import/{run.pk}/")
    run.refresh_from_db()
    assert (run.state == ImportRun.State.COMMITTED) is allowed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("outsider", 302),
        ("planner", 403),
        ("editor", 403),
        ("reviewer", 302),
        ("superuser", 302),
    ],
)
def test_only_reviewers_may_release_editions(
    login: Callable, role: str, status: int, district: District
) -> None:
    edition = Edition.objects.create(district=district, number=1, title="Katalog", language_id="de")
    response = login(role).post(f"/admin/publishing/edition/{edition.pk}/release/")
    assert response.status_code == status
    if status == 302 and role not in ("anonymous", "outsider"):
        assert response["Location"].endswith(f"/admin/publishing/edition/{edition.pk}/change/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("outsider", 302), ("planner", 403), ("editor", 302), ("reviewer", 302)],
)
def test_planners_may_not_start_builds(login: Callable, role: str, status: int, district: District) -> None:
    edition = Edition.objects.create(district=district, number=1, title="Katalog", language_id="de")
    response = login(role).post(f"/admin/publishing/edition/{edition.pk}/build/")
    assert response.status_code == status
