"""The back-office pages of translations (POSTs per role; the GETs are in the back office's
permission matrix) and the public side: the label of machine translations, Leichte Sprache."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wegweiser.catalog.models import OfferTranslation
from wegweiser.core.models import Language
from wegweiser.translations.engines import FakeTranslator
from wegweiser.translations.models import TranslationBudget
from wegweiser.translations.services import offer_machine_translate, offer_translation_confirm
from wegweiser.translations.xliff import xliff_build


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status", "translated"),
    [("editor", 302, True), ("reviewer", 302, True), ("planner", 403, False), ("other_reviewer", 404, False)],
)
def test_machine_translate_button_per_role(
    role: str, status: int, translated: bool, offer: Any, settings: Any, request: pytest.FixtureRequest
) -> None:
    settings.WEGWEISER_MT_ENGINE = "fake"
    url = reverse("admin:catalog_offer_translations", args=[offer.pk])
    response = _client(request.getfixturevalue(role)).post(url, {"languages": ["en", "ar"]})
    assert response.status_code == status
    assert OfferTranslation.objects.filter(master=offer, machine_translated=True).exists() is translated


@pytest.mark.django_db
def test_exceeded_budget_is_shown_on_the_page_in_german(offer: Any, editor: Any, settings: Any) -> None:
    settings.WEGWEISER_MT_ENGINE = "fake"
    TranslationBudget.objects.create(district=offer.district, characters_per_month=5)
    url = reverse("admin:catalog_offer_translations", args=[offer.pk])
    page = _client(editor).post(url, {"languages": ["en"]}).content.decode()
    assert "Das Budget für maschinelle Übersetzung" in page and "übrig sind 5 von 5" in page


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "status"), [("reviewer", 302), ("editor", 403), ("planner", 403)])
def test_budget_is_changed_by_reviewers_only(role: str, status: int, offer: Any, request: Any) -> None:
    url = reverse("admin:catalog_translation_status")
    response = _client(request.getfixturevalue(role)).post(url, {"characters_per_month": 1234})
    assert response.status_code == status
    assert TranslationBudget.objects.filter(characters_per_month=1234).exists() is (status == 302)


@pytest.mark.django_db
def test_status_overview_counts_machine_reviewed_and_missing(
    offer: Any, make_offer: Any, editor: Any, django_assert_max_num_queries: Any
) -> None:
    make_offer("Zweites Angebot")
    offer_machine_translate(actor=editor, offer=offer, languages=["en", "ar"], translator=FakeTranslator())
    offer_translation_confirm(actor=editor, offer=offer, language="ar", data={})
    client = _client(editor)
    page = client.get(reverse("admin:catalog_translation_status")).content.decode()
    row = page.split('id="status-en"')[1].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in row.split("<td>")[1:]] == ["2", "1 (50 %)", "1", "1", "0", "1"]
    row = page.split('id="status-ar"')[1].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in row.split("<td>")[1:]][3:] == ["0", "1", "1"]


@pytest.mark.django_db
def test_reviewing_removes_the_public_label(offer: Any, editor: Any, settings: Any) -> None:
    offer_machine_translate(actor=editor, offer=offer, languages=["en"], translator=FakeTranslator())
    public = reverse("directory:offer_detail", args=[offer.slug]) + "?lang=en"
    assert "maschinell übersetzt" in Client().get(public).content.decode()
    edit = reverse("admin:catalog_offer_translation_edit", args=[offer.pk, "en"])
    client = _client(editor)
    assert "[en] Sprachcafé" in client.get(edit).content.decode()
    assert (
        client.post(edit, {"name": "Language café", "short_description": "Practise German."}).status_code
        == 302
    )
    page = Client().get(public).content.decode()
    assert "Language café" in page and "maschinell übersetzt" not in page


@pytest.mark.django_db
def test_leichte_sprache_page_shows_readability_hints_and_the_public_page_its_text(
    offer: Any, editor: Any
) -> None:
    edit = reverse("admin:catalog_offer_translation_edit", args=[offer.pk, "de-ls"])
    client = _client(editor)
    page = client.post(
        edit,
        {
            "name": "Sprach-Café",
            "description": "Die Migrationsberatungsstelle wird nicht geöffnet.",
            "_check": "1",
        },
    ).content.decode()
    assert "Langes Wort" in page and "Passiv" in page and "Verneinung" in page
    assert not OfferTranslation.objects.filter(language_id="de-ls").exists()  # checking saves nothing
    client.post(edit, {"name": "Sprach-Café", "description": "Sie sprechen Deutsch."})
    offer.district.languages.add(Language.objects.get(code="de-ls"))
    public = reverse("directory:offer_detail", args=[offer.slug])
    assert "Sie sprechen Deutsch." in Client().get(public + "?lang=de-ls").content.decode()
    assert "Bei Kaffee und Tee." in Client().get(public).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "status"), [("editor", 302), ("planner", 403), ("other_reviewer", 200)])
def test_xliff_import_per_role(role: str, status: int, offer: Any, request: Any) -> None:
    content = xliff_build(offers=[offer], language="en").replace(
        b"<source>Sprachcaf\xc3\xa9</source>",
        b"<source>Sprachcaf\xc3\xa9</source><target>Language caf\xc3\xa9</target>",
    )
    upload = SimpleUploadedFile("en.xlf", content, content_type="application/xml")
    response = _client(request.getfixturevalue(role)).post(
        reverse("admin:catalog_translation_import"), {"file": upload}
    )
    assert response.status_code == status
    imported = OfferTranslation.objects.filter(master=offer, language_id="en", name="Language café").exists()
    assert imported is (role == "editor")
    if role == "other_reviewer":  # another district's offer: reported, nothing written
        assert "in Ihren Landkreisen nicht" in response.content.decode()


@pytest.mark.django_db
def test_batch_xliff_export_action_asks_for_the_language_then_sends_the_file(
    offer: Any, make_offer: Any, editor: Any
) -> None:
    second = make_offer("Bewerbungswerkstatt")
    client = _client(editor)
    url = reverse("admin:catalog_offer_changelist")
    data = {"action": "export_xliff", "_selected_action": [str(offer.pk), str(second.pk)]}
    assert "Zielsprache" in client.post(url, data).content.decode()
    response = client.post(url, data | {"language": "uk"})
    assert response["Content-Disposition"] == 'attachment; filename="angebote-uk.xlf"'
    body = response.content.decode()
    assert (
        'target-language="uk"' in body and f"{second.pk}:name" in body and f"{offer.pk}:description" in body
    )
