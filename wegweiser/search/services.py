"""Keeping the search index in step with the catalog. Catalog services call
``search_index_offers`` inside their own transaction, so the index never lags behind an edit."""

import contextlib
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from wegweiser.access.permissions import SYNONYM_ADD, SYNONYM_CHANGE, SYNONYM_DELETE
from wegweiser.access.policy import require
from wegweiser.catalog.models import Offer
from wegweiser.core.services import create_audited, delete_audited, update_audited
from wegweiser.districts.models import District
from wegweiser.districts.services import district_catalog_changed
from wegweiser.search.bitmaps import facet_bitmaps_rebuild, offer_slots_refresh
from wegweiser.search.compounds import document_words
from wegweiser.search.models import SearchDocument, SearchTerm, Synonym
from wegweiser.search.normalise import stem, strip_diacritics, words

PUBLIC_STATUSES = (Offer.Status.ACTIVE, Offer.Status.TEMPORARILY_CLOSED)


def offer_is_searchable(offer: Offer) -> bool:
    return offer.state == Offer.State.PUBLISHED and offer.status in PUBLIC_STATUSES


def _translated(objects: Iterable, field: str, language: str) -> list[str]:
    """``field`` of each object in ``language``: the source for German, else the translation."""
    texts = []
    for obj in objects:
        if language == "de":
            texts.append(getattr(obj, field))
            continue
        for translation in obj.translations.all():
            if translation.language_id == language and getattr(translation, field):
                texts.append(getattr(translation, field))
    return texts


def _document_texts(offer: Offer, language: str) -> tuple[str, list[str]]:
    """Name and body texts of ``offer`` as written in ``language`` (no German fallback)."""
    offer_fields = ["short_description", "description", "eligibility_description", "alert"]
    name = " ".join(_translated([offer], "name", language))
    body = [text for field in offer_fields for text in _translated([offer], field, language)]
    body += _translated(offer.terms.all(), "name", language)
    body += _translated([offer.organisation], "description", language)
    # Proper names and language names are searchable in every language's document.
    body.append(offer.organisation.name)
    for ol in offer.offer_locations.all():
        body += [ol.location.name, ol.location.city, ol.location.postal_code]
        if ol.location.municipality:
            body.append(ol.location.municipality.name)
    body += [m.name for m in offer.municipalities.all()]
    for lang in offer.languages.all():
        body += [lang.name_de, lang.name_en, lang.native_name]
    return name, body


def _languages_of(offer: Offer) -> list[str]:
    return ["de", *sorted({t.language_id for t in offer.translations.all() if t.language_id != "de"})]


# Offers indexed per round of queries.
INDEX_BATCH = 1000

# The offers waiting to be indexed inside ``search_indexing_deferred`` (None outside it).
_deferred: ContextVar[set[uuid.UUID] | None] = ContextVar("search_indexing_deferred", default=None)


@contextlib.contextmanager
def search_indexing_deferred() -> Iterator[None]:
    """Bulk loads (the demo district): inside the block, ``search_index_offers`` only notes the
    offers; they are indexed once when the block ends, in the same transaction. An offer edited
    twenty times is indexed once. The index is behind inside the block, so nothing in it may search.
    If the block fails, nothing is indexed and the transaction rolls back. Nested blocks join the
    outermost one."""
    if _deferred.get() is not None:
        yield
        return
    pending: set[uuid.UUID] = set()
    with transaction.atomic():
        token = _deferred.set(pending)
        try:
            yield
        finally:
            _deferred.reset(token)
        search_index_offers(offer_ids=sorted(pending))


@transaction.atomic
def search_index_offers(*, offer_ids: Iterable[uuid.UUID]) -> int:
    """(Re)build the documents of the given offers; returns how many documents were written.
    Offers that are not public lose their documents."""
    ids = list(offer_ids)
    if not ids:
        return 0
    pending = _deferred.get()
    if pending is not None:  # ``search_indexing_deferred``: indexed when the block ends
        pending.update(ids)
        return 0
    if len(ids) > INDEX_BATCH:  # bounded IN lists (SQLite limits expression depth)
        return sum(
            search_index_offers(offer_ids=ids[start : start + INDEX_BATCH])
            for start in range(0, len(ids), INDEX_BATCH)
        )
    SearchDocument.objects.filter(offer_id__in=ids).delete()
    district_catalog_changed(
        district_ids=Offer.objects.filter(pk__in=ids).values_list("district_id", flat=True).distinct()
    )
    slots = offer_slots_refresh(offer_ids=ids)  # the facet bitmaps, in this transaction
    offers = (
        Offer.objects.filter(pk__in=ids)
        .annotate(lowered_name=Lower("name"))  # the sort name, as the database lowers it
        .select_related("district", "organisation")
        .prefetch_related(
            "translations",
            "terms__translations",
            "organisation__translations",
            "offer_locations__location__municipality",
            "municipalities",
            "languages",
        )
    )
    documents: list[SearchDocument] = []
    vocabulary: dict[str, str] = {}
    for offer in offers:
        if not offer_is_searchable(offer):
            continue
        for language in _languages_of(offer):
            name, body = _document_texts(offer, language)
            body_text = " ".join(body)
            # Hyphenated words also as one ("Deutsch-Kurs" → "deutschkurs"; ``search.compounds``).
            name_words = document_words(words(name), name)
            body_words = document_words(words(body_text), body_text)
            for word in name_words + body_words:
                vocabulary.setdefault(strip_diacritics(word)[:100], stem(word, language))
            documents.append(
                SearchDocument(
                    offer=offer,
                    district=offer.district,
                    language=language,
                    name_terms=" ".join(stem(w, language) for w in name_words),
                    body_terms=" ".join(stem(w, language) for w in body_words),
                    scope=f"d{offer.district.key}",
                    slot=slots[offer.pk],
                    sort_name=offer.lowered_name,  # type: ignore[attr-defined]
                )
            )
    # Written once, complete: a second pass for the sort names left a dead row version per
    # document (half of a freshly indexed table), which PostgreSQL's scans then read.
    SearchDocument.objects.bulk_create(documents, batch_size=500)
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=t, stem=s) for t, s in vocabulary.items()],
        ignore_conflicts=True,
        batch_size=1000,
    )
    return len(documents)


