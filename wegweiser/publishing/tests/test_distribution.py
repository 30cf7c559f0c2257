"""Sending editions through a real local SMTP server (aiosmtpd): recipients, subject, link or
attachment, the dispatch log; failures logged, retried without sending anything twice."""

import email
import socket
from collections.abc import Callable, Iterator
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from wegweiser.publishing.models import Delivery, Dispatch, Edition, Recipient, RecipientList
from wegweiser.publishing.services.distribution import dispatch_create, dispatch_send
from wegweiser.publishing.services.editions import edition_build, edition_release


class Mailbox:
    """An SMTP handler that keeps what it receives, or refuses it while ``refuse`` is set."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []
        self.refuse: set[str] = set()  # addresses refused with a temporary error

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.refuse or "*" in self.refuse:
            return "451 4.3.0 Mailbox temporarily unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), email.message_from_bytes(envelope.content)))
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


@pytest.fixture
def released(make_offer: Callable, make_edition: Callable, reviewer: Any) -> Edition:
    make_offer("Sprachcafé")
    edition = make_edition()
    edition_build(edition_id=edition.pk)
    return edition_release(actor=reviewer, edition=edition)


@pytest.fixture
def partners(district: Any) -> RecipientList:
    recipients = RecipientList.objects.create(district=district, name="Netzwerkpartner")
    for name, address in [("Caritas (Demo)", "caritas@example.org"), ("VHS (Demo)", "vhs@example.org")]:
        Recipient.objects.create(recipient_list=recipients, name=name, email=address)
    Recipient.objects.create(recipient_list=recipients, name="Alt", email="alt@example.org", active=False)
    return recipients


def _dispatch(reviewer: Any, edition: Edition, recipients: RecipientList, mode: str) -> Dispatch:
    return dispatch_create(
        actor=reviewer,
        edition=edition,
        recipient_list=recipients,
        mode=mode,
        subject="Angebotskatalog Nr. 1",
        body="Guten Tag,\n\n{link}\n\nViele Grüße",
    )


@pytest.mark.django_db
def test_edition_is_sent_as_attachment_to_every_active_recipient(
    smtp: Mailbox, released: Edition, partners: RecipientList, reviewer: Any
) -> None:
    dispatch = _dispatch(reviewer, released, partners, Dispatch.Mode.ATTACHMENT)
    assert dispatch_send(dispatch_id=dispatch.pk, actor=reviewer) == {"sent": 2, "failed": 0}

    assert sorted(rcpt for rcpts, _msg in smtp.messages for rcpt in rcpts) == [
        "caritas@example.org",
        "vhs@example.org",
    ]
    _rcpts, message = smtp.messages[0]
    assert message["Subject"] == "Angebotskatalog Nr. 1"
    parts = list(message.walk())
    attachment = next(p for p in parts if p.get_content_type() == "application/pdf")
    assert attachment.get_filename() == released.file_name
    assert attachment.get_payload(decode=True) == bytes(released.document.pdf)
    text = next(p for p in parts if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert f"/de/katalog/{released.number}-de.pdf" in text and "{link}" not in text

    log = {d.email: d for d in Delivery.objects.filter(dispatch=dispatch)}
    assert set(log) == {"caritas@example.org", "vhs@example.org"}
    assert all(d.state == Delivery.State.SENT and d.sent_at and d.attempts == 1 for d in log.values())


@pytest.mark.django_db
def test_link_mode_sends_no_attachment(
    smtp: Mailbox, released: Edition, partners: RecipientList, reviewer: Any
) -> None:
    dispatch = _dispatch(reviewer, released, partners, Dispatch.Mode.LINK)
    dispatch_send(dispatch_id=dispatch.pk)
    _rcpts, message = smtp.messages[0]
    assert not message.is_multipart()
    assert f"/katalog/{released.number}-de.pdf" in message.get_payload(decode=True).decode()


@pytest.mark.django_db
def test_smtp_failure_is_logged_and_retry_sends_only_what_is_missing(
    smtp: Mailbox, released: Edition, partners: RecipientList, reviewer: Any
) -> None:
    smtp.refuse = {"vhs@example.org"}
    dispatch = _dispatch(reviewer, released, partners, Dispatch.Mode.LINK)
    assert dispatch_send(dispatch_id=dispatch.pk) == {"sent": 1, "failed": 1}
    failed = Delivery.objects.get(email="vhs@example.org")
    assert failed.state == Delivery.State.FAILED and "451" in failed.error

    smtp.refuse = set()
    assert dispatch_send(dispatch_id=dispatch.pk) == {"sent": 1, "failed": 0}
    received = [rcpt for rcpts, _msg in smtp.messages for rcpt in rcpts]
    assert sorted(received) == ["caritas@example.org", "vhs@example.org"]  # caritas only once
    assert set(Delivery.objects.values_list("state", flat=True)) == {Delivery.State.SENT}


@pytest.mark.django_db
def test_unreachable_smtp_server_fails_every_delivery_without_crashing(
    released: Edition, partners: RecipientList, reviewer: Any
) -> None:
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=_free_port(),
        EMAIL_TIMEOUT=2,
    ):
        dispatch = _dispatch(reviewer, released, partners, Dispatch.Mode.LINK)
        assert dispatch_send(dispatch_id=dispatch.pk) == {"sent": 0, "failed": 2}
    assert set(Delivery.objects.values_list("state", flat=True)) == {Delivery.State.FAILED}
    # The dispatch log gives staff a reason in German, not the name of a Python exception.
    for error in Delivery.objects.values_list("error", flat=True):
        assert "hat die Verbindung abgelehnt (läuft er?)" in error and "Error" not in error


@pytest.mark.django_db
def test_sending_the_same_edition_to_an_overlapping_list_skips_who_has_it(
    smtp: Mailbox, released: Edition, partners: RecipientList, reviewer: Any, district: Any
) -> None:
    dispatch_send(dispatch_id=_dispatch(reviewer, released, partners, Dispatch.Mode.LINK).pk)
    council = RecipientList.objects.create(district=district, name="Fraktionen")
    Recipient.objects.create(recipient_list=council, name="VHS again", email="VHS@example.org")
    Recipient.objects.create(recipient_list=council, name="Fraktion A", email="fraktion-a@example.org")
    second = _dispatch(reviewer, released, council, Dispatch.Mode.LINK)
    assert list(second.deliveries.values_list("email", flat=True)) == ["fraktion-a@example.org"]
    dispatch_send(dispatch_id=second.pk)
    assert len(smtp.messages) == 3


@pytest.mark.django_db
def test_draft_editions_cannot_be_sent(
    make_offer: Callable, make_edition: Callable, partners: RecipientList, reviewer: Any
) -> None:
    from django.core.exceptions import ValidationError

    edition = make_edition()
    with pytest.raises(ValidationError):
        _dispatch(reviewer, edition, partners, Dispatch.Mode.LINK)
