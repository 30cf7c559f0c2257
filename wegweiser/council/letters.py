"""The answer to a council inquiry as a letter: the office's letterhead (from the district's
settings), the addressee, the question and the answer, whose report blocks are computed into a
snapshot (frozen when the inquiry is marked answered). Written as DOCX (python-docx) and PDF
(WeasyPrint) from that snapshot with the committee reports' renderers for the blocks."""

import datetime as dt
import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from wegweiser.reports.blocks import placeholders
from wegweiser.reports.models import ReportTemplate
from wegweiser.reports.rendering.docx import _block, _fixed_zip, _runs
from wegweiser.reports.rendering.elements import elements
from wegweiser.reports.snapshot import Builder


def letter_snapshot(*, inquiry: Any, actor: Any = None) -> dict[str, Any]:
    """Everything the letter shows, with the answer's blocks computed as of now."""
    district = inquiry.district
    template = ReportTemplate(
        district=district, title=inquiry.subject, body=inquiry.answer, is_demo=inquiry.is_demo
    )
    builder = Builder(template=template, actor=actor)
    builder.blocks_so_far = []
    with translation.override("de"):
        blocks = []
        for placeholder in placeholders(inquiry.answer):
            block = builder.block(placeholder, None)
            builder.blocks_so_far.append(block)
            blocks.append(block)
    responsible = inquiry.responsible
    return {
        "office": {
            "name": district.office_name,
            "district": district.name,
            "address": district.office_address,
            "phone": district.office_phone,
            "email": district.office_email,
            "website": district.office_website,
        },
        "asked_by": inquiry.asked_by,
        "address": inquiry.address,
        "reference": inquiry.reference,
        "received_on": inquiry.received_on.isoformat(),
        "subject": inquiry.subject,
        "question": inquiry.question,
        "signed_by": (responsible.get_full_name() or responsible.username) if responsible else "",
        "data_date": timezone.localdate().isoformat(),
        "built_at": timezone.now().isoformat(timespec="seconds"),
        "is_demo": inquiry.is_demo,
        "body": inquiry.answer,
        "blocks": blocks,
    }


def _day(value: str) -> str:
    return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")


def _lines(letter: dict[str, Any]) -> dict[str, Any]:
    office = letter["office"]
    contact = " · ".join(v for v in (office["phone"], office["email"], office["website"]) if v)
    return {
        "sender": [office["name"], office["district"], *office["address"].split(",")],
        "contact": contact,
        "recipient": [letter["asked_by"], *letter["address"].splitlines()],
        "date": _day(letter["data_date"]),
        "subject": _("Your inquiry of %(date)s: %(subject)s")
        % {"date": _day(letter["received_on"]), "subject": letter["subject"]},
        "reference": letter["reference"],
    }


def letter_docx(letter: dict[str, Any]) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    with translation.override("de"):
        lines = _lines(letter)
        document = Document()
        style = document.styles["Normal"]
        style.font.name = "Liberation Sans"
        style.font.size = Pt(11)
        section = document.sections[0]
        section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
        built = dt.datetime.fromisoformat(letter["built_at"])
        properties = document.core_properties
        properties.title, properties.author = lines["subject"], "Wegweiser"
        properties.created = properties.modified = built.replace(tzinfo=None)
        properties.last_modified_by, properties.revision = "Wegweiser", 1
        head = document.add_paragraph()
        head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for n, line in enumerate(lines["sender"]):
            run = head.add_run(line.strip() + "\n")
            run.bold = n == 0
        head.add_run(lines["contact"]).font.size = Pt(9)
        document.add_paragraph("\n".join(lines["recipient"]))
        when = document.add_paragraph(lines["date"])
        when.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        subject = document.add_paragraph()
        subject.add_run(lines["subject"]).bold = True
        if lines["reference"]:
            subject.add_run("\n" + _("Reference: %(reference)s") % {"reference": lines["reference"]})
        if letter.get("is_demo"):
            document.add_paragraph(
                _("Demo: this inquiry and its answer are invented."), style="Intense Quote"
            )
        document.add_heading(_("Question"), level=2)
        for paragraph in letter["question"].split("\n\n"):
            document.add_paragraph(paragraph.strip(), style="Quote")
        document.add_heading(_("Answer"), level=2)
        for element in elements(letter):
            if element.kind == "heading":
                document.add_heading(element.text, level=min(element.level + 1, 3))
            elif element.kind == "item":
                _runs(document.add_paragraph(style="List Bullet"), element)
            elif element.kind == "paragraph":
                _runs(document.add_paragraph(), element)
            else:
                _block(document, element.block)
        if letter["signed_by"]:
            document.add_paragraph(_("Kind regards") + "\n\n" + letter["signed_by"])
        out = io.BytesIO()
        document.save(out)
        return _fixed_zip(out.getvalue())


def letter_html(letter: dict[str, Any]) -> str:
    with translation.override("de"):
        return render_to_string(
            "council/inquiry_letter_pdf.html",
            {"letter": letter, "lines": _lines(letter), "elements": elements(letter)},
        )


def letter_pdf(letter: dict[str, Any]) -> bytes:
    from wegweiser.planningui.exports import html_pdf

    return html_pdf(letter_html(letter))
