"""XLIFF 1.1 files for professional translators (translate-toolkit): one file per target
language with one unit per offer and text field, id ``<offer id>:<field>``, the German source
and the current translation (if any) as target. ``xliff_parse`` reads such a file back; the
import itself (checks, all or nothing) is ``services.offer_translations_import``."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from translate.storage.xliff import xlifffile

from wegweiser.catalog.models import Offer, OfferTranslation


def text_field(name: str) -> models.Field:
    """The model field of a translated text of ``OfferTranslation``."""
    field = OfferTranslation._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


ORIGINAL = "wegweiser-offers"


def xliff_build(*, offers: Iterable[Offer], language: str) -> bytes:
    """The German texts of ``offers`` to translate into ``language`` (translations prefetched
    or not: ``offer.translations.all()`` is read)."""
    store: Any = xlifffile(sourcelanguage="de", targetlanguage=language)
    for offer in offers:
        row = next((t for t in offer.translations.all() if t.language_id == language), None)
        for name in OfferTranslation.translated_fields:
            source = getattr(offer, name) or ""
            if not source.strip():
                continue
            unit = store.addsourceunit(source, filename=ORIGINAL, createifmissing=True)
            unit.setid(f"{offer.pk}:{name}")
            target = getattr(row, name, "") if row is not None else ""
            if target:
                unit.target = target
                unit.markapproved(False)
            label = str(text_field(name).verbose_name)
            unit.addnote(f"{offer.name} — {label}", origin="developer")
    return bytes(store)


@dataclass(frozen=True)
class Unit:
    unit_id: str
    offer_id: str
    field: str
    source: str
    target: str


@dataclass(frozen=True)
class Parsed:
    target_language: str
    units: list[Unit]


def xliff_parse(content: bytes) -> Parsed:
    """The units of an XLIFF file; ValueError (with a German message) if it is none."""
    try:
        store = xlifffile.parsestring(content)
    except Exception as error:  # lxml and translate-toolkit raise various errors for bad files
        raise ValueError(_("This is not a readable XLIFF file: %(error)s") % {"error": error}) from error
    language = store.gettargetlanguage() or ""
    if not language:
        raise ValueError(_("The XLIFF file does not say its target language."))
    units = []
    for unit in store.units:
        if unit.isheader():
            continue
        unit_id = unit.getid().rsplit("\x04", 1)[-1]
        offer_id, _sep, name = unit_id.partition(":")
        units.append(Unit(unit_id, offer_id, name, unit.source or "", unit.target or ""))
    return Parsed(language, units)
