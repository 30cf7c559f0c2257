"""What both typesetting engines share: the result type, and the texts around the offers
(headings, cover lines, metadata) in the edition's language."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from wegweiser.publishing.document import CatalogDocument, IndexHeading

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class RenderedPdf:
    pdf: bytes
    pages: int
    engine: str  # "typst" or "weasyprint"


@dataclass(frozen=True)
class Furniture:
    stand: str  # "Stand: 21. November 2026"
    description: str  # document metadata (subject)
    keywords: list[str]
    changes: list[tuple[str, str, list[dict[str, Any]]]] | None  # (key, title, offers)
    indexes: list[tuple[str, str, list[IndexHeading]]]  # (anchor, title, headings)


def catalog_furniture(doc: CatalogDocument) -> Furniture:
    with translation.override(doc.options.language):
        changes = None
        if doc.options.changes is not None and doc.options.previous_label:
            changes = [
                ("new", _("New offers"), doc.options.changes.get("new", [])),
                ("changed", _("Changed offers"), doc.options.changes.get("changed", [])),
                ("gone", _("Offers no longer listed"), doc.options.changes.get("gone", [])),
            ]
        district = doc.snapshot["district"]["name"]
        return Furniture(
            stand=_("As of %(date)s") % {"date": doc.stand},
            description=_("Offers for people with a migration background in %(district)s")
            % {"district": district},
            keywords=[_("Integration"), _("Offers"), district],
            changes=changes,
            indexes=[
                ("index-providers", _("Index of providers"), doc.providers),
                ("index-municipalities", _("Index of municipalities"), doc.municipalities),
            ],
        )
