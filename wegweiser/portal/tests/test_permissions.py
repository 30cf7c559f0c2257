"""The partner portal's permission matrix: every portal URL × anonymous, the partners of two
organisations of the district (a manager and a colleague of one, a partner of the other), a
partner of another district and staff without partner access. Another organisation's or
district's offers answer 404 (nothing can be probed); staff are not partners (403); partners get
nowhere in the back office (every admin URL sends them to the login), cannot publish and cannot
change vocabularies."""

import uuid
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import get_resolver, resolve, reverse

from wegweiser.backoffice.tests.test_access_matrix import MATRIX, _url, worlds  # noqa: F401  (fixture)
from wegweiser.catalog.models import Offer, TaxonomyTerm
from wegweiser.core.testing.matrix import url_names
from wegweiser.partners.models import Invitation, PartnerAccess
from wegweiser.revisions.models import Revision
from wegweiser.revisions.services import revision_propose

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "colleague", "manager", "vhs_partner", "foreign_partner", "editor", "reviewer")
CARITAS = {"colleague", "manager"}


def _expect(role: str, allowed: set[str], *, ok: int = 200, hidden: int = 404) -> int:
    """Anonymous → login; staff (no partner access) → 403; the allowed partners → ``ok``;
    other partners → ``hidden`` (404: as if it did not exist)."""
    if role == "anonymous":
        return 302
    if role in ("editor", "reviewer"):
        return 403
    return ok if role in allowed else hidden


@pytest.fixture
def objects(
    caritas: Any,
    vhs: Any,
    foreign_org: Any,
    caritas_offer: Offer,
    caritas_draft: Offer,
    vhs_offer: Offer,
    vhs_draft: Offer,
    foreign_offer: Offer,
    colleague: Any,
    manager: Any,
    vhs_partner: Any,
    foreign_partner: Any,
    editor: Any,
    reviewer: Any,
) -> dict[str, Any]:
    revision = revision_propose(actor=colleague, target=caritas_offer, data={"name": "Neu"})
    return {
        "caritas": caritas,
        "vhs": vhs,
        "foreign_org": foreign_org,
        "caritas_offer": caritas_offer,
        "caritas_draft": caritas_draft,
        "vhs_offer": vhs_offer,
        "vhs_draft": vhs_draft,
        "foreign_offer": foreign_offer,
        "revision": revision,
        "access": PartnerAccess.objects.get(user=colleague),
        "invitation": Invitation.objects.create(
            email="x@example.org", organisation=caritas, expires_at="2099-01-01T00:00:00Z"
        ),
        "users": {
            "colleague": colleague,
            "manager": manager,
            "vhs_partner": vhs_partner,
            "foreign_partner": foreign_partner,
            "editor": editor,
            "reviewer": reviewer,
        },
    }


def _matrix(o: dict[str, Any]) -> list[tuple[str, str, dict[str, int]]]:
    """(method, url, {role: status}) for every portal URL."""

    def url(name: str, **kwargs: Any) -> str:
        return reverse(f"portal:{name}", kwargs={"lang": "de"} | kwargs)

    def each(status: int) -> dict[str, int]:
        return dict.fromkeys(ROLES, status)

    def partner_page(allowed: set[str], **kw: Any) -> dict[str, int]:
        return {role: _expect(role, allowed, **kw) for role in ROLES}

    rows = [
        ("get", url("home"), partner_page(CARITAS | {"vhs_partner", "foreign_partner"})),
        ("get", url("login"), each(200)),
        ("get", url("logout"), each(405)),
        ("get", url("password_reset"), each(200)),
        ("get", url("password_reset_done"), each(200)),
        ("get", url("password_reset_confirm", uidb64="MQ", token="set-password"), each(200)),
        ("get", url("password_reset_complete"), each(200)),
        ("get", url("invitation_accept", token="gefaelscht"), each(400)),
        ("get", url("offer_confirm", pk=o["caritas_offer"].pk), each(405)),
        ("get", url("revision_withdraw", pk=o["revision"].pk), each(405)),
        ("get", url("colleague_remove", pk=o["caritas"].pk, access_pk=o["access"].pk), each(405)),
        ("get", url("invitation_revoke", pk=o["caritas"].pk, invitation_pk=o["invitation"].pk), each(405)),
        ("get", url("colleagues", pk=o["caritas"].pk), partner_page({"manager"}) | {"colleague": 403}),
        ("get", url("colleagues", pk=o["foreign_org"].pk), partner_page({"foreign_partner"})),
    ]
    for name in ("offer_edit", "offer_end"):
        rows += [
            ("get", url(name, pk=o["caritas_offer"].pk), partner_page(CARITAS)),
            ("get", url(name, pk=o["caritas_draft"].pk), partner_page(CARITAS)),  # the own draft
            ("get", url(name, pk=o["vhs_offer"].pk), partner_page({"vhs_partner"})),
            ("get", url(name, pk=o["vhs_draft"].pk), partner_page({"vhs_partner"})),  # another's draft
            ("get", url(name, pk=o["foreign_offer"].pk), partner_page({"foreign_partner"})),
            ("get", url(name, pk=uuid.uuid4()), partner_page(set())),
        ]
    for org, allowed in (
        ("caritas", CARITAS),
        ("vhs", {"vhs_partner"}),
        ("foreign_org", {"foreign_partner"}),
    ):
        rows.append(("get", url("offer_new", pk=o[org].pk), partner_page(allowed)))
    rows.append(
        (
            "get",
            reverse("portal:home", kwargs={"lang": "en"}),
            partner_page(CARITAS | {"vhs_partner", "foreign_partner"}),
        )
    )
    return rows


