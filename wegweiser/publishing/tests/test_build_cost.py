"""What keeps a catalog build cheap: QR codes drawn once per URL and then read from the cache,
and a snapshot whose number of queries does not grow with the number of offers."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wegweiser.publishing import qr
from wegweiser.publishing.models import QrCode
from wegweiser.publishing.snapshot import Selection, edition_snapshot_collect
from wegweiser.publishing.tests.conftest import TEXTS


@pytest.mark.django_db
def test_qr_codes_are_drawn_once_per_url_and_then_read_from_the_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    urls = ["https://demo.invalid/de/angebote/a/", "https://demo.invalid/de/angebote/b/"]
    first = qr.qr_pngs(urls)
    assert set(first) == set(urls)
    assert all(png.startswith(b"\x89PNG") for png in first.values())
    assert QrCode.objects.count() == 2

    drawn: list[str] = []
    original = qr.qr_png

    def counting_qr_png(data: str) -> bytes:
        drawn.append(data)
        return original(data)

    monkeypatch.setattr(qr, "qr_png", counting_qr_png)
    again = qr.qr_pngs([*urls, "https://demo.invalid/de/angebote/c/"])
    assert drawn == ["https://demo.invalid/de/angebote/c/"]  # only the new URL is drawn
    assert {url: again[url] for url in urls} == first
    assert QrCode.objects.count() == 3


@pytest.mark.django_db
def test_a_code_in_the_cache_is_the_code_drawn_for_its_url() -> None:
    url = "https://demo.invalid/ar/angebote/sprachcafe/?lang=ar"
    cached = qr.qr_pngs([url])[url]
    assert cached == qr.qr_png(url)
    assert QrCode.objects.get().data == url


def _queries(district: Any, language: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        edition_snapshot_collect(district=district, language=language, selection=Selection())
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_snapshot_takes_the_same_number_of_queries_for_few_and_many_offers(
    make_offer: Callable, district: Any, translated_offers: list, language: str
) -> None:
    few = _queries(district, language)
    for n in range(12):
        make_offer(f"Weiteres Angebot {n}", fields=("sprache-bildung",))
    many = edition_snapshot_collect(district=district, language=language, selection=Selection())
    assert len(many["offers"]) == len(TEXTS) + 12
    assert _queries(district, language) == few
    assert few <= 20
