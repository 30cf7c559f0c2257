"""The results map's markers: offers close together (one town) get boxes that do not hide each
other, each with a line back to its place when moved."""

import re
from collections.abc import Callable

import pytest

from wegweiser.catalog.selectors.cards import Card
from wegweiser.catalog.selectors.places import OfferPlace
from wegweiser.directory.result_map import FONT, HEIGHT, place_boxes, result_map
from wegweiser.districts.models import District

BOUNDS = (0.0, -(FONT + 8.0), 400.0, 300.0)


def _boxes(anchors: list[tuple[float, float, float]]) -> list[tuple[float, float, float, float]]:
    return [
        (bx, by, bx + width, by + HEIGHT)
        for (bx, by), (_x, _y, width) in zip(place_boxes(anchors, bounds=BOUNDS), anchors, strict=True)
    ]


def test_a_lone_marker_stays_above_its_place() -> None:
    assert place_boxes([(200.0, 150.0, 30.0)], bounds=BOUNDS) == [(185.0, 150.0 - FONT - 4)]


def test_markers_close_together_do_not_overlap_and_stay_on_the_map() -> None:
    anchors = [(200.0 + i * 0.7, 150.0 + (i % 3) * 0.9, 30.0 + 8 * (i % 2)) for i in range(12)]
    boxes = _boxes(anchors)
    for i, a in enumerate(boxes):
        assert BOUNDS[0] <= a[0] and BOUNDS[1] <= a[1] and a[2] <= BOUNDS[2] and a[3] <= BOUNDS[3]
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    assert boxes[0] == (185.0, 150.0 - FONT - 4, 215.0, 150.0 - FONT - 4 + HEIGHT)  # the first in place


@pytest.mark.django_db
def test_the_map_draws_a_line_from_a_moved_marker_to_its_place(
    district: District, make_offer: Callable
) -> None:
    cards = []
    # Three offers in one town and one far away (the map is fitted to its points here).
    for n, (latitude, longitude) in enumerate(
        [(51.5, 10.79), (51.5004, 10.79), (51.5008, 10.7904), (51.3, 10.5)]
    ):
        offer = make_offer(f"Angebot {n}")
        place = OfferPlace(
            name=f"Haus {n}", municipality="Nordhausen", latitude=latitude, longitude=longitude
        )
        cards.append(Card(offer, places=[place]))
    the_map = result_map(
        district=district, cards=cards, first_number=1, near=None, name_of=lambda card: card.offer.name
    )
    assert the_map is not None
    found = re.findall(r'<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)"', the_map.svg)
    rects = [(float(x), float(y), float(w)) for x, y, w in found]
    assert len(rects) == 4
    for i, (ax, ay, aw) in enumerate(rects):
        for bx, by, bw in rects[i + 1 :]:
            assert not (ax < bx + bw and bx < ax + aw and ay < by + HEIGHT and by < ay + HEIGHT)
    x0, y0, width, height = map(float, re.findall(r'viewBox="([^"]+)"', the_map.svg)[0].split())
    assert all(x0 <= x and x + w <= x0 + width and y0 <= y and y + HEIGHT <= y0 + height for x, y, w in rects)
    # At least two of the three in town moved (the map's corners may move some more inside),
    # each with a line back to its place.
    moved = re.findall(r'<g class="marker"[^>]*><title>[^<]*</title><line ', the_map.svg)
    assert len(moved) >= 2 and the_map.svg.count("<line ") == len(moved)
