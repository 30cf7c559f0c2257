"""The body's rules (at most 9 members, at most 5 foreign nationals, 18 years, a year of residence)
are checked when a member is added, with a German message."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from wegweiser.catalog.models import Organisation
from wegweiser.core.models import AuditEntry
from wegweiser.network.models import BodyMember, MemberCall
from wegweiser.network.services.bodies import (
    application_record,
    member_add,
    member_remove,
    member_update,
)

pytestmark = pytest.mark.django_db


def _messages(error: ValidationError) -> str:
    with translation.override("de"):
        return " ".join(str(m) for m in error.messages)


def test_a_tenth_member_is_refused_with_a_german_message(
    beirat: Any, make_person: Any, reviewer: Any
) -> None:
    for _ in range(9):
        member_add(actor=reviewer, body=beirat, person=make_person())
    with translation.override("de"), pytest.raises(ValidationError) as error:
        member_add(actor=reviewer, body=beirat, person=make_person())
    assert "Das Gremium hat bereits 9 Mitglieder" in _messages(error.value)
    assert beirat.members.count() == 9


def test_guests_and_the_office_do_not_count_towards_the_limit(
    beirat: Any, make_person: Any, reviewer: Any
) -> None:
    for _ in range(9):
        member_add(actor=reviewer, body=beirat, person=make_person())
    member_add(actor=reviewer, body=beirat, person=make_person(), role="guest")
    member_add(actor=reviewer, body=beirat, person=make_person(), role="office")
    assert beirat.members.count() == 11


def test_members_whose_term_ended_do_not_count(beirat: Any, make_person: Any, reviewer: Any) -> None:
    for _ in range(9):
        member_add(
            actor=reviewer,
            body=beirat,
            person=make_person(),
            term_from=dt.date(2019, 1, 1),
            term_to=dt.date(2024, 6, 30),
        )
    member_add(actor=reviewer, body=beirat, person=make_person(), term_from=dt.date(2024, 7, 1))
    assert beirat.members.count() == 10


def test_a_sixth_foreign_national_is_refused_a_german_one_is_not(
    beirat: Any, make_person: Any, reviewer: Any
) -> None:
    for _ in range(5):
        member_add(actor=reviewer, body=beirat, person=make_person(foreign=True))
    with translation.override("de"), pytest.raises(ValidationError) as error:
        member_add(actor=reviewer, body=beirat, person=make_person(foreign=True))
    assert "bereits 5 Mitglieder mit ausländischer Staatsangehörigkeit" in _messages(error.value)
    member_add(actor=reviewer, body=beirat, person=make_person(foreign=False))
    assert beirat.members.count() == 6


def test_minimum_age_and_residence_are_checked_on_the_day_the_term_starts(
    beirat: Any, make_person: Any, reviewer: Any
) -> None:
    young = make_person("Junge Person", birth_date=dt.date(2009, 5, 1))
    with translation.override("de"), pytest.raises(ValidationError) as error:
        member_add(actor=reviewer, body=beirat, person=young, term_from=dt.date(2027, 4, 30))
    assert "Junge Person ist jünger als 18 Jahre" in _messages(error.value)
    member_add(actor=reviewer, body=beirat, person=young, term_from=dt.date(2027, 5, 1))

    newcomer = make_person("Neu Zugezogen", resident_since=dt.date(2026, 3, 15))
    with translation.override("de"), pytest.raises(ValidationError) as error:
        member_add(actor=reviewer, body=beirat, person=newcomer, term_from=dt.date(2027, 3, 14))
    assert "weniger als 12 Monaten im Landkreis" in _messages(error.value)
    member_add(actor=reviewer, body=beirat, person=newcomer, term_from=dt.date(2027, 3, 15))


def test_missing_birth_date_is_named_when_the_body_has_a_minimum_age(
    beirat: Any, make_person: Any, reviewer: Any
) -> None:
    with translation.override("de"), pytest.raises(ValidationError) as error:
        member_add(actor=reviewer, body=beirat, person=make_person("Ohne Datum", birth_date=None))
    assert "Geburtsdatum von Ohne Datum fehlt" in _messages(error.value)


def test_an_organisation_can_be_a_member_and_a_seat_needs_someone(beirat: Any, reviewer: Any) -> None:
    org = Organisation.objects.create(district=beirat.district, name="Jobcenter", slug="jobcenter")
    seat = member_add(actor=reviewer, body=beirat, organisation=org)
    assert str(seat) == "Jobcenter"
    with pytest.raises(ValidationError):
        member_add(actor=reviewer, body=beirat)


def test_changing_a_guest_into_a_member_checks_the_rules(
    beirat: Any, make_person: Any, reviewer: Any
) -> None:
    for _ in range(9):
        member_add(actor=reviewer, body=beirat, person=make_person())
    guest = member_add(actor=reviewer, body=beirat, person=make_person(), role="guest")
    with pytest.raises(ValidationError):
        member_update(actor=reviewer, member=guest, data={"role": "member"})
    member_remove(actor=reviewer, member=BodyMember.objects.filter(body=beirat, role="member").first())
    member_update(actor=reviewer, member=guest, data={"role": "member"})
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DELETE).count() == 1


def test_only_reviewers_of_the_district_add_members(
    beirat: Any, make_person: Any, editor: Any, planner: Any, other_reviewer: Any, other_district: Any
) -> None:
    for actor in (editor, planner, other_reviewer):
        with pytest.raises(PermissionDenied):
            member_add(actor=actor, body=beirat, person=make_person())
    stranger = make_person(district_=other_district)
    with pytest.raises(ValidationError):
        member_add(actor=None, body=beirat, person=stranger)


def test_applications_after_the_deadline_are_refused(beirat: Any, make_person: Any, reviewer: Any) -> None:
    call = MemberCall.objects.create(body=beirat, title="Neubesetzung 2027", deadline=dt.date(2027, 1, 31))
    person = make_person()
    application_record(
        actor=reviewer, call=call, person=person, received_at=dt.datetime(2027, 1, 31, 12, tzinfo=dt.UTC)
    )
    with translation.override("de"), pytest.raises(ValidationError) as error:
        application_record(
            actor=reviewer, call=call, person=person, received_at=dt.datetime(2027, 2, 1, 12, tzinfo=dt.UTC)
        )
    assert "31.01.2027" in _messages(error.value)
    assert call.applications.count() == 1


def test_at_least_three_foreign_nationals_keeps_the_last_seats_for_them(
    beirat: Any, make_person: Any, reviewer: Any
) -> None:
    beirat.min_foreign_nationals = 3
    beirat.max_members = 5
    beirat.save()
    member_add(actor=reviewer, body=beirat, person=make_person(foreign=True))
    member_add(actor=reviewer, body=beirat, person=make_person())
    # 2 seats taken (1 foreign): a third member who is not a foreign national would leave 2 seats
    # for the 2 foreign nationals still needed – allowed; a fourth would leave 1 – refused.
    member_add(actor=reviewer, body=beirat, person=make_person())
    with translation.override("de"), pytest.raises(ValidationError) as error:
        member_add(actor=reviewer, body=beirat, person=make_person())
    assert "mindestens 3 Mitglieder mit ausländischer Staatsangehörigkeit" in _messages(error.value)
    with pytest.raises(ValidationError):
        member_add(
            actor=reviewer,
            body=beirat,
            organisation=Organisation.objects.create(district=beirat.district, name="Verein", slug="verein"),
        )
    member_add(actor=reviewer, body=beirat, person=make_person(foreign=True))
    member_add(actor=reviewer, body=beirat, person=make_person(foreign=True))
    assert beirat.members.count() == 5


def test_the_minimum_of_foreign_nationals_ignores_guests(
    beirat: Any, make_person: Any, reviewer: Any
) -> None:
    beirat.min_foreign_nationals = 5
    beirat.max_members = 5
    beirat.save()
    member_add(actor=reviewer, body=beirat, person=make_person(), role="guest")
    with pytest.raises(ValidationError):
        member_add(actor=reviewer, body=beirat, person=make_person())
