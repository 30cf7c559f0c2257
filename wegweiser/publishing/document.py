"""The printed catalog's structure: sections per group, each offer's lines of facts, the indexes
and the labels of the page furniture, all from an edition's snapshot and in its language.

Both typesetting engines (``rendering``) print from this one structure, so what an offer block
says is decided here once."""

import base64
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from wegweiser.core.languages import text_direction
from wegweiser.core.markdown import render_markdown
from wegweiser.publishing.facts import Fact, offer_checked, offer_facts, text_run
from wegweiser.publishing.qr import qr_pngs

GROUPINGS = ("field", "municipality", "provider")


@dataclass
class Entry:
    """One offer as printed in its section."""

    anchor: str
    offer: dict[str, Any]
    qr: bytes  # PNG of the offer's live URL
    facts: list[Fact]
    checked: str  # "Geprüft am …", and the funding programmes

    @property
    def qr_data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.qr).decode()


@dataclass
class Section:
    anchor: str
    title: str
    entries: list[Entry] = field(default_factory=list)
    lang: str = ""  # the title's language where it fell back to another than the edition's


@dataclass
class IndexRef:
    anchor: str
    name: dict[str, str]  # {"text", "lang"} of the offer's name


@dataclass
class IndexHeading:
    """A provider or a municipality with its offers; each offer with its page number."""

    label: str
    refs: list[IndexRef]


@dataclass
class DocumentOptions:
    title: str
    language: str
    grouping: str = "field"
    audience: str = ""
    foreword: str = ""
    number: int | None = None
    changes: dict[str, Any] | None = None
    previous_label: str = ""


@dataclass
class CatalogDocument:
    options: DocumentOptions
    snapshot: dict[str, Any]
    direction: str
    stand: str
    foreword_html: SafeString
    sections: list[Section]
    providers: list[IndexHeading]
    municipalities: list[IndexHeading]
    footer: list[tuple[str, str]]  # ("text", "Seite "), ("page", ""), ("text", " von "), ("pages", "")

    @property
    def footer_css(self) -> str:
        """The footer as CSS content: "Seite " counter(page) " von " counter(pages)."""
        parts = (f"counter({kind})" if kind != "text" else _css_string(text) for kind, text in self.footer)
        return " ".join(parts)


def _sections(offers: list[dict[str, Any]], grouping: str) -> list[tuple[str, dict[str, str], list[dict]]]:
    """(key, title, offers) per group, in reading order. Each offer is printed once, in its
    first group (its first field of action, its first municipality); the indexes list it
    under every provider and municipality it belongs to."""
    groups: dict[str, tuple[tuple, str, list[dict]]] = {}
    languages: dict[str, str] = {}  # key → language of a field of action's name
    order: tuple
    for offer in offers:
        if grouping == "field":
            if offer["fields"]:
                item = offer["fields"][0]
                key, order, title = item["id"], (0, item["order"], item["name"]), item["name"]
                languages[key] = item.get("lang", "")
            else:
                key, order, title = "other", (1, 0, ""), _("Further offers")
        elif grouping == "municipality":
            places = _municipalities(offer)
            if offer["whole_district"] or offer["mobile"] or not places:
                key, order, title = "district", (0, ""), _("Throughout the district")
            else:
                key, title = min(places.items(), key=lambda item: item[1].casefold())
                order = (1, title.casefold())
        else:
            provider = offer["provider"]
            key, order, title = provider["id"], (provider["name"].casefold(),), provider["name"]
        groups.setdefault(key, (order, title, []))[2].append(offer)
    return [
        (key, {"text": title, "lang": languages.get(key, "")}, items)
        for key, (_order, title, items) in sorted(groups.items(), key=lambda g: g[1][0])
    ]


def _footer_parts(template: str) -> list[tuple[str, str]]:
    """Split "Seite %(page)s von %(pages)s" into text and the two page counters."""
    parts: list[tuple[str, str]] = []
    for piece in re.split(r"(%\(pages?\)s)", template):
        if piece == "%(page)s":
            parts.append(("page", ""))
        elif piece == "%(pages)s":
            parts.append(("pages", ""))
        elif piece:
            parts.append(("text", piece))
    return parts


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def catalog_document(*, snapshot: dict[str, Any], options: DocumentOptions) -> CatalogDocument:
    """Everything the catalog template needs, labels in the edition's language."""
    language = options.language
    offers = snapshot["offers"]
    with translation.override(language):
        taken = dt.datetime.fromisoformat(snapshot["taken_at"])
        stand = formats.date_format(taken, "DATE_FORMAT")
        sections: list[Section] = []
        providers: dict[str, tuple[str, dict[str, IndexRef]]] = {}
        municipalities: dict[str, tuple[str, dict[str, IndexRef]]] = {}
        qr_codes = qr_pngs(offer["url"] for offer in offers)
        for number, (_key, title, items) in enumerate(_sections(offers, options.grouping), start=1):
            run = text_run(title, language) if title["lang"] else text_run({"text": title["text"]}, language)
            section = Section(anchor=f"s{number}", title=run.text, lang=run.lang)
            for offer in items:
                anchor = f"o{number}-{offer['slug']}"
                section.entries.append(
                    Entry(
                        anchor=anchor,
                        offer=offer,
                        qr=qr_codes[offer["url"]],
                        facts=offer_facts(offer, language),
                        checked=offer_checked(offer),
                    )
                )
                ref = IndexRef(anchor=anchor, name=offer["name"])
                provider = offer["provider"]
                providers.setdefault(provider["id"], (provider["name"], {}))[1].setdefault(offer["id"], ref)
                for pk, name in _municipalities(offer).items():
                    municipalities.setdefault(pk, (name, {}))[1].setdefault(offer["id"], ref)
            sections.append(section)
        return CatalogDocument(
            options=options,
            snapshot=snapshot,
            direction=text_direction(language),
            stand=stand,
            foreword_html=render_markdown(options.foreword),
            sections=sections,
            providers=_index(providers),
            municipalities=_index(municipalities),
            footer=_footer_parts(_("Page %(page)s of %(pages)s")),
        )


def _municipalities(offer: dict[str, Any]) -> dict[str, str]:
    """Municipalities where the offer takes place or which it serves: id → name."""
    names = {p["municipality"]["id"]: p["municipality"]["name"] for p in offer["places"] if p["municipality"]}
    return names | {m["id"]: m["name"] for m in offer["service_area"]}


def _index(entries: dict[str, tuple[str, dict[str, IndexRef]]]) -> list[IndexHeading]:
    """Headings in alphabetical order, each offer once (where it is printed first)."""
    headings = [
        IndexHeading(label=name, refs=sorted(refs.values(), key=lambda r: r.name["text"].casefold()))
        for name, refs in entries.values()
    ]
    return sorted(headings, key=lambda heading: heading.label.casefold())
