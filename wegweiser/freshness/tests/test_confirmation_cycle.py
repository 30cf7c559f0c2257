"""The confirmation cycle end to end with a moving clock (time-machine) and a real local SMTP
server: due → e-mail → "Ist noch aktuell" → assured date; reminder; escalation; a second run
sends nothing; SMTP down then up sends each e-mail exactly once."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client

from wegweiser.catalog.models import Offer
from wegweiser.catalog.tests.factories import OrganisationFactory
from wegweiser.freshness.models import ConfirmationMail, ConfirmationRequest, OfferConfirmation
from wegweiser.freshness.services.runs import add_months, confirmations_run
from wegweiser.freshness.tests.conftest import Smtp, at, body, links_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(office: Any, make_offer: Callable) -> dict[str, Any]:
    """Published on 10 January 2026: two offers of an organisation with an e-mail address, one
    of an organisation without; due on 10 January 2027 (12 months), asked from 13 December."""
    caritas = OrganisationFactory(district=office, name="Caritas (Demo)", email="caritas@example.org")
    nobody = OrganisationFactory(district=office, name="Verein ohne Adresse (Demo)", email="")
    with time_machine.travel(at(2026, 1, 10), tick=False):
        offers = {
            "cafe": make_offer("Sprachcafé", organisation=caritas),
            "beratung": make_offer("Migrationsberatung", organisation=caritas),
            "chor": make_offer("Chor der Kulturen", organisation=nobody),
        }
    make_offer("Entwurf", organisation=caritas, publish=False)
    return {"district": office, "caritas": caritas, **offers}


def test_add_months_keeps_the_day_or_takes_the_last_day_of_the_month() -> None:
    assert add_months(dt.date(2026, 1, 10), 12) == dt.date(2027, 1, 10)
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 3, 31), -1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2027, 12, 15), 1) == dt.date(2028, 1, 15)


def test_the_whole_cycle_asks_once_confirms_by_link_reminds_and_escalates(
    catalog: dict[str, Any], smtp: Smtp
) -> None:
    client = Client()
    with time_machine.travel(at(2026, 12, 1), tick=False):
        report = confirmations_run()
    assert report.requested == 0 and smtp.messages == []  # not yet within the notice period

    # 14 December: within 28 days of the due date. One e-mail to Caritas for both offers (not
    # the draft); the offer of the organisation without an address goes to the office at once.
    with time_machine.travel(at(2026, 12, 14), tick=False):
        report = confirmations_run()
        assert (report.requested, report.sent, report.failed) == (3, 2, 0)
        assert confirmations_run().as_dict() == {
            "requested": 0,
            "reminded": 0,
            "escalated": 0,
            "mails_created": 0,
            "sent": 0,
            "failed": 0,
            "left": 0,
        }
    assert len(smtp.messages) == 2
    [request_mail] = smtp.to("caritas@example.org")
    assert request_mail["Subject"] == "Sind Ihre Angebote im Wegweiser Landkreis Nordhausen noch aktuell?"
    assert "Koordinierungsstelle (Test)" in request_mail["From"]
    assert request_mail["Reply-To"] == "integration@example.org"
    assert "Ein Klick je Angebot genügt" in body(request_mail)
    assert "Ist noch aktuell" in body(request_mail, "text/html")
    links = links_in(request_mail)
    assert sorted(links) == ["Migrationsberatung", "Sprachcafé"]
    [office_mail] = smtp.to("integration@example.org")
    assert "Chor der Kulturen" in body(office_mail) and "keine E-Mail-Adresse" in body(office_mail)
    assert ConfirmationRequest.objects.get(offer=catalog["cafe"]).due_date == dt.date(2027, 1, 10)

    # 16 December: the provider clicks "Ist noch aktuell" for the Sprachcafé. Opening the link
    # (as a mail scanner would) changes nothing; the button does.
    cafe_link = links["Sprachcafé"]["Ist noch aktuell"]
    with time_machine.travel(at(2026, 12, 16), tick=False):
        page = client.get(cafe_link)
        assert page.status_code == 200 and "Ja, ist noch aktuell" in page.content.decode()
        catalog["cafe"].refresh_from_db()
        assert catalog["cafe"].assured_date == dt.date(2026, 1, 10)  # checked on publication
        done = client.post(cafe_link)
    assert done.status_code == 200 and "Vielen Dank" in done.content.decode()
    cafe = Offer.objects.get(pk=catalog["cafe"].pk)
    assert (cafe.assured_date, cafe.assurer_email) == (dt.date(2026, 12, 16), "caritas@example.org")
    confirmation = OfferConfirmation.objects.exclude(method="publication").get(offer=cafe)
    assert confirmation.method == OfferConfirmation.Method.LINK
    assert ConfirmationRequest.objects.get(offer=cafe).answer == ConfirmationRequest.Answer.CURRENT
    # The link works once.
    assert client.post(cafe_link).status_code == 410
    assert OfferConfirmation.objects.exclude(method="publication").filter(offer=cafe).count() == 1

    # 28 December (14 days after asking): one reminder for the unanswered offer only.
    with time_machine.travel(at(2026, 12, 28), tick=False):
        report = confirmations_run()
        assert (report.reminded, report.sent) == (1, 1)
        assert confirmations_run().sent == 0
    [_first, reminder] = smtp.to("caritas@example.org")
    assert reminder["Subject"].startswith("Erinnerung:")
    assert list(links_in(reminder)) == ["Migrationsberatung"]

    # 11 January (14 days after the reminder): escalated to the office, once.
    with time_machine.travel(at(2027, 1, 11), tick=False):
        report = confirmations_run()
        assert (report.escalated, report.sent) == (1, 1)
        assert confirmations_run().sent == 0
    escalation = smtp.to("integration@example.org")[-1]
    assert "Migrationsberatung" in body(escalation) and "erinnert, keine Antwort" in body(escalation)
    assert "/admin/catalog/offer/" in body(escalation)
    assert len(smtp.messages) == 4
    assert set(ConfirmationMail.objects.values_list("status", flat=True)) == {ConfirmationMail.Status.SENT}

    # A year later the confirmed Sprachcafé is due again: a new request for the new due date.
    with time_machine.travel(at(2027, 11, 20), tick=False):
        assert confirmations_run().requested == 1
    assert ConfirmationRequest.objects.filter(offer=cafe).count() == 2


def test_smtp_down_then_up_sends_each_mail_exactly_once(
    catalog: dict[str, Any], smtp: Smtp, make_offer: Callable
) -> None:
    other = OrganisationFactory(district=catalog["district"], name="VHS (Demo)", email="vhs@example.org")
    with time_machine.travel(at(2026, 1, 10), tick=False):
        make_offer("Deutschkurs", organisation=other)
    with time_machine.travel(at(2026, 12, 14), tick=False):
        with smtp.down():
            report = confirmations_run()
        assert report.sent == 0 and report.failed == 1 and report.left == 2
        failed = ConfirmationMail.objects.get(status=ConfirmationMail.Status.FAILED)
        assert failed.attempts == 1 and "abgelehnt" in failed.last_error
        assert ConfirmationMail.objects.count() == 3  # created once, whatever the server does
        with smtp.down():
            assert confirmations_run().mails_created == 0
        report = confirmations_run()  # the server is back
        assert (report.sent, report.failed, report.mails_created) == (3, 0, 0)
        assert confirmations_run().sent == 0
    recipients = sorted(r for rcpts, _m in smtp.messages for r in rcpts)
    assert recipients == ["caritas@example.org", "integration@example.org", "vhs@example.org"]
    assert ConfirmationMail.objects.get(pk=failed.pk).attempts == 3


def test_a_refused_address_is_retried_without_sending_the_others_again(
    catalog: dict[str, Any], smtp: Smtp
) -> None:
    smtp.refuse = {"caritas@example.org"}
    with time_machine.travel(at(2026, 12, 14), tick=False):
        report = confirmations_run()
        assert (report.sent, report.failed, report.left) == (1, 1, 0)
        smtp.refuse = set()
        assert confirmations_run().sent == 1
    assert sorted(r for rcpts, _m in smtp.messages for r in rcpts) == [
        "caritas@example.org",
        "integration@example.org",
    ]


def test_an_offer_confirmed_by_the_office_is_neither_reminded_nor_escalated(
    catalog: dict[str, Any], smtp: Smtp, editor: Any
) -> None:
    from wegweiser.catalog.services.offers import offer_confirm

    with time_machine.travel(at(2026, 12, 14), tick=False):
        confirmations_run()
    with time_machine.travel(at(2026, 12, 20), tick=False):
        offer_confirm(actor=editor, offer=catalog["beratung"], method="phone", note="Frau Demo")
        offer_confirm(actor=editor, offer=catalog["cafe"], method="phone", note="Frau Demo")
    with time_machine.travel(at(2026, 12, 28), tick=False):
        assert confirmations_run().reminded == 0
    with time_machine.travel(at(2027, 1, 11), tick=False):
        assert confirmations_run().escalated == 0
    assert len(smtp.messages) == 2


def test_the_command_runs_one_district(catalog: dict[str, Any], smtp: Smtp) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    with time_machine.travel(at(2026, 12, 14), tick=False):
        call_command("confirmations_run", "--district", catalog["district"].slug, stdout=out)
    assert "requested 3" in out.getvalue() and "sent 2" in out.getvalue()


def test_an_e_mail_another_run_is_sending_is_skipped_until_its_lease_runs_out(
    catalog: dict[str, Any], smtp: Smtp
) -> None:
    from wegweiser.freshness.services.mails import SENDING_LEASE

    with time_machine.travel(at(2026, 12, 14), tick=False), smtp.down():
        confirmations_run()  # creates the e-mails; nothing reaches a server
    ConfirmationMail.objects.update(status=ConfirmationMail.Status.PENDING, sending_since=at(2026, 12, 14, 9))
    with time_machine.travel(at(2026, 12, 14, 9) + SENDING_LEASE / 2, tick=False):
        assert confirmations_run().sent == 0  # another run holds them (or died holding them)
    with time_machine.travel(at(2026, 12, 14, 9) + SENDING_LEASE * 2, tick=False):
        assert confirmations_run().sent == 2  # the lease ran out: retried, once
    assert len(smtp.messages) == 2
    assert set(ConfirmationMail.objects.values_list("sending_since", flat=True)) == {None}
