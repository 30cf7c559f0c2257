"""Places near people (issue 16 part 4): the place searched near, found in the district's own
data; results nearest first with straight-line distances; the weekday and "open today" filters.
CI runs this file on SQLite and PostgreSQL."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from wegweiser.catalog.models import Offer, OfferLocation, Schedule
from wegweiser.catalog.selectors.directory import Criteria, offer_directory_search
from wegweiser.catalog.selectors.opening import offers_open_on, offers_open_today
from wegweiser.catalog.selectors.places import NearPlace, distance_km, near_place_resolve
from wegweiser.catalog.services.components import component_save
from wegweiser.catalog.tests.factories import LocationFactory
from wegweiser.districts.models import District

# Nordhausen and Bleicherode (postcode centroids), and a place 10 km due north of Nordhausen.
NORDHAUSEN = (Decimal("51.505000"), Decimal("10.791000"))
BLEICHERODE = (Decimal("51.440000"), Decimal("10.575000"))


@pytest.fixture
def places(district: District) -> District:
    district.municipalities.filter(slug="nordhausen").update(
        latitude=NORDHAUSEN[0], longitude=NORDHAUSEN[1], postcode="99734"
    )
    district.municipalities.filter(slug="bleicherode").update(
        latitude=BLEICHERODE[0], longitude=BLEICHERODE[1], postcode="99752"
    )
    return district


def place_offer(
    make_offer: Callable, district: District, name: str, lat: Any, lon: Any, **location: Any
) -> Offer:
    offer = make_offer(name)
    municipality = district.municipalities.get(slug=location.pop("municipality", "nordhausen"))
    where = LocationFactory(
        district=district, municipality=municipality, latitude=lat, longitude=lon, **location
    )
    component_save(actor=None, parent=offer, component=OfferLocation(offer=offer, location=where))
    return offer


def search(district: District, **criteria: Any):
    return offer_directory_search(
        district=district, criteria=Criteria(**criteria), language="de", search_languages=["de", "en"]
    )


@pytest.mark.django_db
def test_the_place_is_found_by_postcode_name_key_and_address(places: District, make_offer: Callable) -> None:
    place_offer(
        make_offer, places, "Treff", Decimal("51.501000"), Decimal("10.800000"), address_1="Bahnhofstraße 12"
    )
    by_postcode = near_place_resolve(district=places, text="99752")
    assert by_postcode is not None and by_postcode.kind == "postcode"
    assert (by_postcode.latitude, by_postcode.longitude) == (float(BLEICHERODE[0]), float(BLEICHERODE[1]))
    assert near_place_resolve(district=places, text="bleicherode").label == "Bleicherode"  # type: ignore[union-attr]
    assert near_place_resolve(district=places, text="Bleicherode, Stadt").label == "Bleicherode"  # type: ignore[union-attr]
    assert near_place_resolve(district=places, text="16062041").label == "Nordhausen"  # type: ignore[union-attr]
    address = near_place_resolve(district=places, text="Bahnhofstrasse 12, Nordhausen")
    assert address is not None and address.kind == "address"
    assert (address.latitude, address.longitude) == (51.501, 10.8)
    assert near_place_resolve(district=places, text="Bahnhofstr. 12") == address
    assert near_place_resolve(district=places, text="Atlantis") is None
    assert near_place_resolve(district=places, text="12345") is None  # not a postcode of the district


def test_distances_are_straight_lines_in_kilometres() -> None:
    here = NearPlace("Nordhausen", 51.5, 10.8, "municipality")
    assert distance_km(here, 51.5, 10.8) == 0
    assert distance_km(here, 51.6, 10.8) == pytest.approx(11.12, abs=0.01)  # 0.1° of latitude
    # 0.1° of longitude at 51.5° N: 11.12 km × cos 51.5° ≈ 6.92 km
    assert distance_km(here, 51.5, 10.9) == pytest.approx(6.92, abs=0.01)


@pytest.mark.django_db
def test_results_near_a_place_come_nearest_first_with_their_distance(
    places: District, make_offer: Callable
) -> None:
    place_offer(make_offer, places, "Beratung A (Bleicherode)", *BLEICHERODE, municipality="bleicherode")
    place_offer(make_offer, places, "Beratung B (Nordhausen)", Decimal("51.506000"), Decimal("10.791000"))
    place_offer(make_offer, places, "Beratung C (Norden)", Decimal("51.600000"), Decimal("10.791000"))
    make_offer("Beratung D (ohne Ort)")
    result = search(places, text="Beratung", near="99734")
    assert result.near is not None and result.near.label == "99734 Nordhausen"
    names = [c.offer.name for c in result.cards]
    assert names == [
        "Beratung B (Nordhausen)",
        "Beratung C (Norden)",
        "Beratung A (Bleicherode)",
        "Beratung D (ohne Ort)",
    ]
    distances = [c.distance_km for c in result.cards]
    assert distances[0] == pytest.approx(0.11, abs=0.01)
    assert distances[1] == pytest.approx(10.56, abs=0.01)
    assert distances[2] == pytest.approx(16.7, abs=0.1)
    assert distances[3] is None
    assert result.cards[0].municipalities == ["Nordhausen"]
    # Without a text: every public offer, nearest first; from Bleicherode the order turns.
    names = [c.offer.name for c in search(places, near="Bleicherode").cards]
    assert names[0] == "Beratung A (Bleicherode)"


@pytest.mark.django_db
def test_an_unknown_place_is_said_and_changes_nothing(places: District, make_offer: Callable) -> None:
    make_offer("Beratung")
    result = search(places, near="Atlantis")
    assert result.near is None and result.near_unknown
    assert result.total == 1


def schedule(offer: Offer, **values: Any) -> None:
    component_save(actor=None, parent=offer, component=Schedule(offer=offer, **values))


@pytest.mark.django_db
def test_the_weekday_filter_follows_the_schedules_of_offers_and_places(
    places: District, make_offer: Callable
) -> None:
    monday = make_offer("Montagstreff")
    schedule(monday, byday="MO,WE", opens_at=dt.time(9), closes_at=dt.time(12))
    first_tuesday = make_offer("Elterncafé")
    schedule(first_tuesday, freq="MONTHLY", byday="1TU")
    at_place = place_offer(make_offer, places, "Sprechstunde", *NORDHAUSEN)
    link = at_place.offer_locations.get()
    component_save(actor=None, parent=link, component=Schedule(offer_location=link, byday="TH"))
    ended = make_offer("Alter Kurs")
    schedule(ended, byday="MO", valid_to=dt.date(2020, 1, 1))
    make_offer("Nach Vereinbarung")

    def names(**criteria: Any) -> set[str]:
        return {c.offer.name for c in search(places, **criteria).cards}

    assert names(days={"MO"}) == {"Montagstreff"}
    assert names(days={"TU"}) == {"Elterncafé"}
    assert names(days={"TH", "WE"}) == {"Sprechstunde", "Montagstreff"}
    assert names(days={"SU"}) == set()
    assert len(names()) == 5


@pytest.mark.django_db
def test_open_today_knows_weekly_monthly_and_every_other_week(
    district: District, make_offer: Callable
) -> None:
    weekly = make_offer("Dienstags")
    schedule(weekly, byday="TU")
    first = make_offer("Erster Dienstag")
    schedule(first, freq="MONTHLY", byday="1TU")
    last = make_offer("Letzter Dienstag")
    schedule(last, freq="MONTHLY", byday="-1TU")
    other_week = make_offer("Jede zweite Woche")
    schedule(other_week, byday="TU", interval=2, valid_from=dt.date(2026, 12, 1))
    later = make_offer("Ab Januar")
    schedule(later, byday="TU", valid_from=dt.date(2027, 1, 5))

    def open_on(day: dt.date) -> set[str]:
        return set(Offer.objects.filter(offers_open_today(today=day)).values_list("name", flat=True))

    assert open_on(dt.date(2026, 12, 1)) == {"Dienstags", "Erster Dienstag", "Jede zweite Woche"}
    assert open_on(dt.date(2026, 12, 8)) == {"Dienstags"}
    assert open_on(dt.date(2026, 12, 15)) == {"Dienstags", "Jede zweite Woche"}
    assert open_on(dt.date(2026, 12, 29)) == {"Dienstags", "Letzter Dienstag", "Jede zweite Woche"}
    assert open_on(dt.date(2026, 12, 2)) == set()  # a Wednesday
    assert "Ab Januar" in open_on(dt.date(2027, 1, 5))
    assert set(Offer.objects.filter(offers_open_on(weekdays={"TU"}, today=dt.date(2026, 12, 2)))) == set(
        Offer.objects.all()
    )
