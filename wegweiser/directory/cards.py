"""Result cards as the directory shows them (the result list, a provider's page).

A result page shows twenty cards. Their text (in the visitor's language, marked where it falls
back to German), their link and the line saying where an offer takes place are put together
here, once per card (``shown_cards``), and written out as ``CARD`` (``cards_html``): rendered
card by card with template tags and filters, the cards took more time than the search itself,
and placed field by field by a template still 1.4 ms of a 20 ms page (the facets' checkboxes are
written the same way, ``directory/facets.py``)."""

from html import escape
from typing import TypedDict

from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wegweiser.catalog.selectors.cards import Card
from wegweiser.catalog.selectors.places import OfferPlace
from wegweiser.core.links import slug_path
from wegweiser.directory.text import label_items_html, localised_html


class ShownCard(TypedDict):
    """A dictionary: the template tries a key before an attribute, so a card's dozen look-ups
    cost less (twenty cards: 1.4 ms instead of 1.8 ms as a dataclass)."""

    card: Card
    number: int | None  # its number in the result list (and on the map), if numbered
    href: str
    name: SafeString
    provider: str
    where: str  # where it takes place, or "in the whole district"; empty: no line
    distance: str  # "2,5 km away (straight line)" when searching near a place
    description: SafeString
    tags: SafeString  # ``<li>`` per category
    languages: str
    cost_free: bool
    temporarily_closed: bool


def _place(place: OfferPlace) -> str:
    return f"{place.name}, {place.municipality}" if place.municipality else place.name


def _where(card: Card) -> str:
    shown = card.nearest or (card.places[0] if card.places else None)
    if shown is None:
        return _("in the whole district") if card.offer.serves_whole_district else ""
    text = _place(shown)
    others = len(card.places) - 1
    if others > 0:
        text += " " + ngettext("(and %(counter)s other place)", "(and %(counter)s other places)", others) % {
            "counter": others
        }
    return text


def shown_cards(
    cards: list[Card], *, content_language: str, ui: str, lang_param: str, first_number: int | None = None
) -> list[ShownCard]:
    """``cards`` as shown, numbered from ``first_number`` (None: not numbered); links carry
    ``?lang=lang_param`` when the content language is not the interface language."""
    shown = []
    for index, card in enumerate(cards):
        offer = card.offer
        href = slug_path("directory:offer_detail", offer.slug)
        distance = ""
        if card.distance_km is not None:
            distance = _("%(km)s km away (straight line)") % {"km": floatformat(card.distance_km, 1)}
        shown.append(
            ShownCard(
                card=card,
                number=None if first_number is None else first_number + index,
                href=f"{href}?lang={lang_param}" if lang_param else href,
                name=localised_html(offer, "name", content_language, ui),
                provider=offer.organisation.name,
                where=_where(card),
                distance=distance,
                description=localised_html(offer, "short_description", content_language, ui),
                tags=label_items_html(card.terms, ui),
                languages=", ".join(card.languages),
                cost_free=offer.cost_free,
                temporarily_closed=offer.status == "temporarily closed",
            )
        )
    return shown


# One card, as the result list and a provider's page show it (inside ``<ol class="cards">``).
CARD = """<li><article class="card">
  <h3>{number}<a href="{href}">{name}</a></h3>
  <p class="provider">{provider}</p>
  {where}
  <p>{description}</p>
  <ul class="tags" aria-label="{categories_label}">
    {tags}
  </ul>
  <p class="meta">
    {meta}
  </p>
</article></li>"""
NUMBER = '<span class="number">{number}<span class="visually-hidden">.</span></span> '
WHERE = '<p class="where">\n    <span class="visually-hidden">{label}</span>\n    {where}{distance}\n  </p>'
DISTANCE = '\n    <span class="distance">{distance}</span>'


def cards_html(cards: list[ShownCard]) -> SafeString:
    """``cards`` written out as ``CARD``, every value escaped here (the name, description and
    categories come as HTML already, escaped by ``directory.text``)."""
    where_label, categories_label = escape(_("Where:")), escape(_("Categories"))
    languages_label = escape(_("Languages:"))
    free, closed = escape(_("free of charge")), escape(_("temporarily closed"))
    out = []
    for shown in cards:
        where = ""
        if shown["where"]:
            distance = DISTANCE.format(distance=escape(shown["distance"])) if shown["distance"] else ""
            where = WHERE.format(label=where_label, where=escape(shown["where"]), distance=distance)
        meta = []
        if shown["languages"]:
            meta.append(f"<span>{languages_label} {escape(shown['languages'])}</span>")
        if shown["cost_free"]:
            meta.append(f"<span>{free}</span>")
        if shown["temporarily_closed"]:
            meta.append(f'<span class="warning">{closed}</span>')
        number = shown["number"]
        out.append(
            CARD.format(
                number=NUMBER.format(number=escape(localize(number))) if number else "",
                href=escape(shown["href"]),
                name=shown["name"],
                provider=escape(shown["provider"]),
                where=where,
                description=shown["description"],
                categories_label=categories_label,
                tags=shown["tags"],
                meta="\n    ".join(meta),
            )
        )
    return mark_safe("".join(out))  # noqa: S308 — every value escaped above or HTML already
