"""The report as a PDF: HTML from the snapshot (``reports/report_pdf.html``) printed by WeasyPrint
(as the planning workspace's PDFs; nothing is fetched from outside). Maps and charts are the
snapshot's SVG, each with its data table."""

import datetime as dt
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import pgettext

from wegweiser.planningui.exports import html_pdf
from wegweiser.reports.rendering.elements import elements


def report_html(snapshot: dict[str, Any]) -> str:
    with translation.override("de"):
        return render_to_string(
            "reports/report_pdf.html",
            {
                "snapshot": snapshot,
                "elements": elements(snapshot),
                "report_word": pgettext("report", "Report"),
                "data_date": formats.date_format(
                    dt.date.fromisoformat(snapshot["data_date"]), "SHORT_DATE_FORMAT"
                ),
            },
        )


def report_pdf(snapshot: dict[str, Any]) -> bytes:
    return html_pdf(report_html(snapshot))
