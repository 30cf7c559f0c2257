"""The confirmation cycle in the back office: "Telefonisch bestätigen" on an offer, the list of
confirmation requests and the e-mail log (district-scoped, read-only, bounded queries)."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from wegweiser.catalog.models import Offer
from wegweiser.freshness.models import ConfirmationMail, ConfirmationRequest, OfferConfirmation

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_request(make_offer: Callable) -> ConfirmationRequest:
    offer = make_offer("Sprachcafé")
    return ConfirmationRequest.objects.create(
        district=offer.district, organisation=offer.organisation, offer=offer, due_date=dt.date(2027, 1, 1)
    )


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_editor_records_a_phone_confirmation_with_a_note(
    open_request: ConfirmationRequest, editor: Any
) -> None:
    client = _client(editor)
    offer = open_request.offer
    page = client.get(reverse("admin:catalog_offer_change", args=[offer.pk]))
    url = reverse("admin:catalog_offer_confirm_phone", args=[offer.pk])
    assert url in page.content.decode()  # "Telefonisch bestätigen" next to the history button
    form = client.get(url)
    assert form.status_code == 200 and "Telefonisch bestätigen" in form.content.decode()
    response = client.post(url, {"on": "2026-11-30", "note": "Frau Demo, Zeiten geprüft"})
    assert response.status_code == 302
    offer = Offer.objects.get(pk=offer.pk)
    assert offer.assured_date == dt.date(2026, 11, 30) and offer.assurer == editor
    confirmation = OfferConfirmation.objects.exclude(method="publication").get(offer=offer)
    assert (confirmation.method, confirmation.note) == ("phone", "Frau Demo, Zeiten geprüft")
    open_request.refresh_from_db()
    assert open_request.answer == ConfirmationRequest.Answer.PHONE


def test_a_phone_confirmation_needs_a_note_and_a_day_not_in_the_future(
    open_request: ConfirmationRequest, editor: Any
) -> None:
    url = reverse("admin:catalog_offer_confirm_phone", args=[open_request.offer.pk])
    response = _client(editor).post(url, {"on": "2999-01-01", "note": ""})
    assert response.status_code == 200
    text = response.content.decode()
    assert "nicht in der Zukunft" in text and "Dieses Feld ist zwingend erforderlich." in text
    assert not OfferConfirmation.objects.exclude(method="publication").exists()


def test_a_planner_cannot_confirm_by_phone(open_request: ConfirmationRequest, planner: Any) -> None:
    url = reverse("admin:catalog_offer_confirm_phone", args=[open_request.offer.pk])
    assert _client(planner).post(url, {"on": "2026-11-30", "note": "x"}).status_code == 403
    assert not OfferConfirmation.objects.exclude(method="publication").exists()


def test_staff_of_another_district_get_404(open_request: ConfirmationRequest, other_editor: Any) -> None:
    client = _client(other_editor)
    url = reverse("admin:catalog_offer_confirm_phone", args=[open_request.offer.pk])
    assert client.post(url, {"on": "2026-11-30", "note": "x"}).status_code == 404
    assert (
        client.get(reverse("admin:freshness_confirmationrequest_changelist"))
        .content.decode()
        .count("Sprachcafé")
        == 0
    )


def test_request_and_mail_lists_filter_and_take_bounded_queries(
    make_offer: Callable, district: Any, reviewer: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(15):
        offer = make_offer(f"Angebot {i}")
        request = ConfirmationRequest.objects.create(
            district=district, organisation=offer.organisation, offer=offer, due_date=dt.date(2027, 1, 1)
        )
        mail = ConfirmationMail.objects.create(
            district=district, organisation=offer.organisation, kind="request", recipient=f"t{i}@example.org"
        )
        mail.requests.add(request)
    client = _client(reviewer)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("admin:freshness_confirmationrequest_changelist") + "?open=open")
    assert page.status_code == 200 and page.content.decode().count("Angebot ") >= 15
    with django_assert_max_num_queries(15):
        page = client.get(reverse("admin:freshness_confirmationmail_changelist") + "?status=pending")
    assert page.status_code == 200 and "t14@example.org" in page.content.decode()
    detail = client.get(reverse("admin:freshness_confirmationmail_change", args=[mail.pk]))
    assert "Angebot 14" in detail.content.decode()
