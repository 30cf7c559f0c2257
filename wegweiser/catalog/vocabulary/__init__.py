"""Translations of the seeded vocabularies (``catalog.seed.TAXONOMIES``) into the visitors'
languages: one CSV per taxonomy role, a row per term (slug, German, English, then one column per
language code of ``core.Language``). Migration 0008 and ``district_setup`` write them as
``TaxonomyTermTranslation`` rows; translators edit the CSV files. See docs/i18n-languages.md."""

import csv
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent

# The seeded vocabularies shown in the public directory and the catalogs.
ROLES = ("field_of_action", "target_group", "kind", "eligibility")

# Content languages every seeded term is translated into (``core.Language`` codes; ``ku`` is
# Kurdish (Kurmanji), ``de-ls`` Leichte Sprache).
VOCABULARY_LANGUAGES = ("en", "uk", "ru", "ar", "fa", "ps", "tr", "ku", "ti", "bg", "ro", "de-ls")

# The content language "Leichte Sprache" (code, German, English, native name, right to left);
# created by the vocabulary migration if no other seed created it.
EASY_GERMAN = ("de-ls", "Leichte Sprache", "Easy German (Leichte Sprache)", "Leichte Sprache", False)


@cache
def term_names(role: str) -> dict[str, dict[str, str]]:
    """{term slug: {language code: name}} of one vocabulary, German (``de``) included."""
    with (HERE / f"{role}.csv").open(encoding="utf-8", newline="") as f:
        return {row.pop("slug"): {k: v.strip() for k, v in row.items()} for row in csv.DictReader(f)}
