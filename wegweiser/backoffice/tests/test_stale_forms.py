"""Two people edit one offer in the back office: the change form carries the version it was
based on, and the later save of an older form is refused, inlines included, with the user's
input kept and the other person's changes named."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from wegweiser.backoffice.tests.test_admin_writes import inline_management, offer_form
from wegweiser.catalog.models import Organisation
from wegweiser.catalog.tests.factories import OrganisationFactory
from wegweiser.districts.models import District


def _opened_version(client: Client, url: str) -> int:
    """The hidden version in the change form as the browser gets it."""
    page = client.get(url).content.decode()
    found = re.search(r'<input type="hidden" name="lock_version" value="(\d+)"', page)
    assert found, "the change form carries no version"
    return int(found.group(1))


def _with_schedule(data: dict[str, Any]) -> dict[str, Any]:
    """The form with one new schedule row in its inline."""
    return data | {
        "schedules-TOTAL_FORMS": 1,
        "schedules-0-freq": "WEEKLY",
        "schedules-0-interval": "1",
        "schedules-0-byday": "MO",
        "schedules-0-opens_at": "09:00",
        "schedules-0-closes_at": "12:00",
    }


@pytest.mark.django_db
def test_stale_offer_form_is_refused_with_the_other_edit_kept(
    editor: Any, reviewer: Any, district: District, make_offer: Callable
) -> None:
    offer = make_offer("Sprachcafé", publish=False)
    url = f"/admin/catalog/offer/{offer.pk}/change/"
    anna, ben = Client(), Client()
    reviewer.first_name, reviewer.last_name = "Anna", "Schmidt"
    reviewer.save()
    anna.force_login(reviewer)
    ben.force_login(editor)
    anna_version, ben_version = _opened_version(anna, url), _opened_version(ben, url)

    saved = anna.post(
        url,
        offer_form(offer, district, offer.organisation, name="Sprachcafé für Frauen")
        | {"lock_version": anna_version},
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]

    stale = ben.post(
        url,
        _with_schedule(offer_form(offer, district, offer.organisation, alert="Sommerpause"))
        | {"lock_version": ben_version},
    )

    assert stale.status_code == 200
    page = stale.content.decode()
    assert "wurde inzwischen von jemand anderem gespeichert" in page
    assert "Anna Schmidt" in page
    assert "Name: Sprachcafé → Sprachcafé für Frauen" in page
    assert 'value="Sommerpause"' in page  # Ben's input is still in the form
    offer.refresh_from_db()
    assert offer.name == "Sprachcafé für Frauen"  # Anna's edit kept
    assert offer.alert == ""  # nothing of Ben's form
    assert not offer.schedules.exists()  # not its inline either
    assert f'name="lock_version" value="{offer.lock_version}"' in page  # to save again deliberately


@pytest.mark.django_db
def test_saving_again_after_the_refusal_applies_the_input(
    editor: Any, reviewer: Any, district: District, make_offer: Callable
) -> None:
    offer = make_offer("Sprachcafé", publish=False)
    url = f"/admin/catalog/offer/{offer.pk}/change/"
    client = Client()
    client.force_login(editor)
    opened = _opened_version(client, url)
    from wegweiser.catalog.services.offers import offer_update

    offer_update(actor=reviewer, offer=offer, data={"alert": "Geschlossen"}, expected_version=opened)
    form = offer_form(offer, district, offer.organisation, name="Sprachcafé am Abend", alert="Geschlossen")
    refused = client.post(url, form | {"lock_version": opened})
    assert refused.status_code == 200
    current = re.search(r'name="lock_version" value="(\d+)"', refused.content.decode())
    assert current

    again = client.post(url, form | {"lock_version": current.group(1)})

    assert again.status_code == 302, again.content.decode()[:2000]
    offer.refresh_from_db()
    assert (offer.name, offer.alert) == ("Sprachcafé am Abend", "Geschlossen")


@pytest.mark.django_db
def test_fresh_offer_form_saves_with_its_inlines(
    editor: Any, district: District, make_offer: Callable
) -> None:
    offer = make_offer("Sprachcafé", publish=False)
    url = f"/admin/catalog/offer/{offer.pk}/change/"
    client = Client()
    client.force_login(editor)
    opened = _opened_version(client, url)

    response = client.post(
        url,
        _with_schedule(offer_form(offer, district, offer.organisation, alert="Sommerpause"))
        | {"lock_version": opened},
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    offer.refresh_from_db()
    assert offer.alert == "Sommerpause"
    assert offer.schedules.count() == 1
    assert offer.lock_version > opened


@pytest.mark.django_db
def test_inline_only_change_makes_other_open_forms_stale(
    editor: Any, reviewer: Any, district: District, make_offer: Callable
) -> None:
    """A new schedule alone raises the offer's version, so an older form cannot drop it again."""
    offer = make_offer("Sprachcafé", publish=False)
    url = f"/admin/catalog/offer/{offer.pk}/change/"
    first, second = Client(), Client()
    first.force_login(reviewer)
    second.force_login(editor)
    version = _opened_version(first, url)
    assert _opened_version(second, url) == version

    added = first.post(
        url, _with_schedule(offer_form(offer, district, offer.organisation)) | {"lock_version": version}
    )
    assert added.status_code == 302
    stale = second.post(
        url, offer_form(offer, district, offer.organisation, name="Anders") | {"lock_version": version}
    )

    assert stale.status_code == 200
    assert "Zeitplan" in stale.content.decode()
    offer.refresh_from_db()
    assert offer.name == "Sprachcafé"


