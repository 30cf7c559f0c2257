"""Every back-office page is well-formed for a browser: no form inside another form (a browser
drops the inner one and ends the outer one early, so neither's buttons work)."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from wegweiser.backoffice.tests.html_checks import nested_forms
from wegweiser.publishing.models import Edition, RecipientList
from wegweiser.publishing.services.editions import edition_build, edition_create, edition_release


def test_nested_forms_are_found() -> None:
    assert nested_forms('<form id="a"><p><form action="/b/"></form></p></form>') == [
        '<form action="/b/"> inside <form id="a"> (line 1)'
    ]
    assert nested_forms('<form id="a"></form><form id="b"></form>') == []


def _edition(district: Any, title: str) -> Edition:
    return edition_create(actor=None, district=district, data={"title": title, "language_id": "de"}, m2m={})


@pytest.mark.django_db
def test_no_back_office_page_has_a_form_inside_a_form(
    client: Client, superuser: Any, district: Any, make_offer: Callable
) -> None:
    offer = make_offer("Sprachcafé")
    draft = _edition(district, "Entwurf")
    built = _edition(district, "Gebaut")
    edition_build(edition_id=built.pk)
    released = _edition(district, "Freigegeben")
    edition_build(edition_id=released.pk)
    edition_release(actor=None, edition=released)
    RecipientList.objects.create(district=district, name="Partner")
    client.force_login(superuser)
    urls = ["/admin/"]
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{name}_changelist"))
        if model_admin.has_add_permission(type("R", (), {"user": superuser, "method": "GET"})()):
            urls.append(reverse(f"{name}_add"))
        first = model._default_manager.first()
        if first is not None:
            urls.append(reverse(f"{name}_change", args=[first.pk]))
    for edition in (draft, built, released):
        urls.append(reverse("admin:publishing_edition_change", args=[edition.pk]))
    urls += [
        reverse("admin:catalog_offer_change", args=[offer.pk]),
        reverse("admin:publishing_edition_release", args=[built.pk]),
        reverse("admin:publishing_edition_send", args=[released.pk]),
    ]
    problems = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if found := nested_forms(response.content.decode()):
            problems[url] = found
    assert not problems, problems


@pytest.mark.django_db
def test_release_asks_for_confirmation_before_releasing(
    client: Client, reviewer: Any, district: Any, make_offer: Callable
) -> None:
    make_offer("Sprachcafé")
    edition = _edition(district, "Katalog")
    edition_build(edition_id=edition.pk)
    client.force_login(reviewer)
    url = reverse("admin:publishing_edition_release", args=[edition.pk])
    page = client.get(url).content.decode()
    assert "Ausgabe 1 wirklich freigeben?" in page and "Ja, freigeben" in page
    edition.refresh_from_db()
    assert not edition.is_released  # looking at the question changes nothing
    client.post(url)
    edition.refresh_from_db()
    assert edition.is_released
