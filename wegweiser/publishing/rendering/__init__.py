"""The printed catalog as PDF, typeset by one of two engines from the same ``CatalogDocument``.

- **typst** for left-to-right editions (German, English, Ukrainian, Russian, …): it lays out
  a 500-offer catalog in about a second, where WeasyPrint needs a quarter of a minute.
- **WeasyPrint** for right-to-left editions (Arabic, Farsi): both engines shape Arabic script
  correctly, but typst writes its text layer in visual order, so copying or searching the PDF
  gives words in reverse order; WeasyPrint's text layer is right.

See docs/editions.md for the measurements behind this choice."""

from wegweiser.publishing.document import CatalogDocument
from wegweiser.publishing.rendering.base import Progress, RenderedPdf
from wegweiser.publishing.rendering.html_engine import html_pdf_render
from wegweiser.publishing.rendering.typst_engine import typst_pdf_render

ENGINES = ("typst", "weasyprint")


def catalog_pdf_engine(doc: CatalogDocument) -> str:
    """The engine an edition is typeset with: WeasyPrint for right-to-left scripts."""
    return "weasyprint" if doc.direction == "rtl" else "typst"


def catalog_pdf_render(
    doc: CatalogDocument, *, progress: Progress | None = None, engine: str | None = None
) -> RenderedPdf:
    """Typeset ``doc``; ``progress(percent, message)`` is told how far it got. ``engine`` is for
    tests and comparisons; normally the language decides."""
    engine = engine or catalog_pdf_engine(doc)
    if engine == "weasyprint":
        return html_pdf_render(doc, progress=progress)
    if engine == "typst":
        return typst_pdf_render(doc, progress=progress)
    raise ValueError(engine)


__all__ = ["ENGINES", "RenderedPdf", "catalog_pdf_engine", "catalog_pdf_render"]
