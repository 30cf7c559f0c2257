"""The lines of facts in an offer's block of the printed catalog ("Zielgruppen: …", "Wo: …",
"Kosten: …"), as labelled runs of text that either typesetting engine can set.

Call inside ``translation.override(<edition language>)``: the labels are gettext strings."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Run:
    """A piece of a line. ``lang`` is set when the text fell back to another language than the
    edition's (it is then tagged and set in that language's direction); ``ltr`` marks phone
    numbers, e-mail and web addresses, which read left to right in every script; ``strong`` a
    label inside a line ("Wann:" after a place)."""

    text: str
    lang: str = ""
    ltr: bool = False
    strong: bool = False


@dataclass(frozen=True)
class Fact:
    label: str
    runs: list[Run]


def fallback_note(language: str) -> str:
    """The note after a text that is not in the edition's language but in German: "(auf
    Deutsch)" in the translated editions, "(nicht in Leichter Sprache)" in a Leichte Sprache
    edition ("de-ls"). Call inside ``translation.override(language)``."""
    return _("(not in Easy Language)") if language.startswith("de-") else _("(in German)")


def text_run(text: dict[str, str], language: str) -> Run:
    """A snapshot text ({text, lang}) as a run; ``lang`` only where it differs from the edition's."""
    lang = text.get("lang") or language
    return Run(text["text"], lang="" if lang == language else lang)


def _joined(runs: list[Run], separator: str) -> list[Run]:
    out: list[Run] = []
    for number, run in enumerate(runs):
        if number:
            out.append(Run(separator))
        out.append(run)
    return out


def _times(times: list[dict[str, str]]) -> list[Run]:
    texts = [t["text"] + (f" ({t['notes']})" if t["notes"] else "") for t in times]
    return [Run("; ".join(texts))]


def offer_facts(offer: dict[str, Any], language: str) -> list[Fact]:
    """The labelled lines of one offer from the snapshot, empty ones left out."""
    facts: list[Fact] = []
    if offer["target_groups"]:
        groups = [text_run({"text": t["name"], "lang": t["lang"]}, language) for t in offer["target_groups"]]
        facts.append(Fact(_("Target groups"), _joined(groups, ", ")))
    if offer["languages"]:
        text = ", ".join(offer["languages"])
        if offer["interpretation"]:
            text += " (" + _("interpreting possible") + ")"
        facts.append(Fact(_("Languages"), [Run(text)]))
    for place in offer["places"]:
        runs = [Run(", ".join(part for part in (place["name"], place["address"]) if part))]
        if place["url"]:
            runs += [Run(", "), Run(place["url"], ltr=True)]
        if place["times"]:
            runs += [Run(" — "), Run(_("When") + ":", strong=True), Run(" "), *_times(place["times"])]
        facts.append(Fact(_("Where"), runs))
    if offer["whole_district"] or offer["mobile"]:
        where = []
        if offer["whole_district"]:
            where.append(_("throughout the district"))
        if offer["mobile"]:
            where.append(_("comes to you (outreach)"))
        facts.append(Fact(_("Where"), [Run(", ".join(where))]))
    if offer["times"]:
        facts.append(Fact(_("When"), _times(offer["times"])))
    cost = offer["cost"]
    if cost["summary"] or cost["details"]["text"]:
        runs = [Run(", ".join(cost["summary"]))] if cost["summary"] else []
        if cost["details"]["text"]:
            runs += [Run(" — ")] if runs else []
            runs.append(text_run(cost["details"], language))
        facts.append(Fact(_("Cost"), runs))
    registration = offer["registration"]
    if registration["summary"] or registration["howto"]["text"]:
        runs = [Run(registration["summary"])] if registration["summary"] else []
        if registration["howto"]["text"]:
            runs += [Run(" ")] if runs else []
            runs.append(text_run(registration["howto"], language))
        facts.append(Fact(_("Registration"), runs))
    contact = _contact(offer["contact"])
    if contact:
        facts.append(Fact(_("Contact"), contact))
    return facts


def _contact(contact: dict[str, Any]) -> list[Run]:
    items: list[list[Run]] = []
    for person in contact["people"]:
        runs = [Run(person["name"] + (f" ({person['role']})" if person["role"] else ""))]
        if person["email"]:
            runs += [Run(" "), Run(person["email"], ltr=True)]
        items.append(runs)
    for phone in contact["phones"]:
        items.append([Run(phone["kind"]), Run(" "), Run(phone["number"], ltr=True)])
    for address in (contact["email"], contact["url"]):
        if address:
            items.append([Run(address, ltr=True)])
    line: list[Run] = []
    for number, item in enumerate(items):
        if number:
            line.append(Run("; "))
        line += item
    return line


def offer_checked(offer: dict[str, Any]) -> str:
    """The small print under an offer: when its entry was last checked, who funds it."""
    if offer["assured_date"]:
        date = formats.date_format(dt.date.fromisoformat(offer["assured_date"]), "DATE_FORMAT")
        text = _("Checked on %(date)s") % {"date": date}
    else:
        text = _("Not checked yet")
    if offer["funding"]:
        text += " · " + _("Funded by") + ": " + ", ".join(offer["funding"])
    return text
