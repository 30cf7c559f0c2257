"""The freshness figures: shares overall, per organisation, field of action and municipality,
the overdue offers and the unanswered requests; each figure in a fixed number of queries."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from wegweiser.catalog.models import Offer, OfferLocation
from wegweiser.catalog.services.components import component_save
from wegweiser.catalog.services.offers import offer_publish
from wegweiser.catalog.tests.factories import LocationFactory, OrganisationFactory
from wegweiser.districts.models import District
from wegweiser.freshness.models import ConfirmationRequest
from wegweiser.freshness.periods import months_after, months_before
from wegweiser.freshness.selectors import (
    confirmation_requests_unanswered,
    confirmed_since,
    freshness_by_field_of_action,
    freshness_by_municipality,
    freshness_by_organisation,
    freshness_overall,
    offers_overdue,
    staff_summaries,
)

TODAY = dt.date(2026, 12, 3)


def confirmed_on(offer: Offer, day: dt.date | None) -> None:
    Offer.objects.filter(pk=offer.pk).update(assured_date=day)


@pytest.fixture
def catalog(district: District, make_offer: Callable) -> dict[str, Any]:
    """Five published offers (one archived, one draft besides): three confirmed within the
    12 months before TODAY, two overdue (one never confirmed)."""
    nordhausen = district.municipalities.get(slug="nordhausen")
    bleicherode = district.municipalities.get(slug="bleicherode")
    verein, kirche = (
        OrganisationFactory(district=district, name="Verein"),
        OrganisationFactory(district=district, name="Kirche"),
    )
    located = make_offer(
        "Sprachcafé",
        organisation=verein,
        fields=("sprache-bildung",),
        serves_whole_district=False,
        publish=False,
    )
    place = LocationFactory(district=district, municipality=nordhausen)
    component_save(actor=None, parent=located, component=OfferLocation(offer=located, location=place))
    offer_publish(actor=None, offer=located)
    area = make_offer(
        "Beratung",
        organisation=verein,
        fields=("beratung",),
        serves_whole_district=False,
        municipalities=[bleicherode],
    )
    whole = make_offer("Wohnberatung", organisation=kirche, fields=("wohnen", "beratung"))
    old = make_offer("Alter Kurs", organisation=kirche, fields=("sprache-bildung",))
    never = make_offer("Nie geprüft", organisation=kirche, fields=("wohnen",))
    archived = make_offer("Archiviert", organisation=kirche)
    Offer.objects.filter(pk=archived.pk).update(state=Offer.State.ARCHIVED, assured_date=dt.date(2020, 1, 1))
    make_offer("Entwurf", organisation=kirche, publish=False)
    confirmed_on(located, dt.date(2026, 11, 1))
    confirmed_on(area, dt.date(2025, 12, 3))  # exactly 12 months back: still within the period
    confirmed_on(whole, dt.date(2026, 6, 1))
    confirmed_on(old, dt.date(2025, 12, 2))  # one day too old
    confirmed_on(never, None)
    return {"located": located, "area": area, "whole": whole, "old": old, "never": never}


def test_months_are_calendar_months() -> None:
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 12, 3), 12) == dt.date(2025, 12, 3)
    assert months_after(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 13) == dt.date(2024, 12, 15)


@pytest.mark.django_db
def test_overall_share_counts_published_offers_confirmed_within_the_period(
    catalog: dict, district: District, django_assert_num_queries: Any
) -> None:
    assert confirmed_since(district=district, today=TODAY) == dt.date(2025, 12, 3)
    with django_assert_num_queries(1):
        share = freshness_overall(district=district, today=TODAY)
    assert (share.total, share.confirmed, share.overdue, share.percent) == (5, 3, 2, 60)


@pytest.mark.django_db
def test_share_per_organisation_lists_the_least_current_first(
    catalog: dict, district: District, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        shares = freshness_by_organisation(district=district, today=TODAY)
    assert [(s.label, s.confirmed, s.total) for s in shares] == [("Kirche", 1, 3), ("Verein", 2, 2)]


@pytest.mark.django_db
def test_share_per_field_of_action_counts_an_offer_in_each_of_its_fields(
    catalog: dict, district: District, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        shares = {
            s.label: (s.confirmed, s.total)
            for s in freshness_by_field_of_action(district=district, today=TODAY)
        }
    assert shares["Beratung & Orientierung"] == (2, 2)
    assert shares["Wohnen"] == (1, 2)
    assert shares["Sprache & Bildung"] == (1, 2)


@pytest.mark.django_db
def test_share_per_municipality_counts_places_service_areas_and_the_whole_district(
    catalog: dict, district: District, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        shares = {
            s.label: (s.confirmed, s.total) for s in freshness_by_municipality(district=district, today=TODAY)
        }
    # whole district: Wohnberatung (confirmed), Alter Kurs, Nie geprüft (overdue)
    assert shares == {"Bleicherode": (2, 4), "Nordhausen": (2, 4)}


@pytest.mark.django_db
def test_overdue_offers_never_confirmed_first_then_the_oldest(catalog: dict, district: District) -> None:
    assert [o.name for o in offers_overdue(district=district, today=TODAY)] == ["Nie geprüft", "Alter Kurs"]


@pytest.mark.django_db
def test_figures_stay_within_the_district(
    catalog: dict, district: District, other_district: District, make_offer: Callable
) -> None:
    make_offer("Fremd", district=other_district, organisation=OrganisationFactory(district=other_district))
    assert freshness_overall(district=district, today=TODAY).total == 5
    assert freshness_overall(district=other_district, today=TODAY).total == 1


@pytest.mark.django_db
def test_unanswered_requests_are_those_sent_and_not_answered(catalog: dict, district: District) -> None:
    now = timezone.now()

    def ask(offer: Offer, **fields: Any) -> ConfirmationRequest:
        return ConfirmationRequest.objects.create(
            district=district, organisation=offer.organisation, offer=offer, due_date=TODAY, **fields
        )

    waiting = ask(catalog["old"], requested_at=now)
    ask(catalog["never"])  # not sent yet
    ask(catalog["whole"], requested_at=now, answered_at=now, answer="current")
    assert list(confirmation_requests_unanswered(district=district)) == [waiting]


@pytest.mark.django_db
def test_staff_summary_per_district_of_the_actor(
    catalog: dict, district: District, editor: Any, other_reviewer: Any, django_assert_max_num_queries: Any
) -> None:
    from wegweiser.revisions.services import revision_propose

    revision_propose(actor=editor, target=catalog["whole"], data={"name": "Wohnberatung neu"})
    with django_assert_max_num_queries(5):
        summaries = staff_summaries(actor=editor, today=TODAY)
    assert [(s.district, s.changes_pending, s.offers_overdue, s.requests_unanswered) for s in summaries] == [
        (district, 1, 2, 0)
    ]
    others = staff_summaries(actor=other_reviewer, today=TODAY)
    assert [s.district.pk for s in others] != [district.pk]
