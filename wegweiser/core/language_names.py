"""Names of the seeded languages in each interface language, without a database query:
data/language_names.csv, a row per ``Language.code``, a column per interface language
(German and English as on ``Language``). ``Language.name_for`` reads it."""

import csv
from functools import cache
from pathlib import Path

LANGUAGE_NAMES_CSV = Path(__file__).parent / "data" / "language_names.csv"
# Interface language codes that name a content language differently (Kurmanji in ISO 639-3).
UI_ALIASES = {"kmr": "ku"}


@cache
def language_names() -> dict[str, dict[str, str]]:
    """{language code: {interface language: name}}."""
    with LANGUAGE_NAMES_CSV.open(encoding="utf-8", newline="") as f:
        return {row.pop("code"): {k: v.strip() for k, v in row.items()} for row in csv.DictReader(f)}


def language_name(code: str, ui_language: str) -> str:
    """The name of language ``code`` in ``ui_language``, or "" if the table has none."""
    ui = ui_language.lower()
    return language_names().get(code, {}).get(UI_ALIASES.get(ui, ui), "")
