"""Partner accounts and what partners may do, through the services: invitations by e-mail
(through a real local SMTP server), the signed single-use link, access per organisation, and
four-eyes: a partner's change is a revision that is public only once a reviewer accepts it."""

import datetime as dt
import re
from collections.abc import Iterator
from email.header import decode_header, make_header
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from wegweiser.catalog.models import Offer, TaxonomyTerm
from wegweiser.catalog.selectors.public import offer_public_detail
from wegweiser.catalog.services.entities import taxonomy_term_update
from wegweiser.catalog.services.offers import offer_archive, offer_create, offer_publish, offer_update
from wegweiser.core.models import AuditEntry
from wegweiser.freshness.models import OfferConfirmation
from wegweiser.partners import services
from wegweiser.partners.models import Invitation, PartnerAccess
from wegweiser.partners.tests.conftest import make_partner
from wegweiser.publishing.tests.test_distribution import Mailbox, _free_port
from wegweiser.revisions.models import Revision
from wegweiser.revisions.services import (
    revision_approve,
    revision_propose,
    revision_reject,
    revision_withdraw,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp() -> Iterator[Mailbox]:
    mailbox = Mailbox()
    port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=port
    ):
        yield mailbox
    controller.stop()


def _link(mailbox: Mailbox) -> str:
    body = mailbox.messages[-1][1].get_payload(decode=True).decode()
    return re.search(r"http\S+/partner/einladung/(\S+)/", body).group(1)  # type: ignore[union-attr]


def test_staff_invite_by_email_and_the_link_creates_a_partner_account_once(
    smtp: Mailbox, editor: Any, caritas: Any
) -> None:
    invitation = services.invitation_create(actor=editor, organisation=caritas, email="Neu@Example.org ")
    assert invitation.email == "neu@example.org"
    recipients, message = smtp.messages[-1]
    assert recipients == ["neu@example.org"]
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == "Einladung zum Partnerportal – Landkreis Nordhausen"
    token = _link(smtp)
    user = services.invitation_accept(token=token, password="ein-gutes-Passwort-42", first_name="Nora")
    assert user.email == "neu@example.org" and user.check_password("ein-gutes-Passwort-42")
    assert not user.is_staff and not user.is_superuser
    access = PartnerAccess.objects.get(user=user)
    assert access.organisation == caritas and access.granted_by == editor
    with pytest.raises(services.InvitationInvalid, match="schon verwendet"):
        services.invitation_accept(token=token, password="noch-ein-Passwort-42")
    trail = AuditEntry.objects.filter(object_type="catalog.organisation", object_id=str(caritas.pk))
    assert trail.filter(actor=editor, action="create", summary__contains="neu@example.org").exists()
    assert trail.filter(actor=user, action="create").exists()  # accepted: the access granted


def test_tampered_expired_and_withdrawn_links_change_nothing(
    smtp: Mailbox, editor: Any, caritas: Any
) -> None:
    invitation = services.invitation_create(actor=editor, organisation=caritas, email="a@example.org")
    token = services.invitation_token(invitation)
    with pytest.raises(services.InvitationInvalid, match="ungültig"):
        services.invitation_accept(token=token[:-2] + "xx", password="ein-gutes-Passwort-42")
    other = signing.dumps(str(invitation.pk), salt="something-else")
    with pytest.raises(services.InvitationInvalid, match="ungültig"):
        services.invitation_from_token(other)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(services.InvitationInvalid, match="abgelaufen"):
        services.invitation_accept(token=token, password="ein-gutes-Passwort-42")
    fresh = services.invitation_create(actor=editor, organisation=caritas, email="a@example.org")
    services.invitation_revoke(actor=editor, invitation=fresh)
    with pytest.raises(services.InvitationInvalid, match="zurückgezogen"):
        services.invitation_accept(token=services.invitation_token(fresh), password="ein-gutes-Passwort-42")
    assert not get_user_model().objects.filter(email="a@example.org").exists()


def test_a_weak_password_is_refused_and_the_invitation_stays_open(
    smtp: Mailbox, editor: Any, caritas: Any
) -> None:
    invitation = services.invitation_create(actor=editor, organisation=caritas, email="b@example.org")
    with pytest.raises(ValidationError):
        services.invitation_accept(token=services.invitation_token(invitation), password="123")
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not get_user_model().objects.filter(email="b@example.org").exists()


