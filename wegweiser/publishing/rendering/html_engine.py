"""The printed catalog typeset by WeasyPrint from HTML and CSS (HarfBuzz shaping, Pango bidi,
Noto fonts): the second engine, on request (``engine="weasyprint"``); typst sets every edition,
right-to-left ones included (``docs/editions.md``).

Page numbers in the table of contents and the indexes are CSS cross-references
(``target-counter``), resolved within WeasyPrint's layout."""

from django.template.loader import render_to_string
from django.utils import translation

from wegweiser.publishing.document import CatalogDocument
from wegweiser.publishing.facts import fallback_note
from wegweiser.publishing.rendering.base import Progress, RenderedPdf, catalog_furniture


def catalog_html(doc: CatalogDocument) -> str:
    """The catalog as one HTML document, labels in the edition's language."""
    furniture = catalog_furniture(doc)
    with translation.override(doc.options.language):
        context = {
            "doc": doc,
            "lang": doc.options.language,
            "district": doc.snapshot["district"],
            "changes": furniture.changes,
            "stand_label": furniture.stand,
            "offer_count": len(doc.snapshot["offers"]),
            "description": furniture.description,
            "keywords": ", ".join(furniture.keywords),
            "indexes": furniture.indexes,
            "fallback": fallback_note(doc.options.language),
        }
        context["css"] = render_to_string("publishing/pdf/catalog.css", context)
        return render_to_string("publishing/pdf/catalog.html", context)


def html_pdf_render(doc: CatalogDocument, *, progress: Progress | None = None) -> RenderedPdf:
    """Typeset ``doc``; ``progress(percent, message)`` is told how far it got."""
    # Imported here, not at start-up: loading WeasyPrint (and its fonts and Pango bindings) takes
    # 3-9 s of CPU, which every web worker and test process paid although only right-to-left
    # editions use it.
    from weasyprint import HTML

    report = progress or (lambda percent, message: None)
    report(30, "layout")
    final = HTML(string=catalog_html(doc)).render()
    report(80, "pdf")
    pdf = final.write_pdf(pdf_tags=True)
    return RenderedPdf(pdf=pdf, pages=len(final.pages), engine="weasyprint")
