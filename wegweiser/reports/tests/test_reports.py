"""Templates are checked when saved; a build freezes the figures; the DOCX (python-docx, read
back; converted by LibreOffice) and the PDF are rendered from the snapshot alone, identically."""

import base64
import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import translation
from docx import Document

from wegweiser.core.models import AuditEntry
from wegweiser.reports.blocks import placeholders
from wegweiser.reports.models import Report
from wegweiser.reports.rendering.docx import report_docx
from wegweiser.reports.rendering.pdf import report_pdf
from wegweiser.reports.services import report_build, report_template_create, report_template_update

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "reports"


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    return subprocess.run(  # noqa: S603 - fixed programs, our own files
        ["/usr/bin/pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_placeholders_are_read_with_their_line_and_parameters() -> None:
    found = placeholders(
        'Text\n{{ angebote feld="sprache-bildung" gemeinde="Bleicherode" }}\nEs gibt {{ anzahl }}.'
    )
    assert [(p.name, p.params, p.line, p.inline) for p in found] == [
        ("angebote", {"feld": "sprache-bildung", "gemeinde": "Bleicherode"}, 2, False),
        ("anzahl", {}, 3, True),
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{{ tabelle }}", "Zeile 1: Es gibt keinen Baustein „tabelle“"),
        ('{{ angebote farbe="rot" }}', "Zeile 1: Der Baustein „angebote“ hat keinen Parameter „farbe“"),
        ('Text\n{{ anzahl feld="kochen" }}', "Zeile 2, Baustein „anzahl“: Handlungsfeld „kochen“ gibt es"),
        ('{{ anzahl foerderung="LSZ" }}', "Förderprogramm „LSZ“ gibt es"),
        ('{{ anzahl gemeinde="Erfurt" }}', "Gemeinde „Erfurt“ gibt es"),
        ("Es folgt {{ angebote }}.", "muss in einer eigenen Zeile stehen"),
        ('{{ diagramm art="torte" }}', "„torte“ ist kein Wert von „art“"),
        ("{{ angebote feld=sprache }}", 'Parameter als name="Wert"'),
        ("{{ anzahl", "nicht mit }} geschlossen"),
    ],
)
def test_a_template_with_an_unknown_block_parameter_or_value_is_refused_in_german(
    district: Any, body: str, message: str
) -> None:
    with translation.override("de"), pytest.raises(ValidationError) as error:
        report_template_create(actor=None, district=district, data={"title": "T", "body": body})
    assert message in " ".join(error.value.messages), error.value.messages


def test_editors_may_not_write_templates_and_reviewers_may(district: Any, editor: Any, reviewer: Any) -> None:
    with pytest.raises(PermissionDenied):
        report_template_create(actor=editor, district=district, data={"title": "T", "body": "{{ anzahl }}"})
    template = report_template_create(
        actor=reviewer, district=district, data={"title": "T", "body": "{{ anzahl }}"}
    )
    assert template.slug == "t"
    report_template_update(actor=reviewer, template=template, data={"audience": "Integrationsbeirat"})
    template.refresh_from_db()
    assert template.audience == "Integrationsbeirat"
    with pytest.raises(ValidationError):
        report_template_update(actor=reviewer, template=template, data={"body": "{{ nix }}"})


def test_planners_build_reports_editors_and_other_districts_may_not(
    template: Any, planner: Any, editor: Any, other_planner: Any
) -> None:
    for actor in (editor, other_planner):
        with pytest.raises(PermissionDenied):
            report_build(actor=actor, template=template)
    report = report_build(actor=planner, template=template, png=lambda svg: b"png")
    assert report.created_by == planner
    entry = AuditEntry.objects.get(object_id=str(report.pk))
    assert entry.actor == planner and entry.district_id == template.district_id


def test_a_build_freezes_counts_rows_and_figures(template: Any, make_offer: Any, programme: Any) -> None:
    report = report_build(actor=None, template=template, png=lambda svg: b"png")
    blocks = report.snapshot["blocks"]
    assert [b["kind"] for b in blocks] == [
        "anzahl",
        "anzahl",
        "anzahl",
        "angebote",
        "diagramm",
        "aenderungen",
    ]
    assert [b["count"] for b in blocks[:3]] == [
        2,
        1,
        3,
    ]  # Bleicherode: its own offer and the two for the whole district
    assert [row[0] for row in blocks[3]["table"]["rows"]] == [
        "Schuldnerberatung Bleicherode",
        "Sprachcafé Nord",
    ]
    assert blocks[3]["table"]["rows"][0][2] == "Bleicherode, Stadt"
    assert blocks[4]["figure"]["svg"].startswith("<svg")
    assert blocks[5]["since"] is None  # the first report of the template
    make_offer("Neues Angebot", funding_programmes=[programme])
    report.refresh_from_db()
    assert report.snapshot["blocks"][0]["count"] == 2  # frozen


def test_changes_since_the_last_report_name_added_offers_and_figures(
    template: Any, make_offer: Any, programme: Any
) -> None:
    report_build(actor=None, template=template, png=lambda svg: b"png")
    make_offer("Lernwerkstatt", fields=("sprache-bildung",), funding_programmes=[programme])
    second = report_build(actor=None, template=template, png=lambda svg: b"png")
    changes = second.snapshot["blocks"][-1]
    assert changes["added"] == ["Lernwerkstatt"] and changes["gone"] == []
    first_row = changes["table"]["rows"][0]
    assert first_row[1:] == ["2", "3", "+1"]


@pytest.fixture
def built(template: Any) -> Report:
    return report_build(actor=None, template=template)


def test_the_docx_holds_word_headings_tables_and_the_chart_as_an_image(built: Report) -> None:
    document = Document(io.BytesIO(report_docx(built.snapshot)))
    styled = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert ("Title", "Angebotsstruktur 2026") in styled
    assert ("Heading 1", "Angebotsstruktur") in styled
    assert ("Heading 2", "Übersicht") in styled
    assert ("List Bullet", "Bleicherode: 3") in styled
    assert any("werden 2 Angebote gefördert" in text and "davon 1 in Sprache" in text for _s, text in styled)
    offers_table = document.tables[0]
    assert offers_table.style.name == "Table Grid"
    assert [c.text for c in offers_table.rows[0].cells] == [
        "Angebot",
        "Träger",
        "Wo",
        "Handlungsfelder",
        "Förderung",
    ]
    assert offers_table.rows[1].cells[0].text == "Schuldnerberatung Bleicherode"
    assert len(document.inline_shapes) == 1
    image = document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    assert document.part.related_parts[image].content_type == "image/png"


def test_a_report_regenerates_identically_from_its_snapshot(built: Report, tmp_path: Path) -> None:
    built.refresh_from_db()
    assert report_docx(built.snapshot) == report_docx(built.snapshot)
    first, second = report_pdf(built.snapshot), report_pdf(built.snapshot)
    assert _text(first, tmp_path) == _text(second, tmp_path)
    with zipfile.ZipFile(io.BytesIO(report_docx(built.snapshot))) as package:
        assert {i.date_time for i in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert base64.b64decode(built.snapshot["blocks"][4]["figure"]["png"]).startswith(b"\x89PNG")


def test_the_pdf_text_holds_the_figures(built: Report, tmp_path: Path) -> None:
    text = _text(report_pdf(built.snapshot), tmp_path)
    assert "Angebotsstruktur 2026" in text
    flat = " ".join(text.split())
    assert "werden 2 Angebote gefördert, davon 1 in Sprache & Bildung" in flat
    assert "Sprachcafé Nord" in flat and "Schuldnerberatung" in flat
    assert "Bleicherode: 3" in flat
    assert "Angebote je 1.000" in flat and "3,0" in flat and "2,0" in flat  # the chart's data table


def test_libreoffice_reads_the_docx_and_its_pdf_holds_the_figures(built: Report, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is missing: `make system-deps` installs Debian's libreoffice-writer.")
    source = tmp_path / "bericht.docx"
    source.write_bytes(report_docx(built.snapshot))
    subprocess.run(  # noqa: S603 - fixed programs, our own files
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = " ".join(_text((tmp_path / "bericht.pdf").read_bytes(), tmp_path).split())
    assert "Angebotsstruktur 2026" in text
    assert "werden 2 Angebote gefördert, davon 1 in Sprache & Bildung" in text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)  # looked at as images (pdftoppm -png)
    shutil.copy(tmp_path / "bericht.pdf", ARTIFACTS / "docx-through-libreoffice.pdf")
    shutil.copy(source, ARTIFACTS / "bericht.docx")
    (ARTIFACTS / "bericht-typst.pdf").write_bytes(report_pdf(built.snapshot))
    assert "Sprachcafé Nord" in text and "Schuldnerberatung" in text and "Bleicherode: 3" in text
    assert "Angebote je 1.000" in text and "3,0" in text


def test_the_command_builds_a_report_and_writes_docx_and_pdf(template: Any, tmp_path: Path) -> None:
    call_command("report_build", "sozialausschuss", "--out", str(tmp_path / "b.docx"), stdout=io.StringIO())
    call_command(
        "report_build",
        "sozialausschuss",
        "--out",
        str(tmp_path / "b.pdf"),
        "--district",
        "16062",
        stdout=io.StringIO(),
    )
    assert Report.objects.filter(template=template).count() == 2
    assert Document(str(tmp_path / "b.docx")).paragraphs[0].text == "Angebotsstruktur 2026"
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")


def test_the_command_refuses_an_unknown_template_and_a_wrong_suffix(template: Any, tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Keine Berichtsvorlage"):
        call_command("report_build", "gibtsnicht", "--out", str(tmp_path / "b.docx"))
    with pytest.raises(CommandError, match=r"\.docx oder \.pdf"):
        call_command("report_build", "sozialausschuss", "--out", str(tmp_path / "b.odt"))
    assert not Report.objects.exists()
