"""'Angabe falsch oder veraltet?': a visitor's report on an offer reaches the staff inbox and,
through a real local SMTP server, the organisation; spam is refused by honeypot, timing and rate
limit; closing the case deletes the visitor's address, and the audit trail never shows it."""

import time
from collections.abc import Callable
from email.header import decode_header, make_header
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, override_settings
from django.urls import reverse

from wegweiser.catalog.models import Offer
from wegweiser.catalog.tests.factories import OrganisationFactory
from wegweiser.core.models import AuditEntry
from wegweiser.directory.forms import report_token
from wegweiser.districts.models import District
from wegweiser.feedback.models import OfferReport
from wegweiser.feedback.services import offer_report_submit, offer_report_update
from wegweiser.publishing.tests.test_distribution import Mailbox, _free_port


@pytest.fixture
def offer(make_offer: Callable, district: District) -> Offer:
    district.languages.add("ar")
    organisation = OrganisationFactory(
        district=district, name="Caritas Nordhausen", email="info@traeger.example"
    )
    return make_offer("Sprachcafé am Mittwoch", organisation=organisation)


def _url(offer: Offer, ui: str = "de", query: str = "") -> str:
    with override_settings(LANGUAGE_CODE=ui):
        from django.utils import translation

        with translation.override(ui):
            return reverse("directory:offer_report", args=[offer.slug]) + query


def _post(client: Client, offer: Offer, *, ui: str = "de", age: float = 10, **fields: str) -> Any:
    data = {
        "message": "Das Angebot findet jetzt donnerstags statt.",
        "email": "",
        "website": "",
        "started": report_token(offer_id=offer.pk, now=time.time() - age),
    } | fields
    return client.post(_url(offer, ui), data)


def test_the_offer_page_links_to_the_report_form(client: Client, offer: Offer) -> None:
    page = client.get(f"/de/angebote/{offer.slug}/").content.decode()
    assert "Angabe falsch oder veraltet?" in page
    assert f'href="/de/angebote/{offer.slug}/hinweis/"' in page
    english = client.get(f"/en/angebote/{offer.slug}/?lang=ar").content.decode()
    assert "Information wrong or out of date?" in english
    assert f'href="/en/angebote/{offer.slug}/hinweis/?lang=ar"' in english


def test_the_form_speaks_the_visitors_language_and_works_without_javascript(
    client: Client, offer: Offer
) -> None:
    german = client.get(_url(offer)).content.decode()
    assert "Was ist falsch oder veraltet?" in german and "Ihre E-Mail-Adresse (freiwillig)" in german
    assert "löschen sie, sobald Ihr Hinweis bearbeitet ist" in german  # the privacy notice
    assert '<form method="post"' in german and "<script" not in german
    english = client.get("/en/angebote/" + offer.slug + "/hinweis/").content.decode()
    assert "What is wrong or out of date?" in english and "Your e-mail address (optional)" in english


def test_a_report_reaches_the_inbox_and_the_organisation(
    client: Client, offer: Offer, mailbox: Mailbox
) -> None:
    response = _post(client, offer, email="besucherin@example.org")
    assert response.status_code == 302
    assert response["Location"] == f"/de/angebote/{offer.slug}/hinweis/danke/"
    assert "Vielen Dank" in client.get(response["Location"]).content.decode()
    report = OfferReport.objects.get()
    assert report.status == OfferReport.Status.NEW and report.district_id == offer.district_id
    assert report.message == "Das Angebot findet jetzt donnerstags statt."
    assert report.email == "besucherin@example.org"
    assert (report.ui_language, report.content_language) == ("de", "de")
    assert report.organisation_notified_at is not None and report.organisation_mail_problem == ""
    [(recipients, message)] = mailbox.messages
    assert recipients == ["info@traeger.example"]
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == "Hinweis zu Ihrem Angebot „Sprachcafé am Mittwoch“ im Wegweiser"
    body = message.get_payload(decode=True).decode()
    assert "donnerstags" in body and f"/angebote/{offer.slug}/" in body
    assert "besucherin@example.org" not in body  # the visitor's address stays with the office


def test_the_visitors_languages_are_kept(client: Client, offer: Offer, mailbox: Mailbox) -> None:
    response = client.post(
        f"/en/angebote/{offer.slug}/hinweis/?lang=ar",
        {"message": "خطأ", "started": report_token(offer_id=offer.pk, now=time.time() - 10)},
    )
    assert response["Location"] == f"/en/angebote/{offer.slug}/hinweis/danke/?lang=ar"
    report = OfferReport.objects.get()
    assert (report.ui_language, report.content_language) == ("en", "ar")


def test_a_filled_honeypot_looks_like_success_but_keeps_nothing(
    client: Client, offer: Offer, mailbox: Mailbox
) -> None:
    response = _post(client, offer, website="http://spam.example")
    assert response.status_code == 302
    assert not OfferReport.objects.exists() and mailbox.messages == []


@pytest.mark.parametrize("age", [0, 1])
def test_a_form_sent_within_seconds_is_refused(
    client: Client, offer: Offer, mailbox: Mailbox, age: float
) -> None:
    response = _post(client, offer, age=age)
    page = response.content.decode()
    assert response.status_code == 200 and "Das ging sehr schnell" in page
    assert "donnerstags" in page  # what was typed stays
    assert not OfferReport.objects.exists() and mailbox.messages == []


