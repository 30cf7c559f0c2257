"""Fixtures of the network tests: a Beirat with the issue's rules, persons, a local SMTP server."""

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from wegweiser.freshness.tests.conftest import Smtp, free_port  # the project's real local SMTP server
from wegweiser.network.models import Body, Person

BERLIN = ZoneInfo("Europe/Berlin")

__all__ = ["BERLIN", "Smtp"]


@pytest.fixture
def smtp() -> Iterator[Smtp]:
    from aiosmtpd.controller import Controller
    from django.test import override_settings

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
def beirat(district: Any) -> Body:
    district.office_email = "integration@example.org"
    district.office_name = "Integrationsmanagement Nordhausen"
    district.save()
    return Body.objects.create(
        district=district,
        kind=Body.Kind.ADVISORY_COUNCIL,
        name="Integrationsbeirat",
        slug="integrationsbeirat",
        is_public=True,
        max_members=9,
        max_foreign_nationals=5,
        min_age=18,
        min_residence_months=12,
    )


@pytest.fixture
def make_person(district: Any) -> Callable[..., Person]:
    counter = iter(range(1, 1000))

    def make(name: str = "", *, foreign: bool = False, district_: Any = None, **extra: Any) -> Person:
        n = next(counter)
        values: dict[str, Any] = {
            "birth_date": dt.date(1980, 1, 1),
            "resident_since": dt.date(2015, 1, 1),
            "email": f"person{n}@example.org",
            "purpose": "Mitgliedschaft im Gremium",
            "legal_basis": "e",
        } | extra
        return Person.objects.create(
            district=district_ or district, name=name or f"Person {n}", is_foreign_national=foreign, **values
        )

    return make
