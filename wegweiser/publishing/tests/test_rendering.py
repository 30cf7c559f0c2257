"""The two typesetting engines: typst sets every edition, both print every fact of an offer,
and offer texts cannot change the typst layout."""

import io
from collections.abc import Callable
from typing import Any

import pypdf
import pytest
from django.utils import translation

from wegweiser.publishing.document import DocumentOptions, catalog_document
from wegweiser.publishing.facts import Run, offer_facts
from wegweiser.publishing.rendering import ENGINES, catalog_pdf_render
from wegweiser.publishing.rendering.typst_engine import html_tree
from wegweiser.publishing.services.editions import catalog_pdf_build
from wegweiser.publishing.snapshot import Selection, edition_snapshot_collect
from wegweiser.publishing.tests.conftest import normalise, pdf_text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "engine"),
    [
        ("de", "typst"),
        ("en", "typst"),
        ("uk", "typst"),
        ("ru", "typst"),
        ("ar", "typst"),
        ("fa", "typst"),
    ],
)
def test_editions_of_both_directions_are_set_by_typst(
    make_offer: Callable, district: Any, language: str, engine: str
) -> None:
    make_offer("Sprachcafé")
    rendered = catalog_pdf_build(
        district=district,
        language=language,
        selection=Selection(),
        options=DocumentOptions(title="Katalog", language=language),
    )
    assert rendered.engine == engine
    assert rendered.pages == len(pypdf.PdfReader(io.BytesIO(rendered.pdf)).pages)


def _full_snapshot(make_offer: Callable, district: Any) -> dict[str, Any]:
    make_offer("Elterncafé Salza", fields=("sprache-bildung",))
    snapshot = edition_snapshot_collect(district=district, language="de", selection=Selection())
    offer = snapshot["offers"][0]
    offer["alert"] = {"text": "Fällt im August aus", "lang": "de"}
    offer["languages"] = ["Deutsch", "Arabisch"]
    offer["interpretation"] = True
    offer["places"] = [
        {
            "name": "Familienzentrum",
            "address": "Salza-Straße 1, 99734 Nordhausen",
            "url": "https://familienzentrum.example",
            "municipality": None,
            "times": [{"text": "dienstags 15:00–17:00", "notes": "nicht in den Ferien"}],
        }
    ]
    offer["times"] = [{"text": "jeden ersten Samstag", "notes": ""}]
    offer["cost"] = {"summary": ["2,00 €"], "details": {"text": "Ermäßigung mit Sozialpass", "lang": "de"}}
    offer["registration"] = {
        "summary": "Anmeldung erforderlich.",
        "howto": {"text": "Bitte telefonisch anmelden", "lang": "de"},
    }
    offer["contact"] = {
        "phones": [{"number": "+49 3631 000000", "kind": "Telefon"}],
        "email": "elterncafe@demo.invalid",
        "url": "https://elterncafe.example",
        "people": [{"name": "Erika Beispiel", "role": "Leitung", "email": "", "phones": []}],
    }
    offer["funding"] = ["WIR – Weltoffen, Solidarisch, Dialogorientiert"]
    offer["assured_date"] = "2026-10-01"
    return snapshot


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ENGINES)
def test_both_engines_print_every_fact_of_an_offer(make_offer: Callable, district: Any, engine: str) -> None:
    snapshot = _full_snapshot(make_offer, district)
    doc = catalog_document(snapshot=snapshot, options=DocumentOptions(title="Katalog", language="de"))
    # Spaces are ignored: where a line wraps, extraction puts a space ("15:00– 17:00").
    text = normalise("\n".join(pdf_text(catalog_pdf_render(doc, engine=engine).pdf))).replace(" ", "")
    for expected in [
        "Elterncafé Salza",
        "Fällt im August aus",
        "Sprachen: Deutsch, Arabisch (Sprachmittlung möglich)",
        "Wo: Familienzentrum, Salza-Straße 1, 99734 Nordhausen, https://familienzentrum.example",
        "Wann: dienstags 15:00–17:00 (nicht in den Ferien)",
        "Wann: jeden ersten Samstag",
        "Kosten: 2,00 € — Ermäßigung mit Sozialpass",
        "Anmeldung: Anmeldung erforderlich. Bitte telefonisch anmelden",
        "Kontakt: Erika Beispiel (Leitung); Telefon +49 3631 000000; elterncafe@demo.invalid",
        "Geprüft am 1. Oktober 2026",
        "Gefördert durch: WIR – Weltoffen, Solidarisch, Dialogorientiert",
    ]:
        assert normalise(expected).replace(" ", "") in text, expected


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ENGINES)
def test_an_offer_longer_than_a_page_breaks_instead_of_being_cut_off(
    make_offer: Callable, district: Any, engine: str
) -> None:
    snapshot = _full_snapshot(make_offer, district)
    place = snapshot["offers"][0]["places"][0]
    snapshot["offers"][0]["places"] = [place | {"name": f"Treffpunkt {n:02d}"} for n in range(90)]
    doc = catalog_document(snapshot=snapshot, options=DocumentOptions(title="Katalog", language="de"))
    text = "\n".join(pdf_text(catalog_pdf_render(doc, engine=engine).pdf))
    assert all(f"Treffpunkt {n:02d}" in text for n in range(90))