def test_one_person_acts_for_several_organisations(
    smtp: Mailbox, editor: Any, manager: Any, vhs: Any
) -> None:
    invitation = services.invitation_create(actor=editor, organisation=vhs, email=manager.email)
    with pytest.raises(ValidationError, match="zuerst anmelden"):
        services.invitation_accept(
            token=services.invitation_token(invitation), password="ein-gutes-Passwort-42"
        )
    someone_else = make_partner("jemand", vhs)
    with pytest.raises(ValidationError, match="angemeldet"):
        services.invitation_accept(token=services.invitation_token(invitation), user=someone_else)
    services.invitation_accept(token=services.invitation_token(invitation), user=manager)
    assert set(PartnerAccess.objects.filter(user=manager).values_list("organisation__name", flat=True)) == {
        "Caritas (Demo)",
        "VHS (Demo)",
    }


def test_when_the_mail_server_is_down_no_invitation_is_saved(editor: Any, caritas: Any) -> None:
    with (
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=_free_port(),
        ),
        pytest.raises(ValidationError, match="nicht gesendet"),
    ):
        services.invitation_create(actor=editor, organisation=caritas, email="c@example.org")
    assert not Invitation.objects.exists()


def test_who_may_invite_and_remove(
    smtp: Mailbox,
    planner: Any,
    other_reviewer: Any,
    manager: Any,
    colleague: Any,
    vhs_partner: Any,
    caritas: Any,
) -> None:
    for actor in (planner, other_reviewer, colleague, vhs_partner):
        with pytest.raises(PermissionDenied):
            services.invitation_create(actor=actor, organisation=caritas, email="d@example.org")
    services.invitation_create(actor=manager, organisation=caritas, email="d@example.org")
    access = PartnerAccess.objects.get(user=colleague)
    with pytest.raises(PermissionDenied):
        services.partner_access_remove(actor=vhs_partner, access=access)
    with pytest.raises(ValidationError):
        services.partner_access_remove(actor=manager, access=PartnerAccess.objects.get(user=manager))
    services.partner_access_remove(actor=manager, access=access)
    assert not PartnerAccess.objects.filter(user=colleague).exists()
    assert AuditEntry.objects.filter(object_id=str(caritas.pk), action="delete", actor=manager).exists()


def test_a_partner_proposes_only_for_the_own_organisations_offers_and_only_partner_fields(
    colleague: Any, caritas_offer: Offer, vhs_offer: Offer, foreign_offer: Offer, vhs: Any
) -> None:
    revision = revision_propose(actor=colleague, target=caritas_offer, data={"name": "Sprachcafé neu"})
    assert revision.proposer == colleague and revision.state == Revision.State.PENDING
    for offer in (vhs_offer, foreign_offer):
        with pytest.raises(PermissionDenied):
            revision_propose(actor=colleague, target=offer, data={"name": "Gekapert"})
    with pytest.raises(ValidationError, match="Änderungsvorschlag"):
        revision_propose(actor=colleague, target=caritas_offer, data={"organisation": vhs})
    offer_archive(actor=None, offer=caritas_offer)
    with pytest.raises(PermissionDenied):
        revision_propose(actor=colleague, target=caritas_offer, data={"name": "Archiviert"})


def test_a_partners_change_is_public_only_when_accepted_and_a_rejected_one_never(
    colleague: Any, reviewer: Any, caritas_offer: Offer, district: Any
) -> None:
    def public_name() -> str:
        return offer_public_detail(district=district, slug=caritas_offer.slug, language="de").name  # type: ignore[union-attr]

    accepted = revision_propose(actor=colleague, target=caritas_offer, data={"name": "Sprachcafé am Markt"})
    assert public_name() == "Sprachcafé"
    revision_approve(actor=reviewer, revision=accepted)
    assert public_name() == "Sprachcafé am Markt"

    rejected = revision_propose(
        actor=colleague, target=caritas_offer, data={"short_description": "Kostenlose Rechtsberatung"}
    )
    revision_reject(actor=reviewer, revision=rejected, reason="Bitte genauer beschreiben.")
    caritas_offer.refresh_from_db()
    assert caritas_offer.short_description == "Kurzbeschreibung von Sprachcafé"
    rejected.refresh_from_db()
    assert rejected.reason == "Bitte genauer beschreiben."

    trail = AuditEntry.objects.filter(object_type="revisions.revision")
    assert trail.filter(object_id=str(accepted.pk), actor=colleague, action="create").exists()
    assert trail.filter(object_id=str(accepted.pk), actor=reviewer, action="state").exists()
    assert trail.filter(object_id=str(rejected.pk), actor=colleague, action="create").exists()
    assert trail.filter(object_id=str(rejected.pk), actor=reviewer, action="state").exists()
    on_offer = AuditEntry.objects.filter(object_id=str(caritas_offer.pk))
    assert on_offer.filter(actor=colleague, summary__icontains="noch nicht öffentlich").count() == 2
    assert on_offer.filter(actor=reviewer, summary__contains=str(colleague)).exists()


