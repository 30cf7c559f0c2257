"""The printed catalog as PDF, typeset by WeasyPrint (HarfBuzz shaping, Pango bidi, Noto fonts).

Page numbers in the table of contents and the indexes are CSS cross-references
(``target-counter``), so one layout pass gives the whole document."""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint import HTML

from wegweiser.publishing.document import CatalogDocument

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class RenderedPdf:
    pdf: bytes
    pages: int


def catalog_html(doc: CatalogDocument) -> str:
    """The catalog as one HTML document, labels in the edition's language."""
    language = doc.options.language
    with translation.override(language):
        changes = None
        if doc.options.changes is not None and doc.options.previous_label:
            changes = [
                ("new", _("New offers"), doc.options.changes.get("new", [])),
                ("changed", _("Changed offers"), doc.options.changes.get("changed", [])),
                ("gone", _("Offers no longer listed"), doc.options.changes.get("gone", [])),
            ]
        district = doc.snapshot["district"]
        stand_label = _("As of %(date)s") % {"date": doc.stand}
        context = {
            "doc": doc,
            "lang": language,
            "district": district,
            "changes": changes,
            "stand_label": stand_label,
            "offer_count": len(doc.snapshot["offers"]),
            "description": _("Offers for people with a migration background in %(district)s")
            % {"district": district["name"]},
            "keywords": ", ".join([_("Integration"), _("Offers"), district["name"]]),
            "indexes": [
                ("index-providers", _("Index of providers"), doc.providers),
                ("index-municipalities", _("Index of municipalities"), doc.municipalities),
            ],
        }
        context["css"] = render_to_string("publishing/pdf/catalog.css", context)
        return render_to_string("publishing/pdf/catalog.html", context)


def catalog_pdf_render(doc: CatalogDocument, *, progress: Progress | None = None) -> RenderedPdf:
    """Typeset ``doc``; ``progress(percent, message)`` is told how far it got."""
    report = progress or (lambda percent, message: None)
    report(30, "layout")
    final = HTML(string=catalog_html(doc)).render()
    report(80, "pdf")
    pdf = final.write_pdf(pdf_tags=True)
    return RenderedPdf(pdf=pdf, pages=len(final.pages))
