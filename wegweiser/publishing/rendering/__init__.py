"""The printed catalog as PDF, typeset by one of two engines from the same ``CatalogDocument``.

- **typst** for every edition: it lays out a 500-offer catalog in a second or two, where
  WeasyPrint needs a quarter of a minute (German) to a minute (Arabic). typst shapes Arabic
  script correctly but writes the words of a right-to-left line in the order of its bidi runs;
  ``reading_order.pdf_logical_line_order`` re-sorts them afterwards, so copying or searching
  the PDF gives the words as written (tested for Arabic and Farsi).
- **WeasyPrint** on request (``engine="weasyprint"``): the second engine the tests keep in step,
  for comparison and as a fallback.

See docs/editions.md for the measurements behind this choice."""

from wegweiser.publishing.document import CatalogDocument
from wegweiser.publishing.rendering.base import Progress, RenderedPdf
from wegweiser.publishing.rendering.html_engine import html_pdf_render
from wegweiser.publishing.rendering.typst_engine import typst_pdf_render

ENGINES = ("typst", "weasyprint")


def catalog_pdf_engine(doc: CatalogDocument) -> str:
    """The engine an edition is typeset with: typst, in both directions."""
    return "typst"


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
