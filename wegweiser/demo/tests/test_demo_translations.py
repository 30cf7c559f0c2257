import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from wegweiser.catalog.models import Offer, OfferTranslation
from wegweiser.demo import fiction
from wegweiser.demo.services import demo_district_load
from wegweiser.demo.translations import LANGUAGES, LEICHTE_SPRACHE, TABLE
from wegweiser.translations.models import TranslationUsage


def test_the_demo_table_has_every_offer_title_and_short_description_in_every_language() -> None:
    for row in fiction.OFFERS:
        for german in (row[0], row[6]):
            assert set(TABLE[german]) == set(LANGUAGES), german
            assert all(text.strip() and text != german for text in TABLE[german].values()), german
    names = {row[0] for row in fiction.OFFERS}
    assert set(LEICHTE_SPRACHE) <= names


@pytest.mark.django_db
def test_every_demo_offer_is_translated_and_labelled_until_reviewed() -> None:
    demo_district_load()
    offers = Offer.objects.count()
    for code in LANGUAGES:
        rows = OfferTranslation.objects.filter(language_id=code).exclude(name="").exclude(description="")
        assert rows.count() == offers, code
    assert (
        OfferTranslation.objects.filter(machine_engine="demo", reviewed_at__isnull=True).count() == offers * 5
    )
    assert OfferTranslation.objects.filter(language_id="de-ls", reviewed_at__isnull=False).count() == 3
    offer = Offer.objects.get(name="Sprachcafé am Mittwoch")
    with translation.override("fa"):  # the Farsi interface shows the Farsi offer texts
        url = reverse("directory:offer_detail", args=[offer.slug])
        label = gettext("machine-translated (demo)")
    page = Client().get(url).content.decode()
    assert "کافهٔ زبان چهارشنبه‌ها" in page and label in page
    assert "برنامهٔ نمایشی" in page  # the description, too
    used = TranslationUsage.objects.count()
    demo_district_load()  # loading again translates nothing twice
    assert TranslationUsage.objects.count() == used
