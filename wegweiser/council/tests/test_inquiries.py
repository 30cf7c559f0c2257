"""Council inquiries: the deadline list, status rules, the answer's report blocks frozen into
the letter, DOCX and PDF letters on the office's letterhead, and the reminder (moving clock)."""

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from wegweiser.council.letters import letter_docx, letter_pdf
from wegweiser.council.models import Inquiry
from wegweiser.council.selectors.inquiries import inquiry_deadlines
from wegweiser.council.services.inquiries import (
    inquiries_remind,
    inquiry_create,
    inquiry_status_set,
    inquiry_update,
)

pytestmark = pytest.mark.django_db


def _inquiry(district: Any, deadline: dt.date, subject: str = "Sprachkurse", **extra: Any) -> Inquiry:
    return inquiry_create(
        actor=None,
        data={
            "district": district,
            "asked_by": "Fraktion Beispiel (Demo)",
            "received_on": dt.date(2026, 11, 2),
            "deadline": deadline,
            "subject": subject,
            "question": "Wie viele Sprachkurse gibt es im Landkreis?",
            **extra,
        },
    )


@time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC), tick=False)
def test_the_deadline_list_sorts_open_inquiries_into_overdue_soon_and_later(
    district: Any, other_district: Any, editor: Any, django_assert_num_queries: Any
) -> None:
    overdue = _inquiry(district, dt.date(2026, 11, 30), "Überfällig")
    soon = _inquiry(district, dt.date(2026, 12, 8), "Bald")
    later = _inquiry(district, dt.date(2026, 12, 9), "Später")
    done = _inquiry(district, dt.date(2026, 11, 20), "Erledigt", answer="Es gibt drei.")
    inquiry_status_set(actor=None, inquiry=done, status=Inquiry.Status.ANSWERED)
    _inquiry(other_district, dt.date(2026, 11, 5), "Fremd")

    with django_assert_num_queries(2):  # the memberships, the inquiries
        deadlines = inquiry_deadlines(actor=editor)

    assert deadlines.today == dt.date(2026, 12, 1)
    assert deadlines.overdue == [overdue] and deadlines.soon == [soon] and deadlines.later == [later]


def test_a_deadline_before_receipt_and_a_responsible_outside_the_district_are_refused(
    district: Any, other_editor: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        _inquiry(district, dt.date(2026, 11, 1), responsible=other_editor)
    assert set(error.value.message_dict) == {"deadline", "responsible"}
    assert not Inquiry.objects.exists()


def test_an_answer_with_an_unknown_block_is_refused_with_a_message(district: Any, editor: Any) -> None:
    inquiry = _inquiry(district, dt.date(2026, 12, 1))
    with pytest.raises(ValidationError) as error:
        inquiry_update(actor=editor, inquiry=inquiry, data={"answer": "Es gibt {{ zahl }} Kurse."})
    assert "answer" in error.value.message_dict
    inquiry.refresh_from_db()
    assert inquiry.answer == ""


def test_status_rules_and_the_frozen_letter(district: Any, editor: Any, make_offer: Any) -> None:
    make_offer("Sprachcafé")
    inquiry = _inquiry(district, dt.date(2026, 12, 1), responsible=editor)
    with pytest.raises(ValidationError, match="Schreiben Sie zuerst die Antwort"):
        inquiry_status_set(actor=editor, inquiry=inquiry, status=Inquiry.Status.ANSWERED)
    inquiry_update(
        actor=editor, inquiry=inquiry, data={"answer": "Im Landkreis gibt es {{ anzahl }} Angebote."}
    )
    with pytest.raises(ValidationError):
        inquiry_status_set(actor=editor, inquiry=inquiry, status=Inquiry.Status.SENT)

    answered = inquiry_status_set(actor=editor, inquiry=inquiry, status=Inquiry.Status.ANSWERED)
    assert answered.letter is not None and answered.letter["blocks"][0]["kind"] == "anzahl"
    frozen = answered.letter["blocks"][0]["count"]
    make_offer("Zweites Angebot")  # the sent letter keeps the figures of the day it was answered
    sent = inquiry_status_set(actor=editor, inquiry=answered, status=Inquiry.Status.SENT)
    assert (
        sent.letter is not None and sent.letter["blocks"][0]["count"] == frozen and sent.sent_on is not None
    )
    with pytest.raises(ValidationError, match="Die Antwort ist versandt"):
        inquiry_update(actor=editor, inquiry=sent, data={"answer": "Anders."})


def test_other_districts_and_planners_cannot_change_an_inquiry(
    district: Any, planner: Any, other_editor: Any
) -> None:
    inquiry = _inquiry(district, dt.date(2026, 12, 1))
    for actor in (planner, other_editor):
        with pytest.raises(PermissionDenied):
            inquiry_update(actor=actor, inquiry=inquiry, data={"answer": "x"})
        with pytest.raises(PermissionDenied):
            inquiry_status_set(actor=actor, inquiry=inquiry, status=Inquiry.Status.IN_PROGRESS)


def test_the_letter_as_docx_and_pdf_carries_the_letterhead_question_and_answer(
    district: Any, editor: Any, make_offer: Any
) -> None:
    from docx import Document

    make_offer("Sprachcafé")
    inquiry = _inquiry(
        district,
        dt.date(2026, 12, 1),
        responsible=editor,
        address="Kreistagsbüro\n99734 Nordhausen",
        reference="AF 0099/2026",
        answer="## Sprachkurse\n\nIm Landkreis gibt es {{ anzahl }} Angebote.\n\n{{ angebote }}",
    )
    letter = inquiry_status_set(actor=editor, inquiry=inquiry, status=Inquiry.Status.ANSWERED).letter
    assert letter is not None

    document = Document(io.BytesIO(letter_docx(letter)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert district.office_name in text and "Fraktion Beispiel (Demo)" in text
    assert "Wie viele Sprachkurse" in text and "Im Landkreis gibt es 1 Angebote." in text
    assert "AF 0099/2026" in text
    assert any("Sprachcafé" in cell.text for table in document.tables for cell in table._cells)
    pdf = letter_pdf(letter)
    assert pdf.startswith(b"%PDF")


def test_the_reminder_writes_once_a_day_as_the_clock_moves(district: Any, editor: Any) -> None:
    editor.email = "redaktion@example.org"
    editor.save()
    _inquiry(district, dt.date(2026, 12, 10), responsible=editor)

    with time_machine.travel(dt.datetime(2026, 12, 2, 7, 45, tzinfo=dt.UTC), tick=False):
        assert inquiries_remind() == []  # eight days ahead: not yet
    with time_machine.travel(dt.datetime(2026, 12, 3, 7, 45, tzinfo=dt.UTC), tick=False):
        assert len(inquiries_remind()) == 1
        assert inquiries_remind() == []  # once a day
    with time_machine.travel(dt.datetime(2026, 12, 11, 7, 45, tzinfo=dt.UTC), tick=False):
        assert len(inquiries_remind()) == 1
    assert [m.to for m in mail.outbox] == [["redaktion@example.org"]] * 2
    assert "7" in mail.outbox[0].subject and "1" in mail.outbox[1].subject
