"""The search index: one document per offer and language, plus the vocabulary of index terms.

Text is normalised in Python (``normalise.py``) so that SQLite and PostgreSQL index exactly the
same terms; each database then brings its own inverted index (FTS5 or a tsvector with GIN) and its
own trigram index over the vocabulary for typo tolerance. See docs/search.md.
"""

from django.db import models


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
