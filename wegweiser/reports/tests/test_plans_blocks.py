"""The blocks that read the plans app: the measures table of a planning document and the funding
totals per programme and year, frozen in the snapshot and written to the DOCX and the PDF."""

import io
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from docx import Document

from wegweiser.plans.services.documents import document_create
from wegweiser.plans.services.funding import measure_funding_set
from wegweiser.plans.services.goals import goal_create
from wegweiser.plans.services.measures import measure_create
from wegweiser.reports.rendering.docx import report_docx
from wegweiser.reports.rendering.pdf import report_pdf
from wegweiser.reports.services import report_build, report_template_create

BODY = """# Umsetzungsstand

{{ massnahmen dokument="712/18" }}

{{ foerdersummen von="2026" bis="2027" }}
"""


@pytest.fixture
def plan(district: Any, programme: Any, offers: Any, term: Any) -> Any:
    document = document_create(
        actor=None,
        district=district,
        data={"kind": "strategy", "title": "Armutspräventionsstrategie", "decision_number": "712/18"},
    )
    goal = goal_create(
        actor=None,
        document=document,
        data={"title": "Beratung stärken", "field_of_action": term("field_of_action", "beratung")},
    )
    measure = measure_create(
        actor=None, goal=goal, data={"title": "Schuldnerberatung im ländlichen Raum", "status": "in_progress"}
    )
    measure_funding_set(
        actor=None,
        measure=measure,
        programme=programme,
        year=2026,
        amount=Decimal("48000"),
        own_share=Decimal("12000"),
    )
    return document


def test_measures_and_funding_totals_are_frozen_and_written(district: Any, plan: Any, tmp_path: Path) -> None:
    template = report_template_create(actor=None, district=district, data={"title": "Stand", "body": BODY})
    report = report_build(actor=None, template=template)
    measures, funding = report.snapshot["blocks"]
    assert measures["table"]["rows"][0][:2] == [
        "Beratung & Orientierung / Beratung stärken",
        "Schuldnerberatung im ländlichen Raum",
    ]
    assert measures["table"]["rows"][0][5] == "48.000 €"
    assert funding["table"]["rows"][0][:4] == ["ESF+ Armutsprävention", "2026", "48.000 €", "12.000 €"]
    document = Document(io.BytesIO(report_docx(report.snapshot)))
    assert [t.rows[1].cells[1].text for t in document.tables[:1]] == ["Schuldnerberatung im ländlichen Raum"]
    assert document.tables[1].rows[0].cells[0].text == "Programm"
    path = tmp_path / "r.pdf"
    path.write_bytes(report_pdf(report.snapshot))
    text = " ".join(
        subprocess.run(  # noqa: S603 - fixed program, our own file
            ["/usr/bin/pdftotext", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout.split()
    )
    assert "Schuldnerberatung" in text and "48.000 €" in text and "12.000 €" in text


def test_an_unknown_planning_document_is_named(district: Any, plan: Any) -> None:
    with translation.override("de"), pytest.raises(ValidationError) as error:
        report_template_create(
            actor=None, district=district, data={"title": "T", "body": '{{ massnahmen dokument="999/99" }}'}
        )
    assert "Planungsdokument „999/99“ gibt es in Landkreis Nordhausen nicht" in " ".join(error.value.messages)
