from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from wegweiser.catalog.models import OfferTranslation
from wegweiser.catalog.services.components import component_save
from wegweiser.core.models import Language
from wegweiser.districts.models import District


@pytest.mark.django_db
def test_root_redirects_to_the_german_start_page(client: Client, district: District) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/de/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "heading"), [("de", "Angebote für Zugewanderte"), ("en", "Offers for immigrants")]
)
def test_start_page_in_german_and_english(
    client: Client, district: District, make_offer: Callable, prefix: str, heading: str
) -> None:
    make_offer("Sprachcafé", fields=("sprache-bildung",))
    response = client.get(f"/{prefix}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{prefix}" dir="ltr">' in html
    assert heading in html
    assert "?field=sprache-bildung" in html


@pytest.mark.django_db
def test_anonymous_visitors_see_only_published_offers(
    client: Client, district: District, make_offer: Callable
) -> None:
    make_offer("Öffentliches Angebot")
    draft = make_offer("Entwurf im Haus", publish=False)
    listing = client.get("/de/angebote/").content.decode()
    assert "Öffentliches Angebot" in listing
    assert "Entwurf im Haus" not in listing
    assert client.get(f"/de/angebote/{draft.slug}/").status_code == 404


@pytest.mark.django_db
def test_offer_page_shows_schedule_in_words_and_last_checked(
    client: Client, district: District, make_offer: Callable
) -> None:
    import datetime as dt

    from wegweiser.catalog.models import Offer, Schedule

    offer = make_offer("Sprachcafé")
    Offer.objects.filter(pk=offer.pk).update(assured_date=dt.date(2020, 5, 4))  # confirmed long ago
    component_save(
        actor=None,
        parent=offer,
        component=Schedule(offer=offer, byday="TU,TH", opens_at=dt.time(9), closes_at=dt.time(12)),
    )
    html = client.get(f"/de/angebote/{offer.slug}/").content.decode()
    assert "Di und Do, 9–12 Uhr" in html
    assert "Zuletzt geprüft am 4. Mai 2020" in html
    assert "nicht mehr aktuell" in html


@pytest.mark.django_db
def test_english_page_marks_german_fallback_visibly(
    client: Client, district: District, make_offer: Callable
) -> None:
    offer = make_offer("Sprachcafé", short_description="Deutsch üben bei Kaffee.")
    component_save(
        actor=None,
        parent=offer,
        component=OfferTranslation(
            master=offer, language=Language.objects.get(code="en"), name="Language café"
        ),
    )
    html = client.get(f"/en/angebote/{offer.slug}/").content.decode()
    assert "<h1>Language café</h1>" in html
    assert (
        '<span lang="de" dir="ltr">Deutsch üben bei Kaffee.</span> <span class="fallback-note">(in German)</span>'
        in html
    )


@pytest.mark.django_db
def test_arabic_content_is_marked_right_to_left(
    client: Client, district: District, make_offer: Callable
) -> None:
    district.languages.add(Language.objects.get(code="ar"))
    offer = make_offer("Sprachcafé")
    component_save(
        actor=None,
        parent=offer,
        component=OfferTranslation(master=offer, language=Language.objects.get(code="ar"), name="مقهى اللغة"),
    )
    html = client.get(f"/de/angebote/{offer.slug}/?lang=ar").content.decode()
    assert '<span lang="ar" dir="rtl">مقهى اللغة</span>' in html


@pytest.mark.django_db
def test_search_page_filters_by_facet_and_keeps_the_query(
    client: Client, district: District, make_offer: Callable
) -> None:
    make_offer("Deutschkurs für Frauen", groups=("frauen",))
    make_offer("Deutschkurs am Abend", groups=("erwachsene",))
    html = client.get("/de/angebote/", {"q": "Deutschkurse", "group": "frauen"}).content.decode()
    assert "1 Angebot gefunden" in html
    assert 'value="Deutschkurse"' in html
    assert 'name="group" value="frauen" checked' in html


@pytest.mark.django_db
def test_pagination_keeps_the_filters(
    client: Client, district: District, make_offer: Callable, settings: Any
) -> None:
    settings.WEGWEISER_DIRECTORY_PAGE_SIZE = 2
    for n in range(5):
        make_offer(f"Kurs {n}", groups=("frauen",))
    html = client.get("/de/angebote/", {"group": "frauen"}).content.decode()
    assert "Seite 1 von 3" in html
    assert 'href="?group=frauen&amp;page=2"' in html


@pytest.mark.django_db
def test_search_page_query_count_does_not_grow_with_results(
    client: Client, district: District, make_offer: Callable, django_assert_max_num_queries: Callable
) -> None:
    for n in range(3):
        make_offer(f"Beratung {n}")
    with django_assert_max_num_queries(25) as few:
        client.get("/de/angebote/", {"q": "Beratung"})
    for n in range(3, 15):
        make_offer(f"Beratung {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/de/angebote/", {"q": "Beratung"})


@pytest.mark.django_db
def test_organisation_page_lists_its_public_offers(
    client: Client, district: District, make_offer: Callable
) -> None:
    offer = make_offer("Sprachcafé")
    make_offer("Entwurf", publish=False, organisation=offer.organisation)
    html = client.get(f"/de/traeger/{offer.organisation.slug}/").content.decode()
    assert "Sprachcafé" in html and "Entwurf" not in html
