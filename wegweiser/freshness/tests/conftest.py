"""Fixtures of the confirmation tests: a real local SMTP server (aiosmtpd), a district with an
office address, and helpers to read the links out of the received e-mails."""

import datetime as dt
import re
import socket
from collections.abc import Iterator
from email.message import Message
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from wegweiser.publishing.tests.test_distribution import Mailbox

BERLIN = ZoneInfo("Europe/Berlin")


def at(year: int, month: int, day: int, hour: int = 8) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=BERLIN)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Smtp(Mailbox):
    port = 0

    def to(self, address: str) -> list[Message]:
        return [message for rcpts, message in self.messages if address in rcpts]

    def down(self) -> Any:
        """Settings under which the server cannot be reached (nothing listens on the port)."""
        return override_settings(EMAIL_PORT=free_port(), EMAIL_TIMEOUT=2)


@pytest.fixture
def smtp() -> Iterator[Smtp]:
    mailbox = Smtp()
    mailbox.port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=mailbox.port,
        WEGWEISER_PUBLIC_URL="http://testserver",
    ):
        yield mailbox
    controller.stop()


@pytest.fixture
def office(district: Any) -> Any:
    district.office_email = "integration@example.org"
    district.office_phone = "03631 000000"
    district.save()
    return district


def body(message: Message, kind: str = "text/plain") -> str:
    for part in message.walk():
        if part.get_content_type() == kind:
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError(f"no {kind} part")


def links_in(message: Message) -> dict[str, dict[str, str]]:
    """Per offer name (as numbered in the text part): its three links as paths."""
    result: dict[str, dict[str, str]] = {}
    name = ""
    for line in body(message).splitlines():
        if match := re.match(r"^\d+\. (.+)$", line):
            name = match.group(1)
            result[name] = {}
        elif match := re.match(r"^\s+(Ist noch aktuell|Änderungen melden|Gibt es nicht mehr): (\S+)$", line):
            result[name][match.group(1)] = match.group(2).removeprefix("http://testserver")
    return result
