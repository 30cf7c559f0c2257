"""Result cards: what the one card statement reads (categories, languages, places) and what a
card says (``shown_cards``): where an offer takes place, how far, its link and number."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wegweiser.catalog.models import Location, Offer, OfferLocation
from wegweiser.catalog.selectors.cards import card_offers_by_slot, cards_by_slot, offer_cards, term_labels
from wegweiser.catalog.selectors.places import NearPlace
from wegweiser.catalog.services.components import component_save
from wegweiser.catalog.services.offers import offer_publish
from wegweiser.catalog.tests.factories import LocationFactory
from wegweiser.core.models import Language
from wegweiser.directory.cards import cards_html, shown_cards
from wegweiser.districts.models import District
from wegweiser.search.models import OfferSlot

pytestmark = pytest.mark.django_db


def _place(offer: Offer, district: District, name: str, **extra: Any) -> None:
    location = LocationFactory(district=district, name=name, **extra)
    component_save(actor=None, parent=offer, component=OfferLocation(offer=offer, location=location))


@pytest.fixture
def offers(district: District, make_offer: Callable) -> list[Offer]:
    nordhausen = district.municipalities.get(slug="nordhausen")
    many = make_offer(
        "Sprachcafé",
        fields=("sprache-bildung",),
        groups=("frauen",),
        serves_whole_district=False,
        publish=False,
    )
    _place(
        many,
        district,
        "Stadtbibliothek",
        municipality=nordhausen,
        latitude=Decimal("51.506"),
        longitude=Decimal("10.791"),
    )
    _place(
        many,
        district,
        "Bürgerhaus",
        municipality=nordhausen,
        latitude=Decimal("51.600"),
        longitude=Decimal("10.791"),
    )
    _place(many, district, "Online-Raum", kind=Location.Kind.VIRTUAL)
    many.languages.set(Language.objects.filter(code__in=["ar", "de"]))
    offer_publish(actor=None, offer=many)
    everywhere = make_offer("Beratung im ganzen Kreis")
    nowhere = make_offer("Beratung ohne Ort", serves_whole_district=False, municipalities=[nordhausen])
    return [many, everywhere, nowhere]


def test_the_card_statement_reads_the_categories_languages_and_places_of_the_page_at_once(
    offers: list[Offer],
) -> None:
    labels = term_labels(language="de", ui="de")
    with CaptureQueriesContext(connection) as queries:
        cards = offer_cards(
            offer_ids=[o.pk for o in offers],
            language="de",
            ui="de",
            labels=labels,
            names={"ar": "Arabisch", "de": "Deutsch"},
            offers={o.pk: o for o in offers},
        )
    assert len(queries) == 1
    many = cards[0]
    assert [p.name for p in many.places] == ["Bürgerhaus", "Stadtbibliothek"]  # by name, not virtual
    assert {p.municipality for p in many.places} == {"Nordhausen"}
    assert many.languages == ["Arabisch", "Deutsch"]
    assert [t.text for t in many.terms] == ["Sprache & Bildung", "Frauen"]  # fields of action first
    assert [c.places for c in cards[1:]] == [[], []]


def test_card_offers_are_read_with_only_what_a_card_shows(offers: list[Offer], district: District) -> None:
    slots = dict(OfferSlot.objects.filter(offer__in=offers).values_list("offer_id", "slot"))
    found = card_offers_by_slot(district_id=district.pk, slots=list(slots.values()), language="de", ui="de")
    for offer in offers:
        card = found[slots[offer.pk]]
        stored = Offer.objects.select_related("organisation").get(pk=offer.pk)
        assert card.pk == stored.pk and card.district_id == stored.district_id
        for name in ("name", "slug", "short_description", "status", "cost_free", "serves_whole_district"):
            assert getattr(card, name) == getattr(stored, name)
        assert card.organisation.name == stored.organisation.name
        assert card.sort_name == stored.name.lower()  # type: ignore[attr-defined]
        assert card.get_deferred_fields() >= {"description", "cost_description"}


def test_a_card_says_where_and_how_far_and_links_in_the_content_language(offers: list[Offer]) -> None:
    near = NearPlace(label="99734", latitude=51.505, longitude=10.791, kind="postcode")
    with translation.override("en"):
        cards = offer_cards(offer_ids=[o.pk for o in offers], language="ar", ui="en", near=near)
        shown = shown_cards(cards, content_language="ar", ui="en", lang_param="ar", first_number=21)
    many, everywhere, nowhere = shown
    assert [s["number"] for s in shown] == [21, 22, 23]
    assert many["where"] == "Stadtbibliothek, Nordhausen (and 1 other place)"  # the nearest
    assert many["distance"] == "0.1 km away (straight line)"
    assert many["href"] == f"/en/angebote/{offers[0].slug}/?lang=ar"
    assert many["languages"] == "Arabic, German"
    assert everywhere["where"] == "in the whole district" and everywhere["distance"] == ""
    assert nowhere["where"] == ""
    assert 'lang="de"' in str(many["name"]) and "(in German)" in str(many["name"])  # no Arabic text yet


def test_cards_are_written_out_with_every_value_escaped(offers: list[Offer]) -> None:
    """``cards_html``: what the template used to place, with the provider, place, distance and
    languages escaped and the name, description and categories taken as the HTML they are."""
    near = NearPlace(label="99734", latitude=51.505, longitude=10.791, kind="postcode")
    with translation.override("de"):
        cards = offer_cards(offer_ids=[o.pk for o in offers], language="de", ui="de", near=near)
        shown = shown_cards(cards, content_language="de", ui="de", lang_param="", first_number=1)
        shown[0]["provider"] = "Müller & <Söhne>"
        shown[0]["where"] = 'Haus "A" & B'
        shown[1]["temporarily_closed"] = True
        shown[1]["cost_free"] = True
        shown[2]["number"] = None
        html = str(cards_html(shown))
    first, second, third = html.split("</article></li>")[:3]
    assert (
        '<span class="number">1<span class="visually-hidden">.</span></span> <a href="/de/angebote/' in first
    )
    assert '<p class="provider">Müller &amp; &lt;Söhne&gt;</p>' in first
    assert "Haus &quot;A&quot; &amp; B" in first and '<span class="distance">0,1 km' in first
    assert '<span class="visually-hidden">Wo:</span>' in first
    assert "<li>Sprache &amp; Bildung</li><li>Frauen</li>" in first  # HTML already
    assert "<span>Sprachen: Arabisch, Deutsch</span>" in first
    assert (
        "<span>kostenlos</span>" in second
        and '<span class="warning">vorübergehend geschlossen</span>' in second
    )
    assert 'class="where"' in second  # in the whole district
    assert 'class="number"' not in third and 'class="where"' not in third  # no place at all
    assert html.count('<ul class="tags" aria-label="Kategorien">') == 3


def test_the_results_page_shows_the_cards_as_before(client: Any, offers: list[Offer]) -> None:
    html = client.get("/de/angebote/", {"q": "Sprachcafé"}).content.decode()
    card = html.split('<article class="card">', 1)[1].split("</article>", 1)[0]
    assert '<span class="number">1<span class="visually-hidden">.</span></span>' in card
    assert f'<a href="/de/angebote/{offers[0].slug}/">Sprachcafé</a>' in card
    assert "Bürgerhaus, Nordhausen (und 1 weiterer Ort)" in " ".join(card.split())
    assert "<li>Sprache &amp; Bildung</li><li>Frauen</li>" in card
    assert "Sprachen: Arabisch, Deutsch" in card


def test_a_card_names_the_offers_languages_in_the_interface_language(
    client: Any, offers: list[Offer]
) -> None:
    """As the language facet does: an Arabic page says "الألمانية", not "German"."""
    html = client.get("/ar/angebote/", {"q": "Sprachcafé"}).content.decode()
    card = html.split('<article class="card">', 1)[1].split("</article>", 1)[0]
    assert "الألمانية" in card and "German" not in card


def test_a_first_page_reads_its_card_offers_and_details_by_two_statements_that_postgresql_prepares(
    offers: list[Offer], district: District
) -> None:
    """``cards_by_slot`` (the first page, whose slots the search statement gave in order):
    the same offers and details as read one after the other, by two statements that
    PostgreSQL keeps prepared once the connection has run them a few times
    (``core.sql.prepared_cursor``)."""
    slots = list(OfferSlot.objects.filter(offer__in=offers).values_list("slot", flat=True))
    with CaptureQueriesContext(connection) as queries:
        found, details = cards_by_slot(district_id=district.pk, slots=slots, language="de", ui="de")
    assert len(queries) == 2
    if connection.vendor == "postgresql":
        for _ in range(6):  # the threshold is 5 (``config.env.postgres_options``)
            cards_by_slot(district_id=district.pk, slots=slots, language="de", ui="de")
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            prepared = [row[0] for row in cursor.fetchall()]
        sql = [q["sql"] for q in queries.captured_queries]
        assert all(any(statement.strip() == text.strip() for statement in prepared) for text in sql), prepared
    separate = card_offers_by_slot(district_id=district.pk, slots=slots, language="de", ui="de")
    assert {s: o.pk for s, o in found.items()} == {s: o.pk for s, o in separate.items()}
    many = offers[0]
    assert [p.name for p in details.places[many.pk]] == ["Bürgerhaus", "Stadtbibliothek"]
    assert sorted(details.languages[many.pk]) == ["ar", "de"]
    assert len(details.terms[many.pk]) == 2
    assert offers[1].pk not in details.places
