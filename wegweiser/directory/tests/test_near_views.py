"""The results page near a place: the note on the order, distances on the cards, the map with
numbered markers matching the list and its table, the opening filters — all without JavaScript."""

import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client

from wegweiser.catalog.models import OfferLocation, Schedule
from wegweiser.catalog.services.components import component_save
from wegweiser.catalog.tests.factories import LocationFactory
from wegweiser.districts.models import District

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[10.7, 51.45], [10.9, 51.45], [10.9, 51.55], [10.7, 51.55], [10.7, 51.45]]],
}


@pytest.fixture
def located(district: District, make_offer: Callable) -> None:
    district.municipalities.filter(slug="nordhausen").update(
        latitude=Decimal("51.505"), longitude=Decimal("10.791"), postcode="99734", boundary=SQUARE
    )
    nordhausen = district.municipalities.get(slug="nordhausen")
    for n, (lat, name) in enumerate([("51.600", "Beratung Nord"), ("51.506", "Beratung Mitte")]):
        offer = make_offer(name)
        place = LocationFactory(
            district=district,
            name=f"Haus {n}",
            municipality=nordhausen,
            latitude=Decimal(lat),
            longitude=Decimal("10.791"),
        )
        component_save(actor=None, parent=offer, component=OfferLocation(offer=offer, location=place))
        component_save(actor=None, parent=offer, component=Schedule(offer=offer, byday="MO" if n else "FR"))
    make_offer("Beratung überall")


@pytest.mark.django_db
def test_results_near_a_postcode_show_order_distances_and_a_numbered_map(
    client: Client, located: None
) -> None:
    html = client.get("/de/angebote/", {"q": "Beratung", "near": "99734"}).content.decode()
    assert "99734 Nordhausen" in html and "Luftlinie" in html
    titles = re.findall(
        r'<span class="number">(\d+)<span class="visually-hidden">\.</span></span> <a [^>]*>([^<]+)<', html
    )
    assert titles == [("1", "Beratung Mitte"), ("2", "Beratung Nord"), ("3", "Beratung überall")]
    assert "0,1 km" in html and "10,6 km" in html  # German decimal comma
    assert "Haus 1, Nordhausen" in html  # the place on the card
    assert "im ganzen Landkreis" in html
    svg = re.search(r"<svg [^>]*class=\"result-map\".*?</svg>", html, re.S)
    assert svg is not None
    assert 'role="img"' in svg.group(0) and 'data-ags="16062041"' in svg.group(0)
    assert re.findall(r'data-numbers="([^"]+)"', svg.group(0)) == ["2", "1"]  # 1 drawn last, on top
    assert "https://" not in svg.group(0).replace("http://www.w3.org/2000/svg", "")  # nothing fetched
    table = re.search(r"<table>.*?</table>", html, re.S)
    assert (
        table is not None and "Beratung überall" in table.group(0) and "nicht auf der Karte" in table.group(0)
    )


@pytest.mark.django_db
def test_an_unknown_place_is_explained_and_the_results_stay(client: Client, located: None) -> None:
    html = client.get("/de/angebote/", {"near": "Atlantis"}).content.decode()
    assert "„Atlantis“" in html or "“Atlantis”" in html
    assert "3 Angebote gefunden" in html


@pytest.mark.django_db
def test_the_weekday_filter_and_open_today_are_plain_checkboxes(client: Client, located: None) -> None:
    html = client.get("/de/angebote/", {"day": "MO", "near": "99734"}).content.decode()
    assert "1 Angebot gefunden" in html and "Beratung Mitte" in html and "Beratung Nord" not in html
    assert 'name="day" value="MO" checked' in html
    assert 'name="near" value="99734"' in html  # the filters keep the place
    assert 'name="today"' in html


@pytest.mark.django_db
def test_the_results_page_query_count_does_not_grow_near_a_place(
    client: Client,
    district: District,
    make_offer: Callable,
    located: None,
    django_assert_max_num_queries: Callable,
) -> None:
    with django_assert_max_num_queries(40) as few:
        client.get("/de/angebote/", {"q": "Beratung", "near": "99734", "day": "MO"})
    for n in range(6):
        make_offer(f"Beratung {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/de/angebote/", {"q": "Beratung", "near": "99734", "day": "MO"})
