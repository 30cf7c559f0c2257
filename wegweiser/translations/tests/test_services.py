from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wegweiser.catalog.models import OfferTranslation
from wegweiser.core.models import AuditEntry
from wegweiser.translations.engines import FakeTranslator
from wegweiser.translations.models import TranslationBudget, TranslationUsage
from wegweiser.translations.services import (
    characters_used,
    offer_machine_translate,
    offer_translation_confirm,
    translation_budget_set,
)


@pytest.mark.django_db
def test_editor_machine_translates_an_offer_into_chosen_languages(offer: Any, editor: Any) -> None:
    fake = FakeTranslator()
    result = offer_machine_translate(actor=editor, offer=offer, languages=["en", "ar"], translator=fake)
    assert result.translated == ["en", "ar"]
    row = OfferTranslation.objects.get(master=offer, language_id="ar")
    assert row.name == "[ar] Sprachcafé" and row.description.startswith("[ar] Bei Kaffee")
    assert row.machine_translated and row.machine_engine == "fake" and row.needs_review_label
    assert [call[1] for call in fake.calls] == ["en", "ar"]
    usage = TranslationUsage.objects.filter(offer=offer)
    assert {u.language_id for u in usage} == {"en", "ar"} and all(u.actor == editor for u in usage)
    assert characters_used(district=offer.district) == result.characters > 0
    assert AuditEntry.objects.filter(object_id=str(offer.pk), summary__contains="fake").count() == 2


@pytest.mark.django_db
def test_budget_exceeded_refuses_with_a_german_message_and_writes_nothing(
    offer: Any, editor: Any, reviewer: Any
) -> None:
    translation_budget_set(actor=reviewer, district=offer.district, characters_per_month=10)
    fake = FakeTranslator()
    with pytest.raises(ValidationError) as error:
        offer_machine_translate(actor=editor, offer=offer, languages=["en"], translator=fake)
    assert "Budget" in error.value.messages[0] and "10" in error.value.messages[0]
    assert fake.calls == [] and not OfferTranslation.objects.filter(master=offer).exists()
    assert not TranslationUsage.objects.exists()


@pytest.mark.django_db
def test_budget_counts_the_months_usage(offer: Any, reviewer: Any) -> None:
    offer_machine_translate(actor=reviewer, offer=offer, languages=["en"], translator=FakeTranslator())
    used = characters_used(district=offer.district)
    translation_budget_set(actor=reviewer, district=offer.district, characters_per_month=used + 5)
    with pytest.raises(ValidationError):
        offer_machine_translate(actor=reviewer, offer=offer, languages=["uk"], translator=FakeTranslator())


@pytest.mark.django_db
def test_only_reviewers_change_the_budget(
    offer: Any, editor: Any, other_reviewer: Any, reviewer: Any
) -> None:
    for actor in (editor, other_reviewer):
        with pytest.raises(PermissionDenied):
            translation_budget_set(actor=actor, district=offer.district, characters_per_month=5)
    translation_budget_set(actor=reviewer, district=offer.district, characters_per_month=5)
    translation_budget_set(actor=reviewer, district=offer.district, characters_per_month=7)
    assert TranslationBudget.objects.get(district=offer.district).characters_per_month == 7


@pytest.mark.django_db
def test_planner_and_other_district_may_not_translate(offer: Any, planner: Any, other_reviewer: Any) -> None:
    for actor in (planner, other_reviewer):
        with pytest.raises(PermissionDenied):
            offer_machine_translate(actor=actor, offer=offer, languages=["en"], translator=FakeTranslator())


@pytest.mark.django_db
def test_languages_the_district_does_not_offer_and_leichte_sprache_are_refused(
    offer: Any, editor: Any
) -> None:
    for codes in (["fa"], ["de-ls"], ["de"], []):
        with pytest.raises(ValidationError):
            offer_machine_translate(actor=editor, offer=offer, languages=codes, translator=FakeTranslator())


@pytest.mark.django_db
def test_confirming_a_machine_translation_marks_it_reviewed(offer: Any, editor: Any) -> None:
    offer_machine_translate(actor=editor, offer=offer, languages=["en"], translator=FakeTranslator())
    row = offer_translation_confirm(
        actor=editor,
        offer=offer,
        language="en",
        data={"name": "Language café", "short_description": "Practise."},
    )
    row.refresh_from_db()
    assert row.name == "Language café" and row.reviewed_by == editor and not row.needs_review_label
    assert row.machine_translated  # the history stays: it was a machine translation, now reviewed


@pytest.mark.django_db
def test_machine_translation_keeps_reviewed_texts_and_fills_only_empty_fields(
    offer: Any, editor: Any
) -> None:
    offer_translation_confirm(actor=editor, offer=offer, language="en", data={"name": "Language café"})
    result = offer_machine_translate(actor=editor, offer=offer, languages=["en"], translator=FakeTranslator())
    row = OfferTranslation.objects.get(master=offer, language_id="en")
    assert row.name == "Language café" and row.short_description == "[en] Deutsch sprechen üben."
    assert result.translated == ["en"] and row.needs_review_label
    offer_translation_confirm(actor=editor, offer=offer, language="en", data={})
    again = offer_machine_translate(actor=editor, offer=offer, languages=["en"], translator=FakeTranslator())
    assert again.unchanged == ["en"] and again.characters == 0


@pytest.mark.django_db
def test_leichte_sprache_is_written_by_a_person(offer: Any, editor: Any, other_reviewer: Any) -> None:
    row = offer_translation_confirm(
        actor=editor,
        offer=offer,
        language="de-ls",
        data={"name": "Deutsch sprechen", "description": "Sie üben Deutsch."},
    )
    assert row.language_id == "de-ls" and not row.needs_review_label
    with pytest.raises(PermissionDenied):
        offer_translation_confirm(actor=other_reviewer, offer=offer, language="de-ls", data={"name": "x"})
