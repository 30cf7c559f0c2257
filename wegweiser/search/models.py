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

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offer", "language"], name="one_search_document_per_language")
        ]
        indexes = [models.Index(fields=["district"])]

    def __str__(self) -> str:
        return f"{self.offer_id} ({self.language})"


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
        return [w.strip() for w in self.equivalents.split(",") if w.strip()]