@transaction.atomic
def search_index_rebuild(*, batch_size: int = 1000) -> int:
    """Rebuild the whole index (after an import or an upgrade of the normalisation)."""
    SearchDocument.objects.all().delete()
    SearchTerm.objects.all().delete()
    facet_bitmaps_rebuild(district_ids=District.objects.values_list("pk", flat=True))
    total = 0
    ids = list(Offer.objects.filter(state=Offer.State.PUBLISHED).values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        total += search_index_offers(offer_ids=ids[start : start + batch_size])
    return total


# The synonym list (``models.Synonym``): staff maintain it, the search applies it at once.

SYNONYM_FIELDS = frozenset({"term", "equivalents", "two_way"})
MAX_EQUIVALENTS = 10


def _synonym_clean(*, district_id: Any, data: Mapping[str, Any], exclude: Any = None) -> dict[str, Any]:
    """Tidy and check an entry: single words, at most ten, no word twice, one entry per word."""
    cleaned = dict(data)
    errors: dict[str, str] = {}
    if "term" in cleaned:
        term = " ".join(str(cleaned["term"] or "").split())
        cleaned["term"] = term
        if len(words(term)) != 1 or len(term.split()) != 1:
            errors["term"] = _("Enter a single word (not a stop word such as “und”).")
        elif Synonym.objects.filter(district_id=district_id, term__iexact=term).exclude(pk=exclude).exists():
            errors["term"] = _("There is already an entry for “%(word)s”; add the words to it.") % {
                "word": term
            }
    if "equivalents" in cleaned:
        others = [" ".join(w.split()) for w in str(cleaned["equivalents"] or "").split(",") if w.strip()]
        term = str(cleaned.get("term", "")).lower()
        unique = list(dict.fromkeys(w for w in others if w.lower() != term))
        several = [w for w in unique if len(words(w)) != 1 or len(w.split()) != 1]
        if not unique:
            errors["equivalents"] = _("Enter at least one other word.")
        elif several:
            errors["equivalents"] = _(
                "Synonyms are single words; separate them with commas: “%(words)s”."
            ) % {"words": ", ".join(several)}
        elif len(unique) > MAX_EQUIVALENTS:
            errors["equivalents"] = _("At most %(count)s words per entry.") % {"count": MAX_EQUIVALENTS}
        cleaned["equivalents"] = ", ".join(unique)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def synonym_create(*, actor: Any, data: Mapping[str, Any]) -> Synonym:
    """Add an entry to a district's synonym list (``data``: district, term, equivalents, two_way)."""
    district = data.get("district")
    require(actor=actor, permission=SYNONYM_ADD, district=district)
    _refuse_unknown_synonym_fields(set(data) - {"district"})
    cleaned = _synonym_clean(district_id=getattr(district, "pk", district), data=data)
    synonym = create_audited(actor=actor, instance=Synonym(**cleaned))
    district_catalog_changed(district_ids=[synonym.district_id])  # cached searches are stale
    return synonym


@transaction.atomic
def synonym_update(
    *, actor: Any, synonym: Synonym, data: Mapping[str, Any], expected_version: int | None = None
) -> dict[str, list[str]]:
    require(actor=actor, permission=SYNONYM_CHANGE, obj=synonym)
    _refuse_unknown_synonym_fields(set(data))
    merged = {"term": synonym.term} | dict(data)
    cleaned = _synonym_clean(district_id=synonym.district_id, data=merged, exclude=synonym.pk)
    changes = update_audited(
        actor=actor,
        instance=synonym,
        data={k: v for k, v in cleaned.items() if k in data},
        fields=SYNONYM_FIELDS,
        expected_version=expected_version,
    )
    district_catalog_changed(district_ids=[synonym.district_id])
    return changes


@transaction.atomic
def synonym_delete(*, actor: Any, synonym: Synonym) -> None:
    require(actor=actor, permission=SYNONYM_DELETE, obj=synonym)
    district_id = synonym.district_id
    delete_audited(actor=actor, instance=synonym)
    district_catalog_changed(district_ids=[district_id])


def _refuse_unknown_synonym_fields(names: set[str]) -> None:
    unknown = sorted(names - SYNONYM_FIELDS)
    if unknown:
        raise ValueError(f"search.Synonym: not changeable here: {', '.join(unknown)}")
