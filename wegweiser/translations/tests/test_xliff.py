from typing import Any

import pytest
from django.core.exceptions import ValidationError
from translate.storage.xliff import xlifffile

from wegweiser.catalog.models import Offer, OfferTranslation
from wegweiser.translations.services import offer_translations_import
from wegweiser.translations.xliff import xliff_build, xliff_parse


def _translated(content: bytes, prefix: str, **override: str) -> bytes:
    """What a translator sends back: every unit with a target."""
    store = xlifffile.parsestring(content)
    for unit in store.units:
        key = unit.getid().rsplit("\x04", 1)[-1]
        unit.target = override.get(key.split(":")[1], f"{prefix} {unit.source}")
    return bytes(store)


@pytest.mark.django_db
def test_round_trip_of_a_batch_writes_reviewed_translations(make_offer: Any, offer: Any, editor: Any) -> None:
    second = make_offer("Bewerbungswerkstatt", description="Lebenslauf üben.")
    content = xliff_build(offers=Offer.objects.filter(pk__in=[offer.pk, second.pk]), language="uk")
    parsed = xliff_parse(content)
    assert parsed.target_language == "uk" and {u.offer_id for u in parsed.units} == {
        str(offer.pk),
        str(second.pk),
    }
    counts = offer_translations_import(actor=editor, content=_translated(content, "UK"))
    assert counts == {"offers": 2, "texts": len(parsed.units)}
    row = OfferTranslation.objects.get(master=offer, language_id="uk")
    assert row.name == "UK Sprachcafé" and row.description == "UK Bei Kaffee und Tee.\n\n- Ohne Anmeldung."
    assert not row.needs_review_label and row.reviewed_by == editor
    # exported again, the file carries the translations as targets
    again = xliff_parse(xliff_build(offers=[offer], language="uk"))
    assert {u.field: u.target for u in again.units}["name"] == "UK Sprachcafé"


@pytest.mark.django_db
def test_import_is_all_or_nothing_with_a_german_report(offer: Any, editor: Any) -> None:
    content = xliff_build(offers=[offer], language="en")
    Offer.objects.filter(pk=offer.pk).update(name="Sprachcafé neu")  # changed after the export
    with pytest.raises(ValidationError) as error:
        offer_translations_import(
            actor=editor, content=_translated(content, "EN", short_description="x" * 301)
        )
    messages = error.value.messages
    assert any("seit dem Export geändert" in m for m in messages)
    assert any("höchstens 300" in m for m in messages)
    assert not OfferTranslation.objects.filter(master=offer).exists()


@pytest.mark.django_db
def test_import_refuses_other_districts_offers_and_broken_files(offer: Any, other_reviewer: Any) -> None:
    content = _translated(xliff_build(offers=[offer], language="en"), "EN")
    with pytest.raises(ValidationError, match="in Ihren Landkreisen nicht"):
        offer_translations_import(actor=other_reviewer, content=content)
    with pytest.raises(ValidationError, match="keine lesbare XLIFF"):
        offer_translations_import(actor=other_reviewer, content=b"kein xml")
    assert not OfferTranslation.objects.exists()
