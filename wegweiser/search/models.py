"""The search index: one document per offer and language, plus the vocabulary of index terms.

Text is normalised in Python (``normalise.py``) so that SQLite and PostgreSQL index exactly the
same terms; each database then brings its own inverted index (FTS5 or a tsvector with GIN) and its
own trigram index over the vocabulary for typo tolerance. See docs/search.md.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import UUIDModel, VersionedModel


class SearchDocument(models.Model):
    offer = models.ForeignKey("catalog.Offer", on_delete=models.CASCADE, related_name="+")
    district = models.ForeignKey("districts.District", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)
    # Normalised, stemmed terms separated by spaces.
    name_terms = models.TextField()
    body_terms = models.TextField()
    # "d<district key>": lets SQLite's FTS5 restrict a match to one district inside the index.
    scope = models.CharField(max_length=12)
    # The offer's slot (``OfferSlot``) and its name as the directory sorts it (the database's
    # ``LOWER(name)``): the search ranks, counts and pages over the index alone, without looking
    # each hit up in the offer table.
    slot = models.PositiveIntegerField(default=0)
    sort_name = models.TextField(default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offer", "language"], name="one_search_document_per_language")
        ]
        indexes = [
            models.Index(fields=["district"]),
            # SQLite reads what a search needs of each hit (its slot, and its offer to leave out
            # those not public today) from this narrow index instead of the wide document row
            # (``hit_rows_sql``): a quarter less time for 30,000 hits. PostgreSQL does not use it.
            models.Index(fields=["id", "slot", "offer"], name="search_doc_hit"),
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} ({self.language})"


class OfferSlot(models.Model):
    """A small integer per offer within its district (never reused while the row exists): the
    offer's bit in the district's facet bitmaps (``FacetBitmap``). ``keys``: the bitmaps that
    hold the bit now (space-separated), so that an edit changes only the bitmaps that differ."""

    offer = models.OneToOneField(
        "catalog.Offer", primary_key=True, on_delete=models.CASCADE, related_name="search_slot"
    )
    district = models.ForeignKey("districts.District", on_delete=models.CASCADE, related_name="+")
    slot = models.PositiveIntegerField()
    keys = models.TextField(blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["district", "slot"], name="one_offer_per_slot")]

    def __str__(self) -> str:
        return f"{self.offer_id} → {self.slot}"


class FacetBitmap(models.Model):
    """The slots of a district's searchable offers that have one facet value (a term, a
    language, a municipality, a flag; ``search.bitmaps``), as a serialised Roaring bitmap.
    Written in the transaction that changes an offer; read per request, never cached."""

    district = models.ForeignKey("districts.District", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    bits = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["district", "key"], name="one_bitmap_per_facet_value")]

    def __str__(self) -> str:
        return f"{self.district_id}: {self.key}"


class SearchTerm(models.Model):
    """Every word (lower case, without diacritics) that occurs in some document, with its index
    term: the vocabulary that typo tolerance corrects to."""

    term = models.CharField(max_length=100, unique=True)
    stem = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.term


class Synonym(VersionedModel, UUIDModel):
    """Words a district's search treats as meaning the same (maintained by staff, e.g. from the
    searches that found nothing): a search for ``term`` also finds offers with any of the
    ``equivalents``; ``two_way``: all the words find each other ("Kita" ⇄ "Kindergarten"),
    else only ``term`` finds the others ("Sprachkurs" → "Deutschkurs", not back)."""

    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.CASCADE, related_name="+"
    )
    term = models.CharField(_("search word"), max_length=60)
    equivalents = models.CharField(
        _("same meaning"),
        max_length=300,
        help_text=_("Single words, separated by commas, e.g. “Kita, Kindertagesstätte”."),
    )
    two_way = models.BooleanField(
        _("both directions"),
        default=True,
        help_text=_("The words also find the search word (and each other)."),
    )

    class Meta:
        ordering = ["term"]
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        constraints = [
            models.UniqueConstraint(fields=["district", "term"], name="one_synonym_entry_per_term")
        ]

    def __str__(self) -> str:
        arrow = "⇄" if self.two_way else "→"
        return f"{self.term} {arrow} {self.equivalents}"

    def equivalent_words(self) -> list[str]:
        return equivalent_words(self.equivalents)


def equivalent_words(equivalents: str) -> list[str]:
    """The words of a synonym entry's ``equivalents`` (separated by commas)."""
    return [w.strip() for w in equivalents.split(",") if w.strip()]