def test_every_portal_url_is_in_the_matrix(objects: dict[str, Any]) -> None:
    portal = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "portal")
    names = {name for name, _route in url_names(portal.url_patterns)}
    covered = {resolve(url).url_name for _m, url, _s in _matrix(objects)}
    assert names - covered == set(), "add the new portal URLs to the matrix"


def test_portal_permission_matrix(objects: dict[str, Any]) -> None:
    clients = {"anonymous": Client()}
    for role, user in objects["users"].items():
        clients[role] = Client()
        clients[role].force_login(user)
    wrong = []
    for method, url, expected in _matrix(objects):
        for role, status in expected.items():
            got = getattr(clients[role], method)(url).status_code
            if got != status:
                wrong.append(f"{role} {method.upper()} {url}: {got}, expected {status}")
    assert not wrong, "\n".join(wrong)


def test_posts_for_other_organisations_change_nothing(objects: dict[str, Any], colleague: Any) -> None:
    o = objects
    client = Client()
    client.force_login(objects["users"]["vhs_partner"])

    def url(name: str, **kwargs: Any) -> str:
        return reverse(f"portal:{name}", kwargs={"lang": "de"} | kwargs)

    posts = [
        url("offer_edit", pk=o["caritas_offer"].pk),
        url("offer_confirm", pk=o["caritas_offer"].pk),
        url("offer_end", pk=o["caritas_offer"].pk),
        url("offer_new", pk=o["caritas"].pk),
        url("colleagues", pk=o["caritas"].pk),
        url("colleague_remove", pk=o["caritas"].pk, access_pk=o["access"].pk),
        url("invitation_revoke", pk=o["caritas"].pk, invitation_pk=o["invitation"].pk),
        url("revision_withdraw", pk=o["revision"].pk),
    ]
    for target in posts:
        response = client.post(
            target, {"name": "Gekapert", "email": "boese@example.org", "ended_on": "2026-01-01"}
        )
        assert response.status_code == 404, target
    offer = Offer.objects.get(pk=o["caritas_offer"].pk)
    assert offer.name == "Sprachcafé" and offer.assurer is None  # only the publication's check
    assert not offer.confirmations.exclude(method="publication").exists()
    assert Revision.objects.filter(target_id=offer.pk).count() == 1  # only the colleague's
    assert PartnerAccess.objects.filter(pk=o["access"].pk).exists()
    assert Invitation.objects.get(pk=o["invitation"].pk).revoked_at is None
    assert not Offer.objects.filter(name="Gekapert").exists()

    # A colleague (not a manager) cannot manage access; nobody confirms a draft.
    client.force_login(colleague)
    assert (
        client.post(url("colleague_remove", pk=o["caritas"].pk, access_pk=o["access"].pk)).status_code == 403
    )
    client.post(url("offer_confirm", pk=o["caritas_draft"].pk))
    assert Offer.objects.get(pk=o["caritas_draft"].pk).assured_date is None


def test_partners_get_nowhere_in_the_back_office(
    worlds: Any,  # noqa: F811
    colleague: Any,
    caritas_offer: Offer,
) -> None:
    """Every admin URL answers a partner as it answers any account without staff status: with the
    login page. Publishing, deciding revisions and changing vocabularies by POST change nothing."""
    mine, _theirs = worlds
    client = Client()
    client.force_login(colleague)
    wrong = []
    for name, entries in MATRIX.items():
        for entry in entries:
            address = _url(name, entry, mine)
            status = client.get(address).status_code
            if status != entry.expected("outsider"):
                wrong.append(f"{address}: {status}, expected {entry.expected('outsider')}")
    assert not wrong, "\n".join(wrong)
    assert {n for n, _r in url_names(admin.site.get_urls())} <= set(MATRIX)

    revision = revision_propose(actor=colleague, target=caritas_offer, data={"name": "Vorschlag"})
    term = TaxonomyTerm.objects.first()
    assert term is not None
    for address, data in [
        (reverse("admin:revisions_revision_accept", args=[revision.pk]), {}),
        (
            reverse("admin:catalog_offer_changelist"),
            {"action": "publish", "_selected_action": [str(caritas_offer.pk)]},
        ),
        (reverse("admin:catalog_taxonomyterm_change", args=[term.pk]), {"name": "Gekapert"}),
    ]:
        assert client.post(address, data).status_code == 302  # to the login
    revision.refresh_from_db()
    term.refresh_from_db()
    assert revision.state == Revision.State.PENDING and term.name != "Gekapert"
    assert client.get("/admin/").url.startswith("/admin/login/")  # type: ignore[attr-defined]
