"""A recipient list of the catalog that follows a body gets the body's current members' addresses
when an edition is sent (besides the addresses entered by hand), anonymised persons excepted."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from wegweiser.network.models import Body
from wegweiser.network.services.bodies import member_add, member_update
from wegweiser.network.services.privacy import person_anonymise
from wegweiser.publishing.models import Edition, Recipient
from wegweiser.publishing.services.distribution import (
    dispatch_create,
    recipient_list_create,
    recipient_list_update,
)

pytestmark = pytest.mark.django_db


def _send(reviewer: Any, district: Any, recipients: Any, number: int) -> set[str]:
    edition = Edition.objects.create(
        district=district, number=number, title="Katalog", language_id="de", state=Edition.State.RELEASED
    )
    dispatch = dispatch_create(
        actor=reviewer,
        edition=edition,
        recipient_list=recipients,
        mode="link",
        subject="Katalog",
        body="{link}",
    )
    return set(dispatch.deliveries.values_list("email", flat=True))


def test_a_list_following_the_beirat_gets_its_current_members_at_send_time(
    beirat: Body, make_person: Any, reviewer: Any, district: Any
) -> None:
    recipients = recipient_list_create(
        actor=reviewer, data={"district": district, "name": "Beirat", "body": beirat}
    )
    Recipient.objects.create(recipient_list=recipients, name="Presse", email="presse@example.org")
    anna, ben = make_person("Anna", email="anna@example.org"), make_person("Ben", email="BEN@example.org")
    seat = member_add(actor=reviewer, body=beirat, person=anna)
    member_add(actor=reviewer, body=beirat, person=ben)
    assert _send(reviewer, district, recipients, 1) == {
        "presse@example.org",
        "anna@example.org",
        "ben@example.org",
    }
    # Anna's term ends, Cem joins, Ben is anonymised: the next edition follows.
    member_update(actor=reviewer, member=seat, data={"term_to": dt.date.today() - dt.timedelta(days=1)})
    member_add(actor=reviewer, body=beirat, person=make_person("Cem", email="cem@example.org"))
    person_anonymise(actor=reviewer, person=ben)
    assert _send(reviewer, district, recipients, 2) == {"presse@example.org", "cem@example.org"}


def test_a_list_cannot_follow_another_districts_body(
    beirat: Body, reviewer: Any, other_district: Any, superuser: Any
) -> None:
    with pytest.raises(ValidationError):
        recipient_list_create(actor=superuser, data={"district": other_district, "name": "X", "body": beirat})
    recipients = recipient_list_create(actor=superuser, data={"district": other_district, "name": "Y"})
    with pytest.raises(ValidationError):
        recipient_list_update(actor=superuser, recipient_list=recipients, data={"body": beirat})
