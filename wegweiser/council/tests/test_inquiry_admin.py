"""Inquiries in the back office: the deadline list, answering and the letter downloads;
another district's inquiry answers 404."""

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from wegweiser.council.models import Inquiry
from wegweiser.council.services.inquiries import inquiry_create

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC), tick=False)
def test_an_editor_answers_an_inquiry_and_downloads_the_letter(
    district: Any, editor: Any, other_editor: Any, make_offer: Any
) -> None:
    from docx import Document

    make_offer("Sprachcafé")
    inquiry = inquiry_create(
        actor=None,
        data={
            "district": district,
            "asked_by": "Fraktion Beispiel",
            "received_on": dt.date(2026, 11, 2),
            "deadline": dt.date(2026, 11, 30),
            "subject": "Sprachkurse",
            "question": "Wie viele Sprachkurse gibt es?",
        },
    )
    client = _client(editor)
    page = client.get(reverse("admin:council_inquiry_deadlines")).content.decode()
    assert "Sprachkurse" in page and "Überfällig (1)" in page

    change = reverse("admin:council_inquiry_change", args=[inquiry.pk])
    form = client.get(change).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data |= {
        "district": str(district.pk),
        "received_on": "02.11.2026",
        "deadline": "30.11.2026",
        "answer": "Es gibt {{ anzahl }} Angebote.",
        "responsible": str(editor.pk),
        "lock_version": str(inquiry.lock_version),
    }
    response = client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.post(
        reverse("admin:council_inquiry_changelist"),
        {"action": "mark_answered", "_selected_action": [str(inquiry.pk)]},
    )
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.ANSWERED and inquiry.letter is not None

    docx = client.get(reverse("admin:council_inquiry_letter", args=[inquiry.pk, "docx"]))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Es gibt 1 Angebote." in text
    pdf = client.get(reverse("admin:council_inquiry_letter", args=[inquiry.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    other = _client(other_editor)
    assert other.get(reverse("admin:council_inquiry_letter", args=[inquiry.pk, "pdf"])).status_code == 404
    assert "Sprachkurse" not in other.get(reverse("admin:council_inquiry_deadlines")).content.decode()