@pytest.mark.django_db
def test_typst_prints_markup_characters_in_offer_texts_literally(make_offer: Callable, district: Any) -> None:
    tricky = '#set page(width: 2cm) *fett* _kursiv_ $x^2$ <anker> @ref \\ [klammer] "zitat"'
    make_offer(tricky, short_description="= keine Überschrift\n- keine Liste // kein Kommentar")
    rendered = catalog_pdf_build(
        district=district,
        language="de",
        selection=Selection(),
        options=DocumentOptions(title="#pagebreak() Katalog", language="de"),
        engine="typst",
    )
    text = normalise("\n".join(pdf_text(rendered.pdf)))
    assert normalise(tricky) in text
    assert "= keine Überschrift - keine Liste // kein Kommentar" in text
    assert "#pagebreak() Katalog" in text
    width = pypdf.PdfReader(io.BytesIO(rendered.pdf)).pages[2].mediabox.width
    assert round(float(width)) == 595  # still A4


def test_foreword_html_becomes_a_tree_for_typst() -> None:
    tree = html_tree(
        '<p>Liebe <strong>Leser</strong>, <em>hallo</em> <a href="https://x.example">Link</a></p>\n'
        "<ul>\n<li>eins</li>\n<li>zwei</li>\n</ul>"
    )
    assert tree == [
        {
            "tag": "p",
            "href": "",
            "children": [
                "Liebe ",
                {"tag": "strong", "href": "", "children": ["Leser"]},
                ", ",
                {"tag": "em", "href": "", "children": ["hallo"]},
                " ",
                {"tag": "a", "href": "https://x.example", "children": ["Link"]},
            ],
        },
        {
            "tag": "ul",
            "href": "",
            "children": [
                {"tag": "li", "href": "", "children": ["eins"]},
                {"tag": "li", "href": "", "children": ["zwei"]},
            ],
        },
    ]


def _offer(**changes: Any) -> dict[str, Any]:
    offer: dict[str, Any] = {
        "target_groups": [],
        "languages": [],
        "interpretation": False,
        "places": [],
        "whole_district": False,
        "mobile": False,
        "times": [],
        "cost": {"summary": [], "details": {"text": "", "lang": "de"}},
        "registration": {"summary": "", "howto": {"text": "", "lang": "de"}},
        "contact": {"phones": [], "email": "", "url": "", "people": []},
    }
    return offer | changes


def test_offer_without_details_has_no_lines_of_facts() -> None:
    with translation.override("de"):
        assert offer_facts(_offer(), "de") == []


def test_fallback_texts_keep_their_language_and_addresses_read_left_to_right() -> None:
    offer = _offer(
        target_groups=[{"name": "Frauen", "lang": "de"}, {"name": "Jugendliche", "lang": "ar"}],
        contact={
            "phones": [{"number": "+49 1", "kind": "هاتف"}],
            "email": "a@demo.invalid",
            "url": "",
            "people": [],
        },
    )
    with translation.override("ar"):
        groups, contact = offer_facts(offer, "ar")
    assert groups.runs == [Run("Frauen", lang="de"), Run(", "), Run("Jugendliche")]
    assert contact.runs == [
        Run("هاتف"),
        Run(" "),
        Run("+49 1", ltr=True),
        Run("; "),
        Run("a@demo.invalid", ltr=True),
    ]
