"""What the public sees of freshness: "Zuletzt geprüft am" from the day a reviewer published the
offer, the hint on overdue offers, and offers hidden once they are overdue by more than the
district's ``hide_overdue_after_months`` (list, search, facet counts, page, API)."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import formats, timezone

from wegweiser.catalog.models import Offer
from wegweiser.catalog.selectors.directory import Criteria, offer_directory_search
from wegweiser.catalog.selectors.public import offer_public_queryset
from wegweiser.catalog.services.offers import offer_confirm, offer_create, offers_publish
from wegweiser.districts.models import District
from wegweiser.districts.services import district_update
from wegweiser.freshness.models import OfferConfirmation
from wegweiser.freshness.periods import months_before

pytestmark = pytest.mark.django_db


def test_a_published_offer_shows_the_day_of_publication_as_last_checked(
    client: Client, make_offer: Callable, reviewer: Any
) -> None:
    offer = make_offer("Sprachcafé", publish=False)
    from wegweiser.catalog.services.offers import offer_publish

    offer_publish(actor=reviewer, offer=offer)

    offer.refresh_from_db()
    today = timezone.localdate()
    assert offer.assured_date == today and offer.assurer == reviewer
    confirmation = OfferConfirmation.objects.get(offer=offer)
    assert (confirmation.method, confirmation.user, confirmation.confirmed_on) == (
        "publication",
        reviewer,
        today,
    )
    html = client.get(f"/de/angebote/{offer.slug}/").content.decode()
    assert f"Zuletzt geprüft am {formats.date_format(today, 'DATE_FORMAT')}" in html
    assert "Noch nicht geprüft" not in html and "nicht mehr aktuell" not in html


def test_an_overdue_offer_keeps_the_hint_that_it_may_be_out_of_date(
    client: Client, make_offer: Callable
) -> None:
    offer = make_offer("Sprachcafé")
    offer_confirm(actor=None, offer=offer, on=months_before(timezone.localdate(), 13))
    html = client.get(f"/de/angebote/{offer.slug}/").content.decode()
    assert "Zuletzt geprüft am" in html and "nicht mehr aktuell" in html


def test_bulk_publication_counts_as_checked_unless_the_import_brought_a_date(
    district: District, make_offer: Callable, reviewer: Any
) -> None:
    fresh = make_offer("Neu", publish=False)
    imported = make_offer("Importiert", publish=False, assured_date=dt.date(2026, 1, 15))

    problems = offers_publish(actor=reviewer, offers=[fresh, imported])

    assert problems == {}
    fresh.refresh_from_db()
    imported.refresh_from_db()
    assert fresh.state == imported.state == Offer.State.PUBLISHED
    assert fresh.assured_date == timezone.localdate() and fresh.assurer == reviewer
    assert imported.assured_date == dt.date(2026, 1, 15)
    assert list(OfferConfirmation.objects.values_list("offer_id", "method")) == [(fresh.pk, "publication")]


@pytest.fixture
def overdue_catalog(district: District, make_offer: Callable) -> dict[str, Offer]:
    """Confirmation due after 12 months; "Alt" was last confirmed 16 months ago (4 months
    overdue), "Fast" 14 months ago (2 months overdue), "Frisch" today."""
    today = timezone.localdate()
    offers = {
        "alt": make_offer("Alter Kurs", fields=("sprache-bildung",)),
        "fast": make_offer("Fast fällig", fields=("sprache-bildung",)),
        "frisch": make_offer("Frisches Angebot", fields=("wohnen",)),
    }
    offer_confirm(actor=None, offer=offers["alt"], on=months_before(today, 16))
    offer_confirm(actor=None, offer=offers["fast"], on=months_before(today, 14))
    return offers


def _search(district: District, text: str = "", **selected: set[str]) -> Any:
    district.refresh_from_db()
    return offer_directory_search(
        district=district,
        criteria=Criteria(text=text, selected=selected),
        language="de",
        search_languages=["de"],
    )


def _hide_after(district: District, months: int | None) -> None:
    district_update(actor=None, district=district, data={"hide_overdue_after_months": months})
    district.refresh_from_db()


def test_without_the_setting_overdue_offers_stay_public(district: District, overdue_catalog: dict) -> None:
    assert district.hide_overdue_after_months is None
    assert offer_public_queryset(district=district).count() == 3


def test_offers_overdue_by_more_than_the_setting_leave_list_search_facets_and_page(
    client: Client, district: District, overdue_catalog: dict
) -> None:
    before = _search(district, field={"sprache-bildung"})
    assert before.total == 2

    _hide_after(district, 3)

    assert set(offer_public_queryset(district=district).values_list("name", flat=True)) == {
        "Fast fällig",
        "Frisches Angebot",
    }
    assert offer_public_queryset(district=district, include_hidden_overdue=True).count() == 3
    result = _search(district)
    assert sorted(c.offer.name for c in result.cards) == ["Fast fällig", "Frisches Angebot"]
    assert "Alter Kurs" not in [c.offer.name for c in _search(district, "Alter Kurs").cards]
    facet = next(f for f in result.facets if f.key == "field")
    assert {o.value: o.count for o in facet.options}["sprache-bildung"] == 1
    html = client.get("/de/angebote/").content.decode()
    assert "Alter Kurs" not in html and "Fast fällig" in html
    assert client.get(f"/de/angebote/{overdue_catalog['alt'].slug}/").status_code == 404
    assert client.get(f"/de/angebote/{overdue_catalog['fast'].slug}/").status_code == 200
    api = client.get("/api/hsds/v3/services").json()
    assert sorted(s["name"] for s in api["contents"]) == ["Fast fällig", "Frisches Angebot"]


def test_a_confirmation_brings_a_hidden_offer_back_at_once(
    client: Client, district: District, overdue_catalog: dict, editor: Any
) -> None:
    _hide_after(district, 1)
    assert _search(district).total == 1
    offer = overdue_catalog["alt"]
    assert client.get(f"/de/angebote/{offer.slug}/").status_code == 404

    offer_confirm(actor=editor, offer=offer, method="phone")

    assert _search(district).total == 2  # the cached facet index was rebuilt
    assert client.get(f"/de/angebote/{offer.slug}/").status_code == 200


def test_never_confirmed_offers_are_hidden_after_their_publication_day_plus_the_periods(
    district: District, make_offer: Callable
) -> None:
    offer = offer_create(
        actor=None,
        data={
            "district": district,
            "organisation": make_offer("Anderes").organisation,
            "name": "Ohne Datum",
            "short_description": "Kurz",
            "serves_whole_district": True,
            "state": Offer.State.PUBLISHED,
        },
    )
    Offer.objects.filter(pk=offer.pk).update(published_at=timezone.now() - dt.timedelta(days=800))
    _hide_after(district, 6)
    assert not offer_public_queryset(district=district).filter(pk=offer.pk).exists()
    Offer.objects.filter(pk=offer.pk).update(published_at=timezone.now())
    assert offer_public_queryset(district=district).filter(pk=offer.pk).exists()


def test_a_search_leaves_out_what_the_setting_hides_as_soon_as_it_changes(
    district: District, overdue_catalog: dict
) -> None:
    """The search statement leaves out the offers not public today by SQL compiled once per
    district, day and setting (``offer_public_exceptions_sql``): a changed setting compiles it
    anew, and it is the SQL the ORM writes."""
    from wegweiser.catalog.selectors.public import offer_public_exceptions, offer_public_exceptions_sql

    assert "Alter Kurs" in [c.offer.name for c in _search(district, "Kurs").cards]  # compiled, kept
    _hide_after(district, 3)
    assert "Alter Kurs" not in [c.offer.name for c in _search(district, "Kurs").cards]
    sql, params = offer_public_exceptions(district=district).values("pk").query.sql_with_params()
    assert offer_public_exceptions_sql(district=district) == (sql, tuple(params))
    _hide_after(district, None)
    assert "Alter Kurs" in [c.offer.name for c in _search(district, "Kurs").cards]
