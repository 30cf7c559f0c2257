"""Reviewed changes in the back office: editors' saves of published offers become proposals,
reviewers compare them field by field and accept or reject them."""

from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from wegweiser.backoffice.tests.test_admin_writes import offer_form
from wegweiser.catalog.models import Offer
from wegweiser.districts.models import District
from wegweiser.revisions.models import Revision
from wegweiser.revisions.selectors import revision_diff
from wegweiser.revisions.services import revision_propose

pytestmark = pytest.mark.django_db


class FormNesting(HTMLParser):
    """Records the deepest nesting of <form> elements (browsers drop inner forms)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = self.deepest = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "form":
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.depth -= 1


def deepest_form_nesting(html: str) -> int:
    parser = FormNesting()
    parser.feed(html)
    return parser.deepest


def login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def test_an_editors_save_of_a_published_offer_becomes_a_proposal(
    client: Client, editor: Any, district: District, make_offer: Callable, term: Callable
) -> None:
    offer = make_offer("Sprachcafé")
    data = offer_form(offer, district, offer.organisation, name="Erzählcafé", alert="Sommerpause")
    data["terms"] = [*data["terms"], str(term("target_group", "frauen").pk)]
    data |= {
        "translations-TOTAL_FORMS": 1,
        "translations-0-language": "en",
        "translations-0-name": "Story café",
    }
    response = login(client, editor).post(f"/admin/catalog/offer/{offer.pk}/change/", data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "als Änderungsvorschlag zur Prüfung gespeichert" in page
    offer.refresh_from_db()
    assert offer.name == "Sprachcafé" and offer.alert == "" and not offer.translations.exists()
    public = client.get(f"/de/angebote/{offer.slug}/").content.decode()
    assert "Sprachcafé" in public and "Erzählcafé" not in public
    api = client.get(f"/api/hsds/v3/services/{offer.pk}").content.decode()
    assert "Erzählcafé" not in api and "Story café" not in api
    revision = Revision.objects.get()
    assert revision.proposer == editor and revision.state == Revision.State.PENDING
    diff = {row.label: (row.published, row.proposed) for row in revision_diff(revision=revision)}
    assert diff["Name"] == ("Sprachcafé", "Erzählcafé")
    assert diff["Hinweis"] == ("—", "Sommerpause")
    assert "Frauen" in diff["Kategorien"][1] and "Frauen" not in diff["Kategorien"][0]
    assert diff["Übersetzung des Angebots (Englisch): Name"] == ("—", "Story café")
    assert 'id="pending-revisions"' in page and "Vorgeschlagen von editor" in page
    assert 'id="review-required"' in page


def test_the_district_of_a_published_offer_is_read_only_for_editors_and_reviewers(
    client: Client, editor: Any, reviewer: Any, make_offer: Callable
) -> None:
    """Neither a proposal nor a direct change moves an offer to another district: the district
    is chosen when the offer is created (``ServiceAdmin.get_readonly_fields``)."""
    offer = make_offer("Kurs")
    url = f"/admin/catalog/offer/{offer.pk}/change/"
    assert 'name="district"' not in login(client, editor).get(url).content.decode()
    assert 'name="district"' not in login(client, reviewer).get(url).content.decode()
    assert 'name="district"' in client.get("/admin/catalog/offer/add/").content.decode()


def test_an_unchanged_save_proposes_nothing(
    client: Client, editor: Any, district: District, make_offer: Callable
) -> None:
    offer = make_offer("Kurs")
    response = login(client, editor).post(
        f"/admin/catalog/offer/{offer.pk}/change/",
        offer_form(offer, district, offer.organisation),
        follow=True,
    )
    assert "Es wurde nichts geändert." in response.content.decode()
    assert not Revision.objects.exists()


def test_editors_edit_drafts_directly(
    client: Client, editor: Any, district: District, make_offer: Callable
) -> None:
    offer = make_offer("Entwurf", publish=False)
    response = login(client, editor).post(
        f"/admin/catalog/offer/{offer.pk}/change/",
        offer_form(offer, district, offer.organisation, name="Neu"),
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.name == "Neu" and not Revision.objects.exists()


def test_reviewers_see_a_side_by_side_diff_and_accept(
    client: Client, editor: Any, reviewer: Any, make_offer: Callable
) -> None:
    offer = make_offer("Sprachcafé")
    revision = revision_propose(
        actor=editor, target=offer, data={"name": "Erzählcafé", "status": Offer.Status.TEMPORARILY_CLOSED}
    )
    page = login(client, reviewer).get(f"/admin/revisions/revision/{revision.pk}/change/").content.decode()
    assert '<th scope="row">Name</th><td dir="auto">Sprachcafé</td><td dir="auto">Erzählcafé</td>' in page
    assert "vorübergehend geschlossen" in page and "temporarily closed" not in page
    assert 'value="Übernehmen"' in page and 'value="Ablehnen"' in page
    assert deepest_form_nesting(page) == 1
    response = client.post(f"/admin/revisions/revision/{revision.pk}/accept/", follow=True)
    assert "Die Änderung wurde übernommen" in response.content.decode()
    offer.refresh_from_db()
    assert offer.name == "Erzählcafé"
    assert "Erzählcafé" in client.get(f"/de/angebote/{offer.slug}/").content.decode()


def test_rejecting_needs_a_reason_which_the_editor_then_reads(
    client: Client, editor: Any, reviewer: Any, make_offer: Callable
) -> None:
    offer = make_offer("Sprachcafé")
    revision = revision_propose(actor=editor, target=offer, data={"name": "Erzählcafé"})
    url = f"/admin/revisions/revision/{revision.pk}/reject/"
    response = login(client, reviewer).post(url, {"reason": ""})
    assert (
        response.status_code == 200 and "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    )
    client.post(url, {"reason": "Bitte den bisherigen Namen behalten."})
    revision.refresh_from_db()
    offer.refresh_from_db()
    assert revision.state == Revision.State.REJECTED and offer.name == "Sprachcafé"
    page = login(client, editor).get(f"/admin/revisions/revision/{revision.pk}/change/").content.decode()
    assert "Bitte den bisherigen Namen behalten." in page and "abgelehnt" in page.lower()
    assert 'value="Übernehmen"' not in page
    form = client.get(f"/admin/catalog/offer/{offer.pk}/change/").content.decode()
    assert 'id="my-decided-revisions"' in form and "Bitte den bisherigen Namen behalten." in form


def test_accepting_a_conflicting_proposal_is_refused_with_a_message(
    client: Client, editor: Any, reviewer: Any, make_offer: Callable
) -> None:
    from wegweiser.catalog.services.offers import offer_update

    offer = make_offer("Sprachcafé")
    revision = revision_propose(actor=editor, target=offer, data={"name": "Erzählcafé"})
    offer_update(actor=reviewer, offer=offer, data={"name": "Sprachtreff"})
    page = login(client, reviewer).get(f"/admin/revisions/revision/{revision.pk}/change/").content.decode()
    assert "(seither geändert)" in page
    response = client.post(f"/admin/revisions/revision/{revision.pk}/accept/", follow=True)
    assert (
        "Seit dem Vorschlag wurde die veröffentlichte Fassung geändert in: Name." in response.content.decode()
    )
    offer.refresh_from_db()
    assert offer.name == "Sprachtreff"


def test_only_reviewers_decide_and_only_staff_see_proposals(
    client: Client, editor: Any, reviewer: Any, planner: Any, outsider: Any, make_offer: Callable
) -> None:
    offer = make_offer("Kurs")
    revision = revision_propose(actor=reviewer, target=offer, data={"name": "Neu"})
    page = f"/admin/revisions/revision/{revision.pk}/change/"
    for user in (editor, planner):
        login(client, user)
        assert client.post(f"/admin/revisions/revision/{revision.pk}/accept/").status_code in (403, 404)
        assert client.post(
            f"/admin/revisions/revision/{revision.pk}/reject/", {"reason": "x"}
        ).status_code in (
            403,
            404,
        )
    assert login(client, editor).get(page).status_code == 404  # not their proposal
    assert login(client, planner).get(page).status_code == 200
    assert 'value="Übernehmen"' not in client.get(page).content.decode()
    client.logout()
    assert client.get(page).status_code == 302  # to the login page
    assert client.post(f"/admin/revisions/revision/{revision.pk}/accept/").status_code == 302
    assert login(client, outsider).get(page).status_code == 302
    revision.refresh_from_db()
    assert revision.state == Revision.State.PENDING


def test_planners_cannot_propose_through_the_admin(
    client: Client, planner: Any, district: District, make_offer: Callable
) -> None:
    offer = make_offer("Kurs")
    response = login(client, planner).post(
        f"/admin/catalog/offer/{offer.pk}/change/",
        offer_form(offer, district, offer.organisation, name="Neu"),
    )
    assert response.status_code == 403
    assert not Revision.objects.exists()


def test_the_list_shows_editors_their_own_proposals_and_reviewers_all(
    client: Client, editor: Any, reviewer: Any, make_offer: Callable
) -> None:
    offer = make_offer("Kurs")
    other = make_offer("Beratung")
    revision_propose(actor=editor, target=offer, data={"name": "Kurs am Abend"})
    revision_propose(actor=reviewer, target=other, data={"name": "Beratung am Morgen"})
    page = login(client, editor).get("/admin/revisions/revision/").content.decode()
    assert "Änderungen zur Prüfung" in page and "Kurs" in page and "Beratung" not in page
    page = login(client, reviewer).get("/admin/revisions/revision/?state__exact=pending").content.decode()
    assert "Kurs" in page and "Beratung" in page
    assert "Änderungen zur Prüfung" in login(client, editor).get("/admin/").content.decode()


def test_the_proposer_withdraws_a_proposal(client: Client, editor: Any, make_offer: Callable) -> None:
    offer = make_offer("Kurs")
    revision = revision_propose(actor=editor, target=offer, data={"name": "Neu"})
    login(client, editor).post(f"/admin/revisions/revision/{revision.pk}/withdraw/")
    revision.refresh_from_db()
    assert revision.state == Revision.State.WITHDRAWN


def test_changed_and_removed_inline_rows_are_proposed_and_applied(
    client: Client, editor: Any, reviewer: Any, district: District, make_offer: Callable
) -> None:
    from wegweiser.catalog.models import Contact, Schedule
    from wegweiser.catalog.services.components import component_save

    offer = make_offer("Kurs")
    component_save(actor=None, parent=offer, component=(schedule := Schedule(offer=offer, byday="MO")))
    component_save(actor=None, parent=offer, component=(contact := Contact(offer=offer, name="Frau A")))
    data = offer_form(offer, district, offer.organisation) | {
        "schedules-TOTAL_FORMS": 1,
        "schedules-INITIAL_FORMS": 1,
        "schedules-0-id": str(schedule.pk),
        "schedules-0-offer": str(offer.pk),
        "schedules-0-freq": "WEEKLY",
        "schedules-0-interval": "1",
        "schedules-0-byday": "MO",
        "schedules-0-DELETE": "on",
        "contacts-TOTAL_FORMS": 1,
        "contacts-INITIAL_FORMS": 1,
        "contacts-0-id": str(contact.pk),
        "contacts-0-offer": str(offer.pk),
        "contacts-0-name": "Frau B",
    }
    response = login(client, editor).post(f"/admin/catalog/offer/{offer.pk}/change/", data)
    assert response.status_code == 302
    assert offer.schedules.exists() and offer.contacts.get().name == "Frau A"
    revision = Revision.objects.get()
    labels = {row.label: (row.published, row.proposed) for row in revision_diff(revision=revision)}
    assert labels["Ansprechperson 1: Name"] == ("Frau A", "Frau B")
    assert labels["Zeitplan 1"] == ("Rhythmus: wöchentlich; jede n-te: 1; Tage: MO", "entfernt")
    login(client, reviewer).post(f"/admin/revisions/revision/{revision.pk}/accept/")
    assert not offer.schedules.exists() and offer.contacts.get().name == "Frau B"