@pytest.mark.django_db
def test_stale_organisation_form_is_refused(editor: Any, reviewer: Any, district: District) -> None:
    organisation: Organisation = OrganisationFactory(district=district, name="Caritas")
    url = f"/admin/catalog/organisation/{organisation.pk}/change/"
    client = Client()
    client.force_login(editor)
    opened = _opened_version(client, url)
    from wegweiser.catalog.services.entities import organisation_update

    organisation_update(actor=reviewer, organisation=organisation, data={"email": "neu@example.org"})
    data = {
        "district": str(district.pk),
        "name": "Caritas Nordhausen",
        "alternate_name": "",
        "description": "",
        "website": "",
        "email": "",
        "legal_status": "",
        "year_incorporated": "",
        "lock_version": opened,
    } | inline_management(dict.fromkeys(["translations", "identifiers", "contacts", "phones"], 0))

    response = client.post(url, data)

    assert response.status_code == 200, response.status_code
    assert "neu@example.org" in response.content.decode()
    stored = Organisation.objects.get(pk=organisation.pk)
    assert (stored.name, stored.email) == ("Caritas", "neu@example.org")


@pytest.mark.django_db
def test_save_slipping_past_the_form_check_is_refused_by_the_service(
    editor: Any, reviewer: Any, district: District, make_offer: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If someone saves between the form's check and the service's locked check, the service
    refuses, the request is rolled back and the view runs again, where the form reports it."""
    from wegweiser.backoffice.admin.versioning import VersionedFormMixin
    from wegweiser.catalog.services.offers import offer_update

    offer = make_offer("Sprachcafé", publish=False)
    url = f"/admin/catalog/offer/{offer.pk}/change/"
    client = Client()
    client.force_login(editor)
    opened = _opened_version(client, url)
    offer_update(actor=reviewer, offer=offer, data={"alert": "Geschlossen"})
    checks = {"skipped": 0}
    real_clean = VersionedFormMixin.clean

    def clean_missing_the_other_save_once(form: Any) -> Any:
        if checks["skipped"] == 0:  # the first check runs "before" the other save
            checks["skipped"] += 1
            return super(VersionedFormMixin, form).clean()
        return real_clean(form)

    monkeypatch.setattr(VersionedFormMixin, "clean", clean_missing_the_other_save_once)

    response = client.post(
        url, offer_form(offer, district, offer.organisation, name="Anders") | {"lock_version": opened}
    )

    assert checks["skipped"] == 1
    assert response.status_code == 200
    assert "wurde inzwischen von jemand anderem gespeichert" in response.content.decode()
    offer.refresh_from_db()
    assert (offer.name, offer.alert) == ("Sprachcafé", "Geschlossen")
