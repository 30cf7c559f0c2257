"""Persons under the GDPR: the Art. 15 export (JSON and PDF), anonymisation that keeps counts and
audit consistent, deletion, the review list, and the access log; another district answers 404."""

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from wegweiser.core.models import AuditEntry
from wegweiser.network.models import PERSONAL_DATA_FIELDS, Attendance, Person, PersonAccess
from wegweiser.network.privacy import person_export, persons_due_for_review
from wegweiser.network.services.bodies import member_add
from wegweiser.network.services.meetings import attendance_record, meeting_create
from wegweiser.network.services.persons import FIELDS, person_create, person_update
from wegweiser.network.services.privacy import person_anonymise, person_delete, person_review
from wegweiser.publishing.models import Recipient, RecipientList

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(district: Any, reviewer: Any) -> Person:
    person = person_create(
        actor=reviewer,
        district=district,
        data={
            "name": "Alice Beispiel",
            "email": "alice@example.org",
            "purpose": "Beirat",
            "legal_basis": "e",
            "birth_date": dt.date(1980, 5, 1),
            "resident_since": dt.date(2015, 1, 1),
        },
    )
    person_update(actor=reviewer, person=person, data={"phone": "03631 0000"})
    return person


def _seat_with_attendance(beirat: Any, person: Person, reviewer: Any) -> Any:
    from django.utils import timezone

    member = member_add(actor=reviewer, body=beirat, person=person)
    start = timezone.now() - dt.timedelta(days=3)
    meeting = meeting_create(
        actor=reviewer, body=beirat, data={"starts_at": start, "ends_at": start + dt.timedelta(hours=2)}
    )
    attendance_record(actor=reviewer, meeting=meeting, member=member, status="present")
    return meeting


def test_the_export_contains_the_person_their_seats_attendance_and_recipient_entries(
    alice: Person, beirat: Any, reviewer: Any, district: Any
) -> None:
    _seat_with_attendance(beirat, alice, reviewer)
    lst = RecipientList.objects.create(district=district, name="Netzwerk")
    Recipient.objects.create(recipient_list=lst, name="Alice", email="ALICE@example.org")
    data = person_export(person=alice)
    assert data["person"]["name"] == "Alice Beispiel" and data["person"]["phone"] == "03631 0000"
    assert [m["body"] for m in data["memberships"]] == ["Integrationsbeirat"]
    assert data["attendance"][0]["status"]
    assert data["recipient_lists"][0]["list"] == "Netzwerk"
    assert data["change_history"], "the audit trail of the person is part of the answer"
    json.dumps(data)  # serialisable as it is


def test_one_list_of_personal_data_serves_the_services_and_the_export(alice: Person) -> None:
    # Every column of a person is personal data or bookkeeping: a new column must be placed.
    bookkeeping = {"id", "lock_version", "district", "is_demo", "anonymised_at", "created_at", "updated_at"}
    columns = {f.name for f in Person._meta.concrete_fields}
    assert columns == set(PERSONAL_DATA_FIELDS) | bookkeeping
    assert set(PERSONAL_DATA_FIELDS) <= FIELDS and FIELDS - set(PERSONAL_DATA_FIELDS) == {"is_demo"}
    exported = person_export(person=alice)["person"]
    assert list(exported)[: len(PERSONAL_DATA_FIELDS)] == list(PERSONAL_DATA_FIELDS)
    assert set(exported) == {*PERSONAL_DATA_FIELDS, "anonymised_at", "created_at", "updated_at", "id"}


