"""Staff-facing texts are German, whatever the browser prefers, including the admin's JavaScript."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_back_office_and_its_javascript_widgets_speak_german_to_an_english_browser(
    client: Client, editor: Any
) -> None:
    client.force_login(editor)
    page = client.get("/admin/catalog/offer/add/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page["Content-Language"] == "de" and "Sichern" in page.content.decode()
    catalog = client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    # The two-box widget's texts that Django 5.2's German catalog lacks come from locale/de/djangojs.po.
    assert "Markierte %s ausw\\u00e4hlen" in catalog
    assert "Pfeil-Schaltfl\\u00e4che" in catalog
    assert "Ausw\\u00e4hlen" in catalog


@pytest.mark.django_db
def test_public_directory_still_follows_the_requested_language(client: Client, district: Any) -> None:
    assert client.get("/en/", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "en"


@pytest.mark.django_db
def test_offer_form_has_a_submit_for_review_button_for_drafts_only(
    client: Client, editor: Any, make_offer: Callable
) -> None:
    client.force_login(editor)
    draft = make_offer("Entwurf", publish=False)
    published = make_offer("Öffentlich")
    button = 'name="_submit_for_review" value="Zur Prüfung einreichen"'
    assert button in client.get(reverse("admin:catalog_offer_change", args=[draft.pk])).content.decode()
    assert button in client.get(reverse("admin:catalog_offer_add")).content.decode()
    assert (
        button not in client.get(reverse("admin:catalog_offer_change", args=[published.pk])).content.decode()
    )


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("Di, Do", "TU,TH", "Di, Do"),
        ("dienstag und donnerstag", "TU,TH", "Di, Do"),
        ("TU,TH", "TU,TH", "Di, Do"),
        ("1. Mo", "1MO", "1. Mo"),
        ("letzter Fr", "-1FR", "letzter Fr"),
    ],
)
def test_weekdays_are_typed_and_shown_in_german_and_stored_as_codes(
    typed: str, stored: str, shown: str
) -> None:
    from wegweiser.catalog.weekdays import byday_from_text, byday_to_text

    assert byday_from_text(typed) == stored
    assert byday_to_text(stored) == shown


@pytest.mark.django_db
def test_schedule_form_accepts_german_weekdays_and_shows_them_in_german() -> None:
    from wegweiser.backoffice.forms import ScheduleForm
    from wegweiser.catalog.models import Schedule

    form = ScheduleForm(data={"freq": "WEEKLY", "interval": 1, "byday": "Di, Do"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["byday"] == "TU,TH"
    assert 'value="Di, Do"' in str(ScheduleForm(instance=Schedule(byday="TU,TH"))["byday"])
    wrong = ScheduleForm(data={"freq": "WEEKLY", "interval": 1, "byday": "Di, Xy"})
    assert not wrong.is_valid()
    assert wrong.errors["byday"] == [
        "„Xy“ ist kein Wochentag. Bitte z. B. Mo, Di, Mi, Do, Fr, Sa, So schreiben, "
        "oder 1. Mo für den ersten Montag im Monat."
    ]


@pytest.mark.django_db
def test_change_history_shows_labels_not_internal_values(
    client: Client, editor: Any, make_offer: Callable
) -> None:
    import datetime as dt

    from wegweiser.catalog.models import Schedule
    from wegweiser.catalog.services.components import component_save

    offer = make_offer("Sprachcafé", publish=False)
    schedule = Schedule(offer=offer, freq="WEEKLY", byday="TU", opens_at=dt.time(10))
    component_save(actor=editor, parent=offer, component=schedule)
    schedule.freq = "MONTHLY"
    component_save(actor=editor, parent=offer, component=schedule)
    client.force_login(editor)
    page = client.get(reverse("admin:catalog_offer_change", args=[offer.pk])).content.decode()
    start = page.index('<table class="audit">')
    history = page[start : page.index("</table>", start)]
    assert "wöchentlich" in history and "monatlich" in history and "Entwurf" in history
    for internal in ("WEEKLY", "MONTHLY", "draft"):
        assert internal not in history


@pytest.mark.django_db
def test_build_steps_are_shown_as_progress_in_german_not_as_errors(
    client: Client, reviewer: Any, district: Any
) -> None:
    from wegweiser.publishing.models import Edition
    from wegweiser.publishing.services.editions import _progress, edition_create

    edition = edition_create(actor=None, district=district, data={"title": "K", "language_id": "de"}, m2m={})
    Edition.objects.filter(pk=edition.pk).update(build_state=Edition.BuildState.RUNNING)
    _progress(edition.pk, 30, "layout")  # what the renderer reports
    client.force_login(reviewer)
    page = client.get(reverse("admin:publishing_edition_change", args=[edition.pk])).content.decode()
    assert '<p class="help">Seiten werden gesetzt …</p>' in page
    assert "errornote" not in page


@pytest.mark.django_db
def test_text_fields_of_content_and_translations_follow_the_writing_direction(
    client: Client, editor: Any, make_offer: Callable
) -> None:
    import re

    offer = make_offer("Sprachcafé", publish=False)
    client.force_login(editor)
    page = client.get(reverse("admin:catalog_offer_change", args=[offer.pk])).content.decode()
    for name in (
        "name",
        "description",
        "translations-__prefix__-name",
        "translations-__prefix__-description",
    ):
        tag = re.search(rf'<(input|textarea)[^>]*name="{re.escape(name)}"[^>]*>', page)
        assert tag is not None and 'dir="auto"' in tag.group(0), name


@pytest.mark.django_db
def test_over_long_input_is_refused_with_a_german_message_not_cut_by_the_browser(
    client: Client, editor: Any, district: Any
) -> None:
    import re

    from wegweiser.backoffice.tests.test_admin_writes import offer_form
    from wegweiser.catalog.models import Offer
    from wegweiser.catalog.tests.factories import OrganisationFactory

    client.force_login(editor)
    page = client.get(reverse("admin:catalog_offer_add")).content.decode()
    name_input = re.search(r'<input[^>]*name="name"[^>]*>', page)
    assert name_input is not None and "maxlength" not in name_input.group(0)  # pasting is never cut
    organisation = OrganisationFactory(district=district)
    long_name = "Sprachcafé " + "x" * 250
    response = client.post(
        reverse("admin:catalog_offer_add"), offer_form(None, district, organisation, name=long_name)
    )
    assert response.status_code == 200
    assert "Ensure this value" not in response.content.decode()
    html = response.content.decode()
    assert "höchstens 250 Zeichen" in html, re.findall(r"errorlist.{0,300}", html)
    assert not Offer.objects.filter(name__startswith="Sprachcafé").exists()
