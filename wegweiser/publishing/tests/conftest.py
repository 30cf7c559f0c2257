"""Fixtures of the publishing tests: offers with Arabic and Farsi texts, PDF text extraction."""

import io
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import pypdf
import pytest

from wegweiser.catalog.models import Offer, OfferTranslation
from wegweiser.catalog.services.components import component_save
from wegweiser.core.models import Language
from wegweiser.districts.models import District
from wegweiser.publishing.models import Edition
from wegweiser.publishing.services.editions import edition_create

# Offer names and short descriptions as in the demo district, with their translations.
TEXTS = {
    "Sprachcafé am Mittwoch": {
        "ar": ("مقهى اللغة يوم الأربعاء", "تدرّب على التحدث بالألمانية مع القهوة والشاي، دون تسجيل"),
        "fa": ("کافهٔ زبان چهارشنبه‌ها", "تمرین گفتگو به آلمانی با قهوه و چای، بدون ثبت‌نام"),
        "uk": ("Мовне кафе щосереди", "Розмовляйте німецькою за кавою та чаєм, без реєстрації"),
        "ru": ("Языковое кафе по средам", "Говорите по-немецки за кофе и чаем, без регистрации"),
    },
    "Migrationsberatung für Erwachsene": {
        "ar": ("استشارات الهجرة للبالغين", "استشارات حول الإقامة واللغة والعمل والسكن والدوائر الرسمية"),
        "fa": ("مشاورهٔ مهاجرت برای بزرگسالان", "مشاوره دربارهٔ اقامت، زبان، کار، مسکن و ادارات"),
        "uk": (
            "Міграційна консультація для дорослих",
            "Консультації щодо перебування, мови, роботи та житла",
        ),
        "ru": ("Миграционная консультация для взрослых", "Консультации о пребывании, языке, работе и жилье"),
    },
    "Integrationskurs mit Alphabetisierung": {
        "ar": ("دورة الاندماج مع محو الأمية", "تعلّم الألمانية من البداية مع القراءة والكتابة"),
        "fa": ("دورهٔ ادغام همراه با سوادآموزی", "یادگیری آلمانی از ابتدا همراه با خواندن و نوشتن"),
        "uk": ("Інтеграційний курс з алфавітизацією", "Вивчайте німецьку з нуля разом із читанням і письмом"),
        "ru": ("Интеграционный курс с алфавитизацией", "Изучайте немецкий с нуля вместе с чтением и письмом"),
    },
}
# Invisible format characters: bidi controls, and the zero-width (non-)joiner that Persian uses
# inside words ("چهارشنبه‌ها"). They have no glyph, so no PDF text layer can carry them; a reader
# searching the PDF does not type them either.
FORMAT_CHARACTERS = dict.fromkeys(
    map(ord, "\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def normalise(text: str) -> str:
    """NFKC, without invisible format characters, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(FORMAT_CHARACTERS)
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(pdf: bytes) -> list[str]:
    """The text of every page, as a reader copying it out of the PDF gets it (pypdf)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [page.extract_text() for page in reader.pages]


@pytest.fixture
def translated_offers(make_offer: Callable, db: Any) -> list[Offer]:
    offers = []
    for name, translations in TEXTS.items():
        offer = make_offer(name, fields=("sprache-bildung",))
        for language, (t_name, t_short) in translations.items():
            component_save(
                actor=None,
                parent=offer,
                component=OfferTranslation(
                    master=offer, language_id=language, name=t_name, short_description=t_short
                ),
            )
        offers.append(offer)
    return offers


@pytest.fixture
def make_edition(district: District) -> Callable[..., Edition]:
    def make(language: str = "de", **data: Any) -> Edition:
        values = {"title": "Angebotskatalog", "language": Language.objects.get(code=language)} | data
        m2m = {
            k: values.pop(k)
            for k in list(values)
            if k in ("fields_of_action", "target_groups", "municipalities", "funding_programmes")
        }
        return edition_create(actor=None, district=district, data=values, m2m=m2m)

    return make