def test_export_as_json_and_pdf_is_logged_and_closed_to_other_districts(
    alice: Person, reviewer: Any, other_reviewer: Any, editor: Any
) -> None:
    client = Client()
    client.force_login(reviewer)
    answer = client.get(reverse("admin:network_person_export", args=[alice.pk, "json"]))
    assert answer.status_code == 200 and json.loads(answer.content)["person"]["email"] == "alice@example.org"
    pdf = client.get(reverse("admin:network_person_export", args=[alice.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.get(reverse("admin:network_person_change", args=[alice.pk]))
    actions = sorted(PersonAccess.objects.filter(person=alice).values_list("action", flat=True))
    assert actions == ["export_json", "export_pdf", "view"]
    client.force_login(other_reviewer)
    for url in (
        reverse("admin:network_person_export", args=[alice.pk, "json"]),
        reverse("admin:network_person_change", args=[alice.pk]),
        reverse("admin:network_person_erase", args=[alice.pk]),
    ):
        assert client.get(url).status_code == 404
    client.force_login(editor)
    assert client.get(reverse("admin:network_person_export", args=[alice.pk, "json"])).status_code == 403
    assert PersonAccess.objects.filter(person=alice).count() == 3


def test_anonymising_keeps_seats_and_attendance_and_clears_names_from_the_audit(
    alice: Person, beirat: Any, reviewer: Any, district: Any
) -> None:
    meeting = _seat_with_attendance(beirat, alice, reviewer)
    lst = RecipientList.objects.create(district=district, name="Netzwerk")
    Recipient.objects.create(recipient_list=lst, name="Alice", email="alice@example.org")
    result = person_anonymise(actor=reviewer, person=alice)
    alice.refresh_from_db()
    assert alice.anonymised_at and alice.email == "" and alice.phone == "" and alice.birth_date is None
    assert "Alice" not in alice.name
    assert beirat.members.count() == 1
    assert Attendance.objects.filter(meeting=meeting, status="present").count() == 1
    assert result.recipients == 1 and not Recipient.objects.filter(email="alice@example.org").exists()
    for entry in AuditEntry.objects.filter(district=district):
        text = json.dumps(entry.changes, ensure_ascii=False) + entry.object_repr + entry.summary
        assert "Alice" not in text and "alice@example.org" not in text and "03631" not in text, entry
    assert AuditEntry.objects.filter(object_id=str(alice.pk), summary__icontains="anonym").exists()
    with pytest.raises(ValidationError):
        person_update(actor=reviewer, person=alice, data={"name": "Wieder da"})


def test_deleting_is_refused_while_seats_refer_to_the_person(
    alice: Person, beirat: Any, reviewer: Any
) -> None:
    member_add(actor=reviewer, body=beirat, person=alice)
    with pytest.raises(ValidationError):
        person_delete(actor=reviewer, person=alice)
    assert Person.objects.filter(pk=alice.pk).exists()


def test_deleting_removes_the_person_and_keeps_a_nameless_access_log(
    alice: Person, reviewer: Any, editor: Any
) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        person_delete(actor=editor, person=alice)
    pk = alice.pk
    person_delete(actor=reviewer, person=alice)
    assert not Person.objects.filter(pk=pk).exists()
    log = PersonAccess.objects.get(person_ref=pk, action="delete")
    assert log.person is None
    entries = AuditEntry.objects.filter(object_id=str(pk))
    assert entries.filter(action="delete").exists()
    assert not any("Alice" in e.object_repr or "Alice" in json.dumps(e.changes) for e in entries)


def test_the_review_list_shows_unreviewed_persons_until_they_are_reviewed(
    alice: Person, reviewer: Any, other_reviewer: Any
) -> None:
    assert [r.person for r in persons_due_for_review(actor=reviewer)] == [alice]
    assert persons_due_for_review(actor=other_reviewer) == []
    client = Client()
    client.force_login(reviewer)
    page = client.get(reverse("admin:network_person_review"))
    assert "Alice Beispiel" in page.content.decode()
    client.post(reverse("admin:network_person_review"), {"person": str(alice.pk)})
    assert persons_due_for_review(actor=reviewer) == []
    person_review(actor=reviewer, person=alice)


def test_the_erase_page_anonymises_on_post(alice: Person, reviewer: Any) -> None:
    client = Client()
    client.force_login(reviewer)
    url = reverse("admin:network_person_erase", args=[alice.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"how": "anonymise"})
    alice.refresh_from_db()
    assert alice.anonymised_at is not None
