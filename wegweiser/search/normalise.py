"""Turning text into index terms, identically for documents and queries and on every database.

Lower case, Unicode NFKC, words split at non-letters, stop words removed, stemmed with the Snowball
stemmer of the text's language (applied until nothing changes, so that "Sprachkurs" and
"Sprachkurse" meet), then diacritics removed (umlauts included: "Flüchtlinge", "Fluechtlinge" and
"Fluchtlinge" all become "fluchtling"; the German stemmer maps "ue" to "ü" first).
"""

import functools
import re
import unicodedata

import Stemmer

SNOWBALL = {
    "ar": "arabic",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "fa": "persian",
    "fr": "french",
    "hy": "armenian",
    "it": "italian",
    "nl": "dutch",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "tr": "turkish",
}

_GERMAN_STOP_WORDS = """
der die das den dem des ein eine einer eines einem einen und oder in im ins an am auf aus bei mit
nach von vom zu zum zur fur uber unter vor fuer für über ist sind wir ihr sie es ich du er auch als
wie wo was wer nicht
"""
_ENGLISH_STOP_WORDS = "the a an and or in on at to for of with by from is are we you it as"
STOP_WORDS = frozenset(_GERMAN_STOP_WORDS.split()) | frozenset(_ENGLISH_STOP_WORDS.split())

# Words: letters and digits; the zero-width non-joiner inside Persian words ("کلاس‌ها") belongs
# to the word (the Persian stemmer needs it; terms drop it).
ZWNJ = "\u200c"
WORD_RE = re.compile(r"\w+(?:\u200c\w+)*", re.UNICODE)
MAX_TERM_LENGTH = 60


@functools.cache
def _stemmer(language: str) -> Stemmer.Stemmer | None:
    algorithm = SNOWBALL.get(language)
    return Stemmer.Stemmer(algorithm) if algorithm else None


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=100_000)
def stem(word: str, language: str) -> str:
    """The index term of one lower-case word."""
    stemmer = _stemmer(language)
    if stemmer is not None:
        for _ in range(4):
            shorter = stemmer.stemWord(word)
            if shorter == word:
                break
            word = shorter
    return strip_diacritics(word).replace(ZWNJ, "")[:MAX_TERM_LENGTH]


def words(text: str) -> list[str]:
    """Lower-case words of ``text`` without stop words (of any language we know)."""
    found = WORD_RE.findall(unicodedata.normalize("NFKC", text or "").lower())
    # Numbers count only from four digits on (postcodes, years), not "2" or "10".
    return [w for w in found if w not in STOP_WORDS and (not w.isdigit() or len(w) > 3)]


def index_terms(text: str, language: str) -> list[str]:
    """The terms under which ``text`` (written in ``language``) is found."""
    return [stem(w, language) for w in words(text)]


def query_variants(word: str, languages: list[str]) -> list[str]:
    """A query word stemmed as each of ``languages`` would stem it, without repeats."""
    variants: list[str] = []
    for language in languages:
        term = stem(word, language)
        if term and term not in variants:
            variants.append(term)
    return variants


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), cut at limit+1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def typo_allowance(term: str) -> int:
    """How many edits a query term may be away from an index term: none for short words."""
    if len(term) < 4:
        return 0
    return 1 if len(term) < 8 else 2