def test_a_tampered_or_foreign_time_stamp_is_refused(
    client: Client, offer: Offer, make_offer: Callable, mailbox: Mailbox
) -> None:
    token = report_token(offer_id=offer.pk, now=time.time() - 10)
    shown = int(time.time()) - 3600
    tampered = token.replace(token.split(":")[1], str(shown))
    other = make_offer("Beratung")
    for started in (tampered, "garbage", report_token(offer_id=other.pk, now=time.time() - 10)):
        response = _post(client, offer, started=started)
        assert response.status_code == 200 and "Das ging sehr schnell" in response.content.decode()
    assert not OfferReport.objects.exists()


def test_a_form_left_open_for_days_is_refused(client: Client, offer: Offer) -> None:
    response = _post(client, offer, age=3 * 24 * 3600)
    assert response.status_code == 200 and "lange geöffnet" in response.content.decode()
    assert not OfferReport.objects.exists()


@override_settings(WEGWEISER_FEEDBACK_RATE="2/h")
def test_too_many_reports_from_one_address_are_refused(
    client: Client, offer: Offer, mailbox: Mailbox
) -> None:
    assert _post(client, offer).status_code == 302
    assert _post(client, offer).status_code == 302
    response = _post(client, offer)
    assert response.status_code == 429 and "später noch einmal" in response.content.decode()
    assert OfferReport.objects.count() == 2
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert _post(other, offer).status_code == 302


def test_bad_input_gets_a_german_message_and_keeps_nothing(client: Client, offer: Offer) -> None:
    response = _post(client, offer, message="   ", email="keine-adresse")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in page
    assert "Bitte geben Sie eine gültige E-Mail-Adresse ein." in page or "gültige E-Mail-Adresse" in page
    assert 'aria-invalid="true"' in page
    too_long = _post(client, offer, message="x" * 2001).content.decode()
    assert "höchstens 2000 Zeichen" in too_long
    assert not OfferReport.objects.exists()


def test_an_unpublished_offer_has_no_report_form(client: Client, make_offer: Callable) -> None:
    draft = make_offer("Entwurf", publish=False)
    assert client.get(f"/de/angebote/{draft.slug}/hinweis/").status_code == 404
    assert _post(client, draft).status_code == 404
    with pytest.raises(ValidationError):
        offer_report_submit(offer=draft, message="x", ui_language="de", content_language="de")


def test_the_report_is_kept_when_the_mail_server_is_down(client: Client, offer: Offer) -> None:
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=_free_port(),
        EMAIL_TIMEOUT=2,
    ):
        assert _post(client, offer).status_code == 302
    report = OfferReport.objects.get()
    assert report.organisation_notified_at is None
    assert "Verbindung" in report.organisation_mail_problem


def test_an_organisation_without_address_is_noted(make_offer: Callable, district: District) -> None:
    offer = make_offer("Ohne Adresse", organisation=OrganisationFactory(district=district, email=""))
    report = offer_report_submit(offer=offer, message="Falsch", ui_language="de", content_language="de")
    assert report.organisation_mail_problem == "Der Träger hat keine E-Mail-Adresse."


def test_closing_a_case_deletes_the_visitors_address_and_the_trail_never_shows_it(
    offer: Offer, editor: Any, mailbox: Mailbox
) -> None:
    report = offer_report_submit(
        offer=offer,
        message="Telefon falsch",
        email="besucherin@example.org",
        ui_language="de",
        content_language="de",
    )
    offer_report_update(
        actor=editor, report=report, data={"status": "in_progress", "note": "Träger angerufen"}
    )
    report.refresh_from_db()
    assert report.status == "in_progress" and report.email == "besucherin@example.org"
    offer_report_update(
        actor=editor, report=report, data={"status": "done"}, expected_version=report.lock_version
    )
    report.refresh_from_db()
    assert report.status == "done" and report.email == "" and report.closed_by == editor
    assert report.closed_at is not None
    entries = list(AuditEntry.objects.filter(object_type="feedback.offerreport", object_id=str(report.pk)))
    assert len(entries) == 3 and entries[0].actor == editor
    assert entries[0].changes["Bearbeitungsstand"] == ["in Bearbeitung", "erledigt"]
    assert "gelöscht" in str(entries[0].changes)
    assert all("besucherin" not in str(e.changes) + e.summary for e in entries)
    assert all("Telefon falsch" not in str(e.changes) for e in entries)


def test_reopening_a_case_keeps_the_address_deleted(offer: Offer, reviewer: Any) -> None:
    report = offer_report_submit(
        offer=offer, message="x", email="a@example.org", ui_language="de", content_language="de"
    )
    offer_report_update(actor=reviewer, report=report, data={"status": "done"})
    offer_report_update(actor=reviewer, report=report, data={"status": "new"})
    report.refresh_from_db()
    assert report.status == "new" and report.email == "" and report.closed_at is None


def test_only_staff_of_the_district_who_may_change_reports_change_them(
    offer: Offer, planner: Any, other_reviewer: Any
) -> None:
    report = offer_report_submit(offer=offer, message="x", ui_language="de", content_language="de")
    for actor in (planner, other_reviewer):
        with pytest.raises(PermissionDenied):
            offer_report_update(actor=actor, report=report, data={"status": "done"})
    with pytest.raises(ValueError):
        offer_report_update(actor=None, report=report, data={"email": ""})
    with pytest.raises(ValidationError):
        offer_report_update(actor=None, report=report, data={"status": "weg"})
    report.refresh_from_db()
    assert report.status == "new"
