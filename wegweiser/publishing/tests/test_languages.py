"""Catalogs wholly in their language: headings, labels and vocabulary in the edition's language
(German fallbacks marked), right-to-left text that copies out as written, addresses inside
Arabic lines kept whole, and a Leichte Sprache edition."""

import io
from collections.abc import Callable
from typing import Any

import pypdf
import pytest
from django.utils import translation
from django.utils.translation import gettext

from wegweiser.catalog.models import Offer, OfferTranslation, TaxonomyTerm, TaxonomyTermTranslation
from wegweiser.catalog.services.components import component_save
from wegweiser.core.models import Language
from wegweiser.publishing.document import DocumentOptions
from wegweiser.publishing.services.editions import catalog_pdf_build
from wegweiser.publishing.snapshot import Selection
from wegweiser.publishing.tests.conftest import TEXTS, normalise, pdf_text

# The field of action and target group of the translated offers, with their labels in the
# catalog: (field, target group, contents, index of providers, index of municipalities,
# "Target groups", "(in German)").
HEADINGS = {
    "ar": (
        "اللغة والتعليم",
        "البالغون",
        "المحتويات",
        "فهرس الجهات المقدِّمة",
        "فهرس البلديات",
        "الفئات المستهدفة",
        "(بالألمانية)",
    ),
    "fa": (
        "زبان و آموزش",
        "بزرگسالان",
        "فهرست مطالب",
        "نمایهٔ ارائه‌دهندگان",
        "نمایهٔ شهرها و روستاها",
        "گروه‌های هدف",
        "(به آلمانی)",
    ),
}


def _translate_terms(language: str) -> None:
    field, group = HEADINGS[language][:2]
    for slug, name in (("sprache-bildung", field), ("erwachsene", group)):
        TaxonomyTermTranslation.objects.update_or_create(
            master=TaxonomyTerm.objects.get(slug=slug), language_id=language, defaults={"name": name}
        )


def _lines(pdf: bytes) -> list[str]:
    return [normalise(line) for page in pdf_text(pdf) for line in page.splitlines() if line.strip()]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fa"])
def test_right_to_left_catalog_copies_out_as_written_headings_included(
    district: Any, translated_offers: list[Offer], language: str
) -> None:
    _translate_terms(language)
    field, group, contents, providers, municipalities, groups_label, _note = HEADINGS[language]
    rendered = catalog_pdf_build(
        district=district,
        language=language,
        selection=Selection(),
        options=DocumentOptions(title="Angebotskatalog", language=language),
    )
    assert rendered.engine == "typst"
    lines = _lines(rendered.pdf)
    # Headings are lines of their own, equal to their source strings.
    for heading in (field, contents, providers, municipalities):
        assert normalise(heading) in lines, heading
    for translations in TEXTS.values():
        name, short = translations[language]
        assert normalise(name) in lines
        assert normalise(short) in lines
    assert f"{normalise(groups_label)}: {normalise(group)}" in lines
    text = " ".join(lines)
    for english in ("Language & education", "Adults", "Index of providers"):
        assert english not in text


@pytest.mark.django_db
def test_german_fallbacks_are_marked_and_never_english(district: Any, make_offer: Callable) -> None:
    make_offer("Fahrradwerkstatt für alle", fields=("sprache-bildung",))
    # The seeded vocabulary has Arabic names: without them the German ones must show, marked.
    TaxonomyTermTranslation.objects.filter(language_id="ar").delete()
    rendered = catalog_pdf_build(
        district=district,
        language="ar",
        selection=Selection(),
        options=DocumentOptions(title="Angebotskatalog", language="ar"),
    )
    text = " ".join(_lines(rendered.pdf))
    # The note's word: pypdf mirrors the brackets of a right-to-left line.
    note = normalise(HEADINGS["ar"][-1]).strip("()")
    # The untranslated name, section heading and target group are printed in German, marked.
    assert "Fahrradwerkstatt für alle" in text
    assert "Sprache & Bildung" in text and "Language & education" not in text
    assert text.count(note) >= 3


@pytest.mark.django_db
@pytest.mark.parametrize("engine", ["typst", "weasyprint"])
def test_addresses_inside_arabic_lines_stay_whole(district: Any, make_offer: Callable, engine: str) -> None:
    offer = make_offer(
        "Sprachcafé am Mittwoch", email="sprachcafe@demo.invalid", url="https://sprachcafe.example/ar"
    )
    name, short = TEXTS["Sprachcafé am Mittwoch"]["ar"]
    component_save(
        actor=None,
        parent=offer,
        component=OfferTranslation(master=offer, language_id="ar", name=name, short_description=short),
    )
    rendered = catalog_pdf_build(
        district=district,
        language="ar",
        selection=Selection(),
        options=DocumentOptions(title="Angebotskatalog", language="ar"),
        engine=engine,
    )
    text = " ".join(_lines(rendered.pdf))
    assert "sprachcafe@demo.invalid" in text
    assert "https://sprachcafe.example/ar" in text


@pytest.mark.django_db
def test_leichte_sprache_edition_prints_easy_texts_and_marks_the_rest(
    district: Any, make_offer: Callable
) -> None:
    Language.objects.get_or_create(
        code="de-ls",
        defaults={"name_de": "Leichte Sprache", "name_en": "Easy German", "native_name": "Leichte Sprache"},
    )
    easy = make_offer("Sprachcafé am Mittwoch", fields=("sprache-bildung",))
    component_save(
        actor=None,
        parent=easy,
        component=OfferTranslation(
            master=easy,
            language_id="de-ls",
            name="Deutsch sprechen im Café",
            short_description="Sie üben Deutsch. Sie trinken Kaffee. Sie müssen sich nicht anmelden.",
        ),
    )
    make_offer("Migrationsberatung für Erwachsene", fields=("sprache-bildung",))
    rendered = catalog_pdf_build(
        district=district,
        language="de-ls",
        selection=Selection(),
        options=DocumentOptions(title="Angebote in Leichter Sprache", language="de-ls"),
    )
    assert rendered.engine == "typst"
    text = " ".join(_lines(rendered.pdf))
    assert "Deutsch sprechen im Café" in text
    assert "Sie üben Deutsch. Sie trinken Kaffee." in text
    assert "Sprachcafé am Mittwoch" not in text
    # No Leichte Sprache text: the German one, marked; labels from the Leichte Sprache catalog
    # (German where it has none).
    assert "Migrationsberatung für Erwachsene (nicht in Leichter Sprache)" in text
    with translation.override("de-ls"):
        assert gettext("Contents") in text and gettext("Target groups") in text
    catalog: Any = pypdf.PdfReader(io.BytesIO(rendered.pdf)).trailer["/Root"]
    assert catalog["/Lang"] == "de"
