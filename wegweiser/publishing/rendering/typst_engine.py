"""The printed catalog typeset by typst (through the ``typst`` Python package, which bundles the
compiler): the engine for left-to-right editions.

The template ``catalog.typ`` reads all content from a JSON file beside it, so offer texts are
typst strings and never markup. Page numbers in the contents and the indexes are resolved by
typst's own introspection (``locate``); the PDF is tagged, with bookmarks and metadata."""

import datetime as dt
import json
import math
import re
import tempfile
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import typst
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from wegweiser.publishing.document import CatalogDocument, Entry
from wegweiser.publishing.facts import Fact, Run, fallback_note, text_run
from wegweiser.publishing.rendering.base import Progress, RenderedPdf, catalog_furniture
from wegweiser.publishing.rendering.reading_order import pdf_logical_line_order

TEMPLATE = Path(__file__).with_name("catalog.typ")
BLOCK_CONTAINERS = {"root", "ul", "ol", "blockquote"}  # whitespace between their children is layout


class _TreeBuilder(HTMLParser):
    """Sanitised foreword HTML (``core.markdown``: a handful of elements) as a JSON tree."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: dict[str, Any] = {"tag": "root", "href": "", "children": []}
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = {"tag": tag, "href": dict(attrs).get("href") or "", "children": []}
        self.stack[-1]["children"].append(node)
        if tag != "br":
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if len(self.stack) > 1 and self.stack[-1]["tag"] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1]["children"].append(data)


def _without_layout_whitespace(node: dict[str, Any]) -> dict[str, Any]:
    """Drop the line breaks between block elements; they are not text."""
    children = [
        _without_layout_whitespace(c) if isinstance(c, dict) else c
        for c in node["children"]
        if not (isinstance(c, str) and not c.strip() and node["tag"] in BLOCK_CONTAINERS)
    ]
    return node | {"children": children}


def html_tree(html: str) -> list[Any]:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return _without_layout_whitespace(builder.root)["children"]


def _plain(text: str) -> dict[str, str]:
    """A label as a text in the edition's language."""
    return {"text": text, "lang": ""}


def typst_language(code: str) -> str:
    """The language tag typst accepts: the ISO 639 part of ``code`` ("de" for "de-ls")."""
    return code.split("-")[0]


def _text(value: dict[str, str], language: str) -> dict[str, str]:
    run = text_run(value, language)
    return {"text": run.text, "lang": typst_language(run.lang) if run.lang else ""}


def _run(run: Run) -> dict[str, Any]:
    lang = typst_language(run.lang) if run.lang else ""
    # Text without right-to-left letters (a German name, "Telefon") is isolated in a
    # right-to-left line (catalog.typ: ``run``); mixed text follows the line's bidi rules.
    classes = {unicodedata.bidirectional(c) for c in run.text}
    latin = "L" in classes and not classes & {"R", "AL"}
    return {"text": run.text, "lang": lang, "strong": run.strong, "ltr": run.ltr, "latin": latin}


def _fact(fact: Fact) -> dict[str, Any]:
    return {"label": fact.label, "runs": [_run(r) for r in fact.runs]}


# An offer block is kept on one page unless it may be longer than one. The estimate errs on the
# side of "may": the text column holds about 100 characters a line and a page about 55 lines.
LINE_CHARS = 60
PAGE_LINES = 40


def _may_exceed_a_page(entry: Entry) -> bool:
    """Whether ``entry`` might not fit on one page, estimated from its text: measuring every
    block in typst (``measure``) doubled the layout time of a catalog."""
    offer = entry.offer
    texts = [
        offer["name"]["text"],
        offer["provider"]["name"],
        offer["alert"]["text"],
        offer["short_description"]["text"],
        entry.checked,
        *(fact.label + ": " + "".join(run.text for run in fact.runs) for fact in entry.facts),
    ]
    lines = sum(math.ceil(len(text) / LINE_CHARS) + text.count("\n") for text in texts if text)
    return lines > PAGE_LINES


