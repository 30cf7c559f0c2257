"""The demo's two committee report templates exist, are marked as demo and build into reports
whose DOCX holds the figures, measures and funding of the demo's plans."""

import io
import struct
import zlib
from typing import Any

import pytest
from docx import Document

from wegweiser.demo.reports import INTEGRATION, POVERTY
from wegweiser.demo.services import demo_district_load
from wegweiser.reports.models import ReportTemplate
from wegweiser.reports.rendering.docx import report_docx
from wegweiser.reports.services import report_build

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


def test_the_demo_templates_build_reports_with_offers_measures_and_funding(tmp_path: Any) -> None:
    demo_district_load()
    poverty = ReportTemplate.objects.get(slug=POVERTY)
    integration = ReportTemplate.objects.get(slug=INTEGRATION)
    assert (
        poverty.title == "Angebotsstruktur 2026 der über die Armutspräventionsrichtlinie geförderten Angebote"
    )
    assert (poverty.audience, integration.audience) == ("Sozialausschuss", "Integrationsbeirat")
    assert poverty.is_demo and integration.is_demo
    fake_png = _png()  # the figures' PNG are tested in wegweiser/reports; a tiny real one here
    report = report_build(actor=None, template=poverty, png=lambda svg: fake_png)
    kinds = [b["kind"] for b in report.snapshot["blocks"]]
    assert {"anzahl", "angebote", "massnahmen", "foerdersummen", "karte", "aenderungen"} <= set(kinds)
    funded = next(b for b in report.snapshot["blocks"] if b["kind"] == "anzahl" and b["params"])
    assert funded["count"] > 0
    measures = next(b for b in report.snapshot["blocks"] if b["kind"] == "massnahmen")
    assert measures["table"]["rows"] and "712/18" in measures["table"]["caption"]
    funding = next(b for b in report.snapshot["blocks"] if b["kind"] == "foerdersummen")
    assert any(row[0] == "ESF+ Armutsprävention" for row in funding["table"]["rows"])
    second = report_build(actor=None, template=integration, png=lambda svg: fake_png)
    measures = next(b for b in second.snapshot["blocks"] if b["kind"] == "massnahmen")
    assert "Fortschreibung 2025" in measures["table"]["caption"]
    document = Document(io.BytesIO(report_docx(second.snapshot)))
    assert document.paragraphs[0].text == "Umsetzungsstand Lokales Integrationskonzept"
    assert any("Demo" in p.text for p in document.paragraphs[:4])
