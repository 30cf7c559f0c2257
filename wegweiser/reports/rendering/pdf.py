"""The report as a PDF, typeset by typst (``report.typ``, as the printed catalog's left-to-right
editions): the title, the template's headings, paragraphs and lists, every block's table with a
repeated header row, maps and charts as the snapshot's SVG (vector, with their caption as the
image's alternative text). Everything comes from a JSON file beside the template, so texts are
typst strings and never markup. Written from the snapshot only; the PDF is tagged and dated with
the build time, so the same snapshot gives the same text. WeasyPrint took 8 s for a committee
report over 4,500 offers (the map's points and the long tables); typst takes well under one."""

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

import typst
from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from wegweiser.reports.rendering.elements import column_weights, elements
from wegweiser.reports.rendering.figures import svg_for_typst, svg_size

TEMPLATE = Path(__file__).with_name("report.typ")
TEXT_WIDTH_PT = 481.0  # A4 less the margins of report.typ (22 mm + 20 mm)


def _table(table: dict[str, Any] | None) -> dict[str, Any] | None:
    if not table:
        return None
    return {
        "caption": table["caption"],
        "headers": [str(h) for h in table["headers"]],
        "rows": [[str(c) for c in row] for row in table["rows"]],
        "numeric": list(table.get("numeric", [])),
        "weights": column_weights(table),
    }


def _block(block: dict[str, Any] | None, figures: list[str]) -> dict[str, Any] | None:
    if block is None:
        return None
    kind = block["kind"]
    if kind == "anzahl":
        return {"kind": "count", "text": f"{block['label']}: {block['text']}"}
    if kind in ("karte", "diagramm"):
        svg = block["figure"]["svg"]
        width, _height = svg_size(svg)
        figures.append(svg_for_typst(svg))
        return {
            "kind": "figure",
            "caption": block["caption"],
            "file": f"figure-{len(figures)}.svg",
            "width": min(width, TEXT_WIDTH_PT),
            "table": _table(block.get("table")),
        }
    if kind == "aenderungen":
        return {
            "kind": "changes",
            "caption": block["caption"],
            "first": not block["since"],
            "table": _table(block.get("table")),
            "lists": [
                {"label": f"{label}: {len(names)}", "names": list(names)}
                for label, names in (
                    (pgettext("report", "New offers"), block.get("added", [])),
                    (_("Offers no longer listed"), block.get("gone", [])),
                )
            ],
        }
    return {"kind": "table", "table": _table(block.get("table"))}


def report_data(snapshot: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The JSON ``report.typ`` reads and the figures' SVGs (``figure-1.svg``, …)."""
    figures: list[str] = []
    items: list[dict[str, Any]] = []
    for element in elements(snapshot):
        runs = [{"text": text, "bold": bold} for text, bold in element.runs]
        if element.kind == "item":  # consecutive items form one list
            if items and items[-1]["kind"] == "list":
                items[-1]["items"].append(runs)
            else:
                items.append({"kind": "list", "items": [runs]})
        elif element.kind in ("heading", "paragraph"):
            items.append({"kind": element.kind, "level": element.level, "runs": runs})
        elif (block := _block(element.block, figures)) is not None:
            items.append(block)
    built = dt.datetime.fromisoformat(snapshot["built_at"])
    data_date = formats.date_format(dt.date.fromisoformat(snapshot["data_date"]), "SHORT_DATE_FORMAT")
    data = {
        "title": snapshot["title"],
        "author": snapshot["district"],
        "date": [built.year, built.month, built.day],
        "meta": _("%(audience)s · %(district)s · data as of %(date)s")
        % {
            "audience": snapshot.get("audience") or pgettext("report", "Report"),
            "district": snapshot["district"],
            "date": data_date,
        },
        "demo": (
            _("Demo: the offers, measures and figures of this report are invented.")
            if snapshot.get("is_demo")
            else None
        ),
        "labels": {
            "no_entries": _("No entries."),
            "first": _("This is the first report of this template: there is nothing to compare."),
        },
        "items": items,
    }
    return data, figures


def report_pdf(snapshot: dict[str, Any]) -> bytes:
    with translation.override("de"):
        data, figures = report_data(snapshot)
    with tempfile.TemporaryDirectory(prefix="wegweiser-report-") as folder:
        root = Path(folder)
        (root / "report.typ").write_bytes(TEMPLATE.read_bytes())
        (root / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        for number, svg in enumerate(figures, start=1):
            (root / f"figure-{number}.svg").write_text(svg, encoding="utf-8")
        pdf = typst.compile(
            str(root / "report.typ"),
            root=str(root),
            format="pdf",
            font_paths=[settings.WEGWEISER_PDF_FONT_DIR],
            ignore_system_fonts=True,
            pdf_tags=True,
        )
    assert isinstance(pdf, bytes)
    return pdf