def typst_data(doc: CatalogDocument) -> tuple[dict[str, Any], bytes]:
    """The JSON the template reads, and the QR code images one after the other in one blob
    (each entry has the [start, end] of its image: writing hundreds of small files costs more
    than typesetting them)."""
    language = doc.options.language
    furniture = catalog_furniture(doc)
    district = doc.snapshot["district"]
    taken = dt.datetime.fromisoformat(doc.snapshot["taken_at"])
    blob = bytearray()
    spans: dict[bytes, list[int]] = {}
    sections = []
    for section in doc.sections:
        entries = []
        for entry in section.entries:
            if entry.qr not in spans:
                spans[entry.qr] = [len(blob), len(blob) + len(entry.qr)]
                blob += entry.qr
            offer = entry.offer
            entries.append(
                {
                    "anchor": entry.anchor,
                    "url": offer["url"],
                    "qr": spans[entry.qr],
                    "name": _text(offer["name"], language),
                    "provider": offer["provider"]["name"],
                    "alert": _text(offer["alert"], language),
                    "short": _text(offer["short_description"], language),
                    "facts": [_fact(f) for f in entry.facts],
                    "checked": entry.checked,
                    "breakable": _may_exceed_a_page(entry),
                }
            )
        title = {"text": section.title, "lang": typst_language(section.lang) if section.lang else ""}
        sections.append({"anchor": section.anchor, "title": title, "entries": entries})
    with translation.override(language):
        # Every title as a text with its language (a section may be a marked German fallback).
        toc: list[dict[str, Any]] = []
        if doc.foreword_html:
            toc.append({"anchor": "foreword", "title": _plain(_("Foreword"))})
        if furniture.changes:
            toc.append({"anchor": "changes", "title": _plain(_("What has changed"))})
        toc += [{"anchor": s["anchor"], "title": s["title"]} for s in sections]
        toc += [{"anchor": anchor, "title": _plain(title)} for anchor, title, _headings in furniture.indexes]
        cover_lines = [furniture.stand]
        if doc.options.number:
            cover_lines.append(_("Edition no. %(number)s") % {"number": doc.options.number})
        cover_lines.append(_("Offers: %(count)s") % {"count": len(doc.snapshot["offers"])})
        data = {
            # typst knows ISO 639 codes only: Leichte Sprache ("de-ls") is set as German.
            "lang": typst_language(language),
            "dir": doc.direction,
            "easy": language.startswith("de-"),  # Leichte Sprache
            "meta": {
                "title": doc.options.title,
                "author": district["office"] or district["name"],
                "description": furniture.description,
                "keywords": furniture.keywords,
                "date": [taken.year, taken.month, taken.day],
            },
            "demo": (
                _("DEMO – every offer, person, phone number and e-mail address in this catalog is invented.")
                if district["is_demo"]
                else None
            ),
            "district": district["name"],
            "title": doc.options.title,
            "audience": doc.options.audience,
            "cover_lines": cover_lines,
            "office": {
                "lines": [line for line in (district["office"], district["address"]) if line],
                "contact": [c for c in (district["phone"], district["email"], district["website"]) if c],
            },
            "stand": furniture.stand,
            "footer": [list(part) for part in doc.footer],
            "labels": {
                "contents": _("Contents"),
                "foreword": _("Foreword"),
                "changes": _("What has changed"),
                "qr_alt": _("QR code of the offer’s web page"),
                "fallback": fallback_note(language),
            },
            "toc": toc,
            "foreword": html_tree(doc.foreword_html) if doc.foreword_html else None,
            "changes": (
                {
                    "intro": _("Compared with %(previous)s:") % {"previous": doc.options.previous_label},
                    "groups": [
                        {
                            "title": f"{title} ({len(items)})",
                            "items": [_text({"text": i["name"], "lang": i["lang"]}, language) for i in items],
                        }
                        for _key, title, items in furniture.changes
                    ],
                }
                if furniture.changes
                else None
            ),
            "sections": sections,
            "indexes": [
                {
                    "anchor": anchor,
                    "title": title,
                    "headings": [
                        {
                            "label": heading.label,
                            "refs": [{"anchor": r.anchor} | _text(r.name, language) for r in heading.refs],
                        }
                        for heading in headings
                    ],
                }
                for anchor, title, headings in furniture.indexes
            ],
        }
    return data, bytes(blob)


def _page_count(pdf: bytes) -> int | None:
    """The /Count of the PDF's page tree, which typst writes as one uncompressed node; None if
    it does not (then the template is asked, which costs a second pass over the document)."""
    counts = re.findall(rb"/Type\s*/Pages\s*/Count\s+(\d+)", pdf)
    return int(counts[0]) if len(counts) == 1 else None


def typst_pdf_render(doc: CatalogDocument, *, progress: Progress | None = None) -> RenderedPdf:
    """Typeset ``doc`` with typst; ``progress(percent, message)`` is told how far it got."""
    report = progress or (lambda percent, message: None)
    data, qr_blob = typst_data(doc)
    report(30, "layout")
    with tempfile.TemporaryDirectory(prefix="wegweiser-catalog-") as folder:
        root = Path(folder)
        (root / "catalog.typ").write_bytes(TEMPLATE.read_bytes())
        (root / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        (root / "qr.bin").write_bytes(qr_blob)
        compiler = typst.Compiler(
            str(root / "catalog.typ"),
            root=str(root),
            font_paths=[settings.WEGWEISER_PDF_FONT_DIR],
            ignore_system_fonts=True,
        )
        pdf = compiler.compile(format="pdf", pdf_tags=True)
        assert isinstance(pdf, bytes)  # one PDF, not a list of page images
        pages = _page_count(pdf) or json.loads(compiler.query("<page-count>", field="value", one=True))
    if doc.direction == "rtl":
        report(80, "text order")
        pdf = pdf_logical_line_order(pdf)
    report(90, "pdf")
    return RenderedPdf(pdf=pdf, pages=int(pages), engine="typst")
