"""The portal's pages as a partner uses them: forms posted as rendered, the proposal stored as a
revision (field by field, places, times, contacts, translations), the reviewer's decision and
comment shown, the start page's freshness and its query count."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wegweiser.catalog.models import Offer, Schedule
from wegweiser.catalog.services.components import component_save
from wegweiser.partners.models import Invitation, PartnerAccess
from wegweiser.partners.services import invitation_token
from wegweiser.portal.tests.formdata import form_data
from wegweiser.revisions.models import Revision
from wegweiser.revisions.services import revision_propose, revision_reject

pytestmark = pytest.mark.django_db


def url(name: str, lang: str = "de", **kwargs: Any) -> str:
    return reverse(f"portal:{name}", kwargs={"lang": lang} | kwargs)


@pytest.fixture
def client_of(colleague: Any) -> Client:
    client = Client()
    client.force_login(colleague)
    return client


def test_the_edit_form_posted_unchanged_proposes_nothing(client_of: Client, caritas_offer: Offer) -> None:
    page = client_of.get(url("offer_edit", pk=caritas_offer.pk))
    response = client_of.post(
        url("offer_edit", pk=caritas_offer.pk), form_data(page.content.decode(), "offer-form")
    )
    assert response.status_code == 200
    assert "nichts geändert" in response.content.decode()
    assert not Revision.objects.exists()


def test_a_partner_proposes_fields_times_contacts_and_a_translation(
    client_of: Client, caritas_offer: Offer, colleague: Any, district: Any
) -> None:
    from wegweiser.core.models import Language

    district.languages.add(Language.objects.get(code="uk"))
    component_save(
        actor=None,
        parent=caritas_offer,
        component=Schedule(offer=caritas_offer, byday="MO", opens_at=dt.time(9)),
    )
    page = client_of.get(url("offer_edit", pk=caritas_offer.pk)).content.decode()
    data = form_data(page, "offer-form")
    data |= {
        "name": ["Sprachcafé am Markt"],
        "schedule-0-byday": ["MO", "WE"],
        "schedule-1-byday": ["FR"],
        "schedule-1-opens_at": ["14:00"],
        "schedule-1-closes_at": ["16:00"],
        "contact-0-name": ["Frau Demo"],
        "contact-0-email": ["demo@example.org"],
        "tr-uk-name": ["Мовне кафе"],
        "note": ["Neue Zeiten ab März"],
    }
    response = client_of.post(url("offer_edit", pk=caritas_offer.pk), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    revision = Revision.objects.get()
    assert revision.proposer == colleague and revision.note == "Neue Zeiten ab März"
    proposed = revision.proposed
    assert proposed["fields"]["name"] == "Sprachcafé am Markt"
    assert sorted(r["byday"] for r in proposed["parts"]["schedules"].values()) == ["FR", "MO,WE"]
    assert [c["name"] for c in proposed["parts"]["contacts"].values()] == ["Frau Demo"]
    assert proposed["parts"]["translations"]["uk"]["name"] == "Мовне кафе"
    caritas_offer.refresh_from_db()
    assert caritas_offer.name == "Sprachcafé"  # not public before a reviewer accepts
    page = client_of.get(url("offer_edit", pk=caritas_offer.pk)).content.decode()
    assert "Wartet auf Prüfung" in page and "Sprachcafé am Markt" in page


def test_bad_input_is_shown_and_nothing_is_proposed(client_of: Client, caritas_offer: Offer) -> None:
    data = form_data(client_of.get(url("offer_edit", pk=caritas_offer.pk)).content.decode(), "offer-form")
    data |= {
        "minimum_age": ["30"],
        "maximum_age": ["10"],
        "schedule-0-byday": ["MO"],
        "schedule-0-opens_at": ["18:00"],
        "schedule-0-closes_at": ["10:00"],
    }
    response = client_of.post(url("offer_edit", pk=caritas_offer.pk), data)
    assert response.status_code == 200
    page = response.content.decode()
    import re as _re

    print("ERRS", _re.findall(r"errorlist[^>]*>(.*?)</ul>", page, _re.S))
    assert "Das Mindestalter darf nicht über dem Höchstalter liegen." in page
    assert "Die Endzeit muss nach der Anfangszeit liegen." in page
    assert not Revision.objects.exists()


def test_the_reviewers_decision_and_comment_reach_the_partner(
    client_of: Client, caritas_offer: Offer, colleague: Any, reviewer: Any
) -> None:
    revision = revision_propose(actor=colleague, target=caritas_offer, data={"name": "Falsch"})
    revision_reject(actor=reviewer, revision=revision, reason="Der Name ist im Flyer anders.")
    for page in (client_of.get(url("home")), client_of.get(url("offer_edit", pk=caritas_offer.pk))):
        assert "Der Name ist im Flyer anders." in page.content.decode()


def test_start_page_shows_freshness_and_needs_a_fixed_number_of_queries(
    client_of: Client, caritas_offer: Offer, make_offer: Any, caritas: Any, django_assert_max_num_queries: Any
) -> None:
    Offer.objects.filter(pk=caritas_offer.pk).update(
        assured_date=timezone.localdate() - dt.timedelta(days=400)
    )
    for n in range(10):
        make_offer(f"Angebot {n}", organisation=caritas)
    with django_assert_max_num_queries(12):
        page = client_of.get(url("home")).content.decode()
    assert "überfällig seit" in page and "Angebot 9" in page


def test_confirming_in_the_portal_records_the_date(
    client_of: Client, caritas_offer: Offer, colleague: Any
) -> None:
    response = client_of.post(url("offer_confirm", pk=caritas_offer.pk))
    assert response.status_code == 302
    caritas_offer.refresh_from_db()
    assert caritas_offer.assured_date == timezone.localdate() and caritas_offer.assurer == colleague


def test_reporting_an_offer_as_ended_is_a_revision(client_of: Client, caritas_offer: Offer) -> None:
    response = client_of.post(
        url("offer_end", pk=caritas_offer.pk), {"ended_on": "2026-11-30", "note": "Förderung endet"}
    )
    assert response.status_code == 302
    revision = Revision.objects.get()
    assert revision.proposed["fields"]["status"] == "defunct" and revision.note == "Förderung endet"


def test_a_partner_proposes_a_new_offer(client_of: Client, caritas: Any, term: Any) -> None:
    page = client_of.get(url("offer_new", pk=caritas.pk)).content.decode()
    data = form_data(page, "offer-form") | {
        "name": ["Nähcafé"],
        "short_description": ["Gemeinsam nähen und Deutsch sprechen"],
        "fields_of_action": [str(term("field_of_action", "wohnen").pk)],
        "target_groups": [str(term("target_group", "erwachsene").pk)],
        "serves_whole_district": ["on"],
    }
    response = client_of.post(url("offer_new", pk=caritas.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    offer = Offer.objects.get(name="Nähcafé")
    assert offer.state == Offer.State.IN_REVIEW and offer.organisation == caritas
    assert {t.slug for t in offer.terms.all()} == {"wohnen", "erwachsene"}


def test_accepting_an_invitation_in_the_browser_form_logs_in(caritas: Any, editor: Any) -> None:
    invitation = Invitation.objects.create(
        email="neu@example.org",
        organisation=caritas,
        invited_by=editor,
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    client = Client()
    link = url("invitation_accept", token=invitation_token(invitation))
    assert "Einladung für Caritas (Demo)" in client.get(link).content.decode()
    response = client.post(link, {"password1": "kurz", "password2": "kurz"})
    assert response.status_code == 200 and not PartnerAccess.objects.exists()
    good = {"first_name": "Nora", "password1": "Nähcafé-im-Winter-26", "password2": "Nähcafé-im-Winter-26"}
    assert client.post(link, good).status_code == 302
    assert client.get(url("home")).status_code == 200
    assert client.get(link).status_code == 400  # used once
    assert PartnerAccess.objects.get().user.first_name == "Nora"


def test_managers_invite_colleagues_in_the_portal(manager: Any, caritas: Any, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client = Client()
    client.force_login(manager)
    response = client.post(url("colleagues", pk=caritas.pk), {"email": "kollege@example.org"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.invited_by == manager and not invitation.is_manager
    assert "kollege@example.org" in client.get(url("colleagues", pk=caritas.pk)).content.decode()


def test_the_portal_speaks_english_under_en(client_of: Client, caritas_offer: Offer) -> None:
    page = client_of.get(url("home", lang="en")).content.decode()
    assert '<html lang="en" dir="ltr">' in page and "Your offers" in page
    page = client_of.get(url("home")).content.decode()
    assert '<html lang="de" dir="ltr">' in page and "Ihre Angebote" in page


def test_the_places_of_an_offer_are_called_orte_not_plaetze(client_of: Client, caritas_offer: Offer) -> None:
    # "Plätze" are seats (capacity); where an offer takes place are "Orte".
    page = client_of.get(url("offer_edit", pk=caritas_offer.pk)).content.decode()
    assert "<legend>Orte</legend>" in page
    assert "Plätze" not in page


def test_password_reset_mails_partners_only(
    colleague: Any, editor: Any, settings: Any, mailoutbox: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client = Client()
    for address in (colleague.email, editor.email, "niemand@example.org"):
        response = client.post(url("password_reset"), {"email": address})
        assert response.status_code == 302 and response.url == url("password_reset_done")  # type: ignore[attr-defined]
    assert [m.to for m in mailoutbox] == [[colleague.email]]
    assert "/de/partner/passwort/neu/" in mailoutbox[0].body
    assert mailoutbox[0].subject == "Neues Passwort für das Partnerportal"


def test_reviewers_see_a_partners_proposal_side_by_side_in_the_back_office(
    colleague: Any, reviewer: Any, caritas_offer: Offer
) -> None:
    revision = revision_propose(actor=colleague, target=caritas_offer, data={"name": "Sprachcafé am Markt"})
    client = Client()
    client.force_login(reviewer)
    page = client.get(reverse("admin:revisions_revision_change", args=[revision.pk])).content.decode()
    assert "Sprachcafé am Markt" in page and colleague.email in page