def test_a_partner_never_publishes_changes_directly_or_touches_vocabularies(
    colleague: Any, caritas_offer: Offer, caritas_draft: Offer, caritas: Any
) -> None:
    with pytest.raises(PermissionDenied):
        offer_update(actor=colleague, offer=caritas_offer, data={"name": "Direkt"})
    with pytest.raises(PermissionDenied):
        offer_update(actor=colleague, offer=caritas_draft, data={"name": "Direkt"})
    with pytest.raises(PermissionDenied):
        offer_publish(actor=colleague, offer=caritas_draft)
    with pytest.raises(PermissionDenied):
        offer_archive(actor=colleague, offer=caritas_offer)
    term = TaxonomyTerm.objects.first()
    with pytest.raises(PermissionDenied):
        taxonomy_term_update(actor=colleague, term=term, data={"name": "Gekapert"})  # type: ignore[arg-type]
    revision = revision_propose(actor=colleague, target=caritas_offer, data={"name": "Neu"})
    with pytest.raises(PermissionDenied):
        revision_approve(actor=colleague, revision=revision)
    with pytest.raises(PermissionDenied):
        offer_create(
            actor=colleague,
            data={
                "district": caritas.district,
                "organisation": caritas,
                "name": "X",
                "short_description": "Y",
                "state": Offer.State.PUBLISHED,
            },
        )


def test_a_new_offer_of_a_partner_waits_in_review(
    colleague: Any, caritas: Any, vhs: Any, foreign_org: Any, term: Any
) -> None:
    data = {
        "name": "Nähcafé",
        "short_description": "Gemeinsam nähen",
        "serves_whole_district": True,
        "terms": [term("field_of_action", "wohnen"), term("target_group", "erwachsene")],
    }
    offer = services.partner_offer_create(
        actor=colleague, organisation=caritas, data=data, note="Neu ab März"
    )
    assert offer.state == Offer.State.IN_REVIEW and offer.organisation == caritas
    assert offer_public_detail(district=caritas.district, slug=offer.slug, language="de") is None
    assert AuditEntry.objects.filter(object_id=str(offer.pk), actor=colleague, action="create").exists()
    for organisation in (vhs, foreign_org):
        with pytest.raises(PermissionDenied):
            services.partner_offer_create(actor=colleague, organisation=organisation, data=data)


def test_a_partner_confirms_and_reports_an_offer_as_ended(
    colleague: Any, vhs_partner: Any, caritas_offer: Offer, caritas_draft: Offer, reviewer: Any
) -> None:
    services.partner_offer_confirm(actor=colleague, offer=caritas_offer)
    caritas_offer.refresh_from_db()
    assert caritas_offer.assured_date == timezone.localdate() and caritas_offer.assurer == colleague
    assert OfferConfirmation.objects.filter(offer=caritas_offer).latest("created_at").method == "portal"
    for actor, offer in ((vhs_partner, caritas_offer), (colleague, caritas_draft)):
        with pytest.raises(PermissionDenied):
            services.partner_offer_confirm(actor=actor, offer=offer)
    revision = services.partner_offer_report_ended(
        actor=colleague, offer=caritas_offer, note="Projekt beendet"
    )
    assert revision.proposed["fields"]["status"] == Offer.Status.DEFUNCT
    caritas_offer.refresh_from_db()
    assert caritas_offer.status == Offer.Status.ACTIVE
    revision_approve(actor=reviewer, revision=revision)
    caritas_offer.refresh_from_db()
    assert caritas_offer.status == Offer.Status.DEFUNCT


def test_a_partner_withdraws_only_the_own_proposals(
    colleague: Any, manager: Any, caritas_offer: Offer
) -> None:
    revision = revision_propose(actor=colleague, target=caritas_offer, data={"name": "Neu"})
    with pytest.raises(PermissionDenied):
        revision_withdraw(actor=manager, revision=revision)
    revision_withdraw(actor=colleague, revision=revision)
    revision.refresh_from_db()
    assert revision.state == Revision.State.WITHDRAWN
