"""Hints for writing plain German (Leichte Sprache): long sentences, long words and compounds
without a hyphen or media dot, passive voice, negations, abbreviations. Pure Python, no
database: ``readability_check(text)`` returns the hints the back office shows beside the text."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Leichte Sprache: one statement per sentence; more than this many words is flagged.
MAX_SENTENCE_WORDS = 12
# Words of more than this many letters (without hyphen or media dot) are hard to read.
MAX_WORD_LETTERS = 13

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß·\-]+")
_PASSIVE = re.compile(
    r"\b(wird|werden|wurde|wurden|worden)\b.*\bge\w+(t|en)\b|\bge\w+(t|en)\s+(wird|werden|wurde|wurden)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(nicht|kein|keine|keinen|keinem|keiner|keines|nie|niemals)\b", re.IGNORECASE)
_ABBREVIATION = re.compile(r"\b(z\.\s?B\.|usw\.|bzw\.|ggf\.|u\.\s?a\.|d\.\s?h\.|evtl\.|ca\.|inkl\.|etc\.)")
_MARKDOWN = re.compile(r"[*_#>`]+|^\s*[-+]\s+", re.MULTILINE)


@dataclass(frozen=True)
class Hint:
    kind: str  # "sentence", "word", "passive", "negation", "abbreviation"
    message: str
    excerpt: str


@dataclass(frozen=True)
class Readability:
    sentences: int
    words: int
    hints: tuple[Hint, ...]

    @property
    def average_sentence_words(self) -> float:
        return round(self.words / self.sentences, 1) if self.sentences else 0.0


def sentences_of(text: str) -> list[str]:
    plain = _MARKDOWN.sub("", text)
    return [s.strip() for s in _SENTENCE_END.split(plain) if s and s.strip()]


def words_of(sentence: str) -> list[str]:
    return [w.strip("-") for w in _WORD.findall(sentence) if w.strip("-")]


def _long_parts(word: str) -> bool:
    """A word counts as long if a part between hyphens or media dots is long."""
    return any(len(part) > MAX_WORD_LETTERS for part in re.split(r"[-·]", word))


def readability_check(text: str) -> Readability:
    """Hints on ``text`` (German; Markdown marks are ignored)."""
    hints: list[Hint] = []
    sentences = sentences_of(text)
    total = 0
    seen_words: set[str] = set()
    for sentence in sentences:
        words = words_of(sentence)
        total += len(words)
        if len(words) > MAX_SENTENCE_WORDS:
            hints.append(
                Hint(
                    "sentence",
                    _("Long sentence (%(count)s words): write one statement per sentence.")
                    % {"count": len(words)},
                    sentence[:120],
                )
            )
        for word in words:
            if _long_parts(word) and word not in seen_words:
                seen_words.add(word)
                hints.append(
                    Hint(
                        "word",
                        _(
                            "Long word (%(count)s letters): use a shorter word or split it with a hyphen "
                            "or media dot."
                        )
                        % {"count": len(word)},
                        word,
                    )
                )
        if _PASSIVE.search(sentence):
            hints.append(Hint("passive", _("Passive voice: say who does it."), sentence[:120]))
        if _NEGATION.search(sentence):
            hints.append(Hint("negation", _("Negation: say it positively if you can."), sentence[:120]))
        for match in _ABBREVIATION.finditer(sentence):
            hints.append(Hint("abbreviation", _("Abbreviation: write the words out."), match.group(0)))
    return Readability(sentences=len(sentences), words=total, hints=tuple(hints))
