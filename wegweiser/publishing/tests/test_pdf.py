"""The printed catalog: every selected offer, table of contents, page numbers, bookmarks and
metadata, from both engines; Cyrillic (typst), Arabic and Farsi (WeasyPrint) text that copies
out of the PDF exactly as it was written."""

import io
import re
from collections.abc import Callable
from typing import Any

import pypdf
import pytest

from wegweiser.catalog.models import Offer
from wegweiser.publishing.document import DocumentOptions
from wegweiser.publishing.rendering import ENGINES
from wegweiser.publishing.services.editions import catalog_pdf_build, edition_build
from wegweiser.publishing.snapshot import Selection
from wegweiser.publishing.tests.conftest import TEXTS, normalise, pdf_text


def assert_complete_german_catalog(pdf: bytes, names: list[str], absent: list[str]) -> list[str]:
    """Every offer, the contents with true page numbers, the footer on every page, bookmarks,
    metadata, tags and the document language. Returns the pages' text."""
    pages = pdf_text(pdf)
    text = normalise("\n".join(pages))
    for name in names:
        assert name in text
    for name in absent:
        assert name not in text

    # Contents: each section with the page it starts on, and that page really holds it.
    contents = normalise(next(p for p in pages if "Inhalt" in p and "Vorwort" in p))
    for section in ["Vorwort", "Sprache & Bildung", "Mitgestaltung", "Trägerverzeichnis", "Ortsverzeichnis"]:
        match = re.search(re.escape(section) + r"\s*\.*\s*(\d+)", contents)
        assert match, section
        assert section in normalise(pages[int(match.group(1)) - 1])

    # Indexes: each offer with the page it is printed on ("…" is "..." after NFKC).
    for name in names:
        match = re.search(re.escape(name) + r"\s*\.\.\.\s*(\d+)", text)
        assert match, name
        assert name in normalise(pages[int(match.group(1)) - 1])

    # Footer on every page but the cover: "Seite X von Y" and the date of the data.
    total = len(pages)
    for number, page in enumerate(pages[1:], start=2):
        assert f"Seite {number} von {total}" in normalise(page)
        assert "Stand:" in page

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Inhalt" in titles and "Sprache & Bildung" in titles and "Vorwort" in titles
    assert reader.metadata is not None and reader.metadata.title == "Angebotskatalog"
    assert "Landkreis Nordhausen" in (reader.metadata.subject or "")
    catalog: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog  # tagged PDF
    assert catalog["/Lang"] == "de"
    return pages


@pytest.mark.django_db
def test_german_edition_lists_every_selected_offer_with_contents_and_page_numbers(
    make_offer: Callable, make_edition: Callable, translated_offers: list[Offer]
) -> None:
    make_offer("Fahrradwerkstatt für alle", fields=("teilhabe",))
    make_offer("Entwurf, nicht im Katalog", publish=False)
    edition = make_edition("de", foreword="Liebe Leserinnen und Leser,\n\n**herzlich willkommen**.")
    assert edition_build(edition_id=edition.pk)
    edition.refresh_from_db()
    pdf = bytes(edition.document.pdf)
    pages = assert_complete_german_catalog(
        pdf, [*TEXTS, "Fahrradwerkstatt für alle"], absent=["Entwurf, nicht im Katalog"]
    )
    assert edition.offer_count == 4
    assert edition.document.pages == len(pages)
    assert "herzlich willkommen" in normalise("\n".join(pages))


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ENGINES)
def test_both_engines_typeset_a_complete_german_catalog(
    engine: str, make_offer: Callable, district: Any, translated_offers: list[Offer]
) -> None:
    make_offer("Fahrradwerkstatt für alle", fields=("teilhabe",))
    rendered = catalog_pdf_build(
        district=district,
        language="de",
        selection=Selection(),
        options=DocumentOptions(
            title="Angebotskatalog",
            language="de",
            foreword="Liebe Leserinnen und Leser,\n\n*willkommen* auf [unserer Seite](https://demo.invalid/info).",
        ),
        engine=engine,
    )
    assert rendered.engine == engine
    pages = assert_complete_german_catalog(rendered.pdf, [*TEXTS, "Fahrradwerkstatt für alle"], absent=[])
    assert rendered.pages == len(pages)
    # On paper a link is only useful with its address.
    assert "willkommen auf unserer Seite (https://demo.invalid/info)" in normalise("\n".join(pages))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "engine"),
    [
        ("uk", "typst"),
        ("ru", "typst"),
        ("ar", "typst"),
        ("fa", "typst"),
        ("ar", "weasyprint"),
        ("fa", "weasyprint"),
    ],
)
def test_translated_catalog_copies_out_as_written(
    district: Any, translated_offers: list[Offer], language: str, engine: str
) -> None:
    """Cyrillic, Arabic and Farsi through typst (right-to-left lines put into reading order
    afterwards, ``rendering.reading_order``), Arabic and Farsi through WeasyPrint as well."""
    rendered = catalog_pdf_build(
        district=district,
        language=language,
        selection=Selection(),
        options=DocumentOptions(title="Angebotskatalog", language=language),
        engine=engine,
    )
    assert rendered.engine == engine
    text = normalise("\n".join(pdf_text(rendered.pdf)))
    for translations in TEXTS.values():
        name, short = translations[language]
        assert normalise(name) in text
        assert normalise(short) in text
    catalog: Any = pypdf.PdfReader(io.BytesIO(rendered.pdf)).trailer["/Root"]
    assert catalog["/Lang"] == language


@pytest.mark.django_db
def test_selection_and_grouping_by_municipality(make_offer: Callable, district: Any) -> None:
    nordhausen = district.municipalities.get(slug="nordhausen")
    make_offer("Kreisweite Beratung", fields=("beratung",))
    local = make_offer(
        "Sprachtreff Nordhausen",
        serves_whole_district=False,
        municipalities=[nordhausen],
        fields=("sprache-bildung",),
    )
    make_offer("Wohnungssuche", fields=("wohnen",))
    rendered = catalog_pdf_build(
        district=district,
        language="de",
        selection=Selection(fields_of_action=[t.pk for t in local.terms.filter(slug="sprache-bildung")]),
        options=DocumentOptions(title="Sprache", language="de", grouping="municipality"),
    )
    text = normalise("\n".join(pdf_text(rendered.pdf)))
    assert "Sprachtreff Nordhausen" in text
    assert "Wohnungssuche" not in text and "Kreisweite Beratung" not in text
    assert "Nordhausen" in text
