"""The signed links: tampered, expired and reused links change nothing; "Änderungen melden"
and "Gibt es nicht mehr" become proposed changes for a reviewer, nothing public changes."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from wegweiser.catalog.models import Offer
from wegweiser.catalog.tests.factories import OrganisationFactory
from wegweiser.core.models import AuditEntry
from wegweiser.freshness import links
from wegweiser.freshness.models import ConfirmationRequest, OfferConfirmation
from wegweiser.freshness.services.runs import confirmations_run
from wegweiser.freshness.tests.conftest import Smtp, at, links_in
from wegweiser.revisions.models import Revision
from wegweiser.revisions.services import revision_approve

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(office: Any, make_offer: Callable, smtp: Smtp) -> dict[str, Any]:
    caritas = OrganisationFactory(district=office, name="Caritas (Demo)", email="caritas@example.org")
    with time_machine.travel(at(2026, 1, 10), tick=False):
        offer = make_offer("Sprachcafé", organisation=caritas)
    with time_machine.travel(at(2026, 12, 14), tick=False):
        confirmations_run()
    [message] = smtp.to("caritas@example.org")
    return {"offer": offer, "links": links_in(message)["Sprachcafé"]}


def _unchanged(offer: Offer) -> None:
    fresh = Offer.objects.get(pk=offer.pk)
    # Checked on publication (10 January), nothing since.
    assert fresh.assured_date == dt.date(2026, 1, 10) and fresh.status == Offer.Status.ACTIVE
    assert not OfferConfirmation.objects.exclude(method=OfferConfirmation.Method.PUBLICATION).exists()
    assert not Revision.objects.exists()
    request = ConfirmationRequest.objects.get(offer=offer)
    assert request.answered_at is None and request.answer == ""


def _tampered(path: str) -> str:
    token = path.rstrip("/").rsplit("/", 1)[1]
    payload, rest = token.split(":", 1)
    changed = payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1]
    return path.replace(token, f"{changed}:{rest}")


def test_a_tampered_link_is_refused_with_a_german_page_and_changes_nothing(asked: dict[str, Any]) -> None:
    client = Client()
    path = _tampered(asked["links"]["Ist noch aktuell"])
    with time_machine.travel(at(2026, 12, 16), tick=False):
        for response in (client.get(path), client.post(path)):
            assert response.status_code == 400
            assert "Dieser Link ist ungültig" in response.content.decode()
            assert "Es wurde nichts geändert." in response.content.decode()
    _unchanged(asked["offer"])


def test_a_link_for_another_action_cannot_be_forged_from_a_real_one(asked: dict[str, Any]) -> None:
    request = ConfirmationRequest.objects.get(offer=asked["offer"])
    # A token signed with another salt (e.g. another part of the application) is not accepted.
    from django.core import signing

    forged = signing.dumps({"r": str(request.pk), "n": request.nonce, "a": "current"}, salt="other")
    response = Client().post(reverse("freshness:link", kwargs={"token": forged}))
    assert response.status_code == 400
    _unchanged(asked["offer"])


def test_an_expired_link_is_refused_and_changes_nothing(asked: dict[str, Any], settings: Any) -> None:
    settings.LANGUAGE_CODE = "de"
    path = asked["links"]["Ist noch aktuell"]
    with time_machine.travel(at(2026, 12, 14) + dt.timedelta(days=43), tick=False):
        response = Client().post(path)
    assert response.status_code == 410
    assert "Dieser Link ist abgelaufen" in response.content.decode()
    _unchanged(asked["offer"])


def test_the_refusal_page_is_english_under_the_english_address(asked: dict[str, Any]) -> None:
    path = _tampered(asked["links"]["Ist noch aktuell"]).replace("/de/", "/en/", 1)
    response = Client().get(path)
    assert response.status_code == 400 and "This link is not valid" in response.content.decode()


def test_a_used_link_and_its_sibling_links_are_refused(asked: dict[str, Any]) -> None:
    client = Client()
    with time_machine.travel(at(2026, 12, 16), tick=False):
        assert client.post(asked["links"]["Ist noch aktuell"]).status_code == 200
    assert Offer.objects.get(pk=asked["offer"].pk).assured_date == dt.date(2026, 12, 16)
    with time_machine.travel(at(2026, 12, 17), tick=False):
        for path in asked["links"].values():
            response = client.post(path, {"text": "Neue Zeiten"})
            assert response.status_code == 410
            assert "Dieser Link wurde bereits verwendet" in response.content.decode()
    assert Offer.objects.get(pk=asked["offer"].pk).assured_date == dt.date(2026, 12, 16)
    assert (
        OfferConfirmation.objects.exclude(method="publication").count() == 1 and not Revision.objects.exists()
    )


def test_a_link_of_an_offer_confirmed_by_phone_meanwhile_is_used(asked: dict[str, Any], editor: Any) -> None:
    from wegweiser.catalog.services.offers import offer_confirm

    offer_confirm(actor=editor, offer=asked["offer"], method="phone", note="Anruf")
    assert Client().post(asked["links"]["Ist noch aktuell"]).status_code == 410
    assert OfferConfirmation.objects.exclude(method="publication").count() == 1


def test_reporting_changes_becomes_a_proposed_change_for_a_reviewer_and_nothing_public_changes(
    asked: dict[str, Any], reviewer: Any
) -> None:
    client = Client()
    path = asked["links"]["Änderungen melden"]
    page = client.get(path)
    assert page.status_code == 200
    assert 'value="caritas@example.org"' in page.content.decode()  # the e-mail prefilled
    refused = client.post(path, {"text": "", "email": "caritas@example.org"})
    assert refused.status_code == 400 and "Bitte beschreiben Sie" in refused.content.decode()
    assert not Revision.objects.exists()
    done = client.post(path, {"text": "Neu: dienstags 16 Uhr", "name": "Frau Demo", "email": "c@example.org"})
    assert done.status_code == 200 and "Vielen Dank" in done.content.decode()
    revision = Revision.objects.get()
    assert revision.proposer is None and revision.state == Revision.State.PENDING
    assert "Neu: dienstags 16 Uhr" in revision.note and "Frau Demo" in revision.note
    request = ConfirmationRequest.objects.get(offer=asked["offer"])
    assert (
        request.answer == ConfirmationRequest.Answer.CHANGES and request.answered_by_email == "c@example.org"
    )
    offer = Offer.objects.get(pk=asked["offer"].pk)
    assert offer.assured_date == dt.date(2026, 1, 10) and offer.status == Offer.Status.ACTIVE
    assert AuditEntry.objects.filter(object_type="revisions.revision").exists()
    assert client.post(path, {"text": "noch einmal"}).status_code == 410


def test_reporting_the_end_proposes_defunct_and_the_offer_stays_public_until_a_reviewer_accepts(
    asked: dict[str, Any], reviewer: Any
) -> None:
    client = Client()
    path = asked["links"]["Gibt es nicht mehr"]
    assert client.get(path).status_code == 200
    assert client.post(path, {"text": "", "email": "caritas@example.org"}).status_code == 200
    revision = Revision.objects.get()
    assert revision.proposed["fields"]["status"] == Offer.Status.DEFUNCT
    assert Offer.objects.get(pk=asked["offer"].pk).status == Offer.Status.ACTIVE
    assert ConfirmationRequest.objects.get().answer == ConfirmationRequest.Answer.ENDED
    revision_approve(actor=reviewer, revision=revision)
    assert Offer.objects.get(pk=asked["offer"].pk).status == Offer.Status.DEFUNCT


def test_a_mail_scanner_opening_every_link_changes_nothing(asked: dict[str, Any]) -> None:
    client = Client()
    for path in asked["links"].values():
        assert client.get(path).status_code == 200
        assert client.head(path).status_code == 405
    _unchanged(asked["offer"])


def test_link_tokens_carry_request_nonce_and_action() -> None:
    import uuid

    request_id = uuid.uuid4()
    token = links.link_token(request_id=request_id, nonce="abc", action=links.ENDED)
    assert links.link_read(token) == links.LinkData(request_id=request_id, nonce="abc", action="ended")
    with pytest.raises(links.LinkInvalid):
        links.link_read(token + "x")


def test_reporting_changes_opens_the_partner_portal_when_the_organisation_has_accounts(
    asked: dict[str, Any],
) -> None:
    from django.contrib.auth import get_user_model

    from wegweiser.partners.models import PartnerAccess

    offer = asked["offer"]
    user = get_user_model().objects.create_user("partner-caritas", email="p@example.org")
    PartnerAccess.objects.create(user=user, organisation=offer.organisation)
    page = Client().get(asked["links"]["Änderungen melden"])
    assert page.status_code == 302 and page["Location"] == f"/de/partner/angebote/{offer.pk}/"
    _unchanged(offer)
