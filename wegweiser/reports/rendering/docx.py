"""The report as a Word document (python-docx): the title in Word's "Title" style, the template's
headings in "Heading 1" to "Heading 3", lists in "List Bullet", tables in "Table Grid" with a
repeated, bold header row, maps and charts as embedded PNG images with a caption and their data
table. Written from the snapshot only; the same snapshot gives the same bytes (fixed document
dates and zip timestamps)."""

import base64
import copy
import datetime as dt
import io
import zipfile
from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from wegweiser.reports.rendering.elements import Element, column_weights, elements


def _runs(paragraph: Any, element: Element) -> None:
    for text, bold in element.runs:
        run = paragraph.add_run(text)
        run.bold = bold or None


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


TEXT_WIDTH_CM = 16.6
TABLE_FONT = Pt(9)


def _widths(table: dict[str, Any]) -> list[Any]:
    weights = column_weights(table)
    total = sum(weights)
    return [Cm(TEXT_WIDTH_CM * w / total) for w in weights]


def _caption(document: Any, text: str) -> None:
    """A caption stays on the page of its table or figure (LibreOffice left a chart's caption
    alone at the foot of a page)."""
    document.add_paragraph(text, style="Caption").paragraph_format.keep_with_next = True


def _table(document: Any, table: dict[str, Any] | None) -> None:
    if not table:
        return
    _caption(document, table["caption"])
    if not table["rows"]:
        document.add_paragraph(_("No entries."))
        return
    numeric = set(table.get("numeric", []))
    grid = document.add_table(rows=1, cols=len(table["headers"]), style="Table Grid")
    grid.autofit = False
    widths = _widths(table)
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    header = grid.rows[0]
    _repeat_header(header)
    for cell, text, width in zip(header.cells, table["headers"], widths, strict=True):
        cell.width = width
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold, run.font.size = True, TABLE_FONT
    # The first data row through python-docx, the others as copies of its XML with their texts
    # (python-docx's row and cell access is quadratic: 4,000 rows would take half a minute).
    cells = grid.add_row().cells
    for column, (cell, text) in enumerate(zip(cells, table["rows"][0], strict=True)):
        cell.width = widths[column]
        run = cell.paragraphs[0].add_run()
        run.font.size = TABLE_FONT
        t = OxmlElement("w:t")  # always one text element per cell, also for an empty text
        t.text = str(text)
        run._r.append(t)
        if column in numeric:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    model = grid.rows[1]._tr
    body = grid._tbl
    for row in table["rows"][1:]:
        tr = copy.deepcopy(model)
        for t, text in zip(tr.iter(qn("w:t")), row, strict=True):
            t.text = str(text)
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        body.append(tr)
    document.add_paragraph()


def _block(document: Any, block: dict[str, Any] | None) -> None:
    if block is None:
        return
    kind = block["kind"]
    if kind == "anzahl":
        document.add_paragraph(f"{block['label']}: {block['text']}")
    elif kind in ("karte", "diagramm"):
        _caption(document, block["caption"])
        png = base64.b64decode(block["figure"]["png"])
        document.add_picture(io.BytesIO(png), width=Cm(16))
        _table(document, block["table"])
    elif kind == "aenderungen":
        document.add_heading(block["caption"], level=2)
        if not block["since"]:
            document.add_paragraph(
                _("This is the first report of this template: there is nothing to compare.")
            )
            return
        _table(document, block["table"])
        for label, names in (
            (pgettext("report", "New offers"), block["added"]),
            (_("Offers no longer listed"), block["gone"]),
        ):
            document.add_paragraph(f"{label}: {len(names)}")
            for name in names:
                document.add_paragraph(name, style="List Bullet")
    else:
        _table(document, block.get("table"))


def _fixed_zip(data: bytes) -> bytes:
    """The package again with every entry's timestamp fixed: same content, same bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def report_docx(snapshot: dict[str, Any]) -> bytes:
    with translation.override("de"):
        document = Document()
        style = document.styles["Normal"]
        style.font.name = "Liberation Sans"
        style.font.size = Pt(10.5)
        section = document.sections[0]
        section.left_margin = section.right_margin = Cm(2.2)
        built = dt.datetime.fromisoformat(snapshot["built_at"])
        properties = document.core_properties
        properties.title = snapshot["title"]
        properties.author = "Wegweiser"
        properties.created = properties.modified = built.replace(tzinfo=None)
        properties.last_modified_by = "Wegweiser"
        properties.revision = 1
        document.add_paragraph(snapshot["title"], style="Title")
        data_date = formats.date_format(dt.date.fromisoformat(snapshot["data_date"]), "SHORT_DATE_FORMAT")
        meta = _("%(audience)s · %(district)s · data as of %(date)s") % {
            "audience": snapshot.get("audience") or pgettext("report", "Report"),
            "district": snapshot["district"],
            "date": data_date,
        }
        document.add_paragraph(meta, style="Subtitle")
        if snapshot.get("is_demo"):
            document.add_paragraph(
                _("Demo: the offers, measures and figures of this report are invented."),
                style="Intense Quote",
            )
        for element in elements(snapshot):
            if element.kind == "heading":
                document.add_heading(element.text, level=element.level)
            elif element.kind == "item":
                _runs(document.add_paragraph(style="List Bullet"), element)
            elif element.kind == "paragraph":
                _runs(document.add_paragraph(), element)
            else:
                _block(document, element.block)
        out = io.BytesIO()
        document.save(out)
        return _fixed_zip(out.getvalue())
