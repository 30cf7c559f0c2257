"""German compounds in the search: "Sprachkurs" finds "Berufssprachkurs", "Deutschkurs" finds
"Deutsch-Kurs" and the other way round.

Three small rules, all against the index's own vocabulary (``SearchTerm``: every word of every
published offer), so nothing has to be downloaded, trained or kept in memory, and SQLite and
PostgreSQL behave alike:

1. At index time, words joined by hyphens are also indexed as one word ("Deutsch-Kurs" adds
   "deutschkurs"), so that a query for the closed compound finds them (``document_words``).
2. At query time, a word also matches the compounds of the vocabulary whose *head* it is: German
   compounds are head-final, a "Berufssprachkurs" is a "Sprachkurs", a "Deutschkurs" a "Kurs".
   One indexed substring query over the vocabulary per query word (FTS5 trigram / pg_trgm),
   filtered in Python to stems that end with the word's stem after at least
   ``MIN_MODIFIER`` letters (``head_alternatives``).
3. A query word that is not in the vocabulary at all and can be cut into two words that are
   ("Berufssprachkurs" when no offer says it, but offers say "Beruf" and "Sprachkurs"; linking
   "s"/"es"/"n"/"en" allowed) is searched as those two words (``split_unknown``).

Why not a statistical splitter: see docs/search.md ("Compounds")."""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection

from wegweiser.search.normalise import STOP_WORDS, strip_diacritics, words

# Letters a query word needs before it is looked for as the head of longer compounds; letters
# a compound needs in front of that head ("Rat" does not find "Heirat", "Kurs" finds "Sprachkurs").
MIN_HEAD = 4
MIN_MODIFIER = 3
HEAD_CANDIDATES = 200
MIN_SPLIT = 7
LINKING = ("", "s", "es", "n", "en")

LATIN_RE = re.compile(r"[a-zß]+")
HYPHENATED_RE = re.compile(r"\w+(?:[-‐‑]\w+)+", re.UNICODE)


def hyphen_joined(text: str) -> list[str]:
    """``"Deutsch-Kurs für Eltern"`` → ``["deutschkurs"]``: hyphenated words written as one."""
    normal = unicodedata.normalize("NFKC", text or "").lower()
    found = []
    for match in HYPHENATED_RE.finditer(normal):
        joined = re.sub(r"[-‐‑]", "", match.group(0))
        if not joined.isdigit():
            found.append(joined)
    return found


def query_words(text: str) -> list[str]:
    """The words of a query, where a hyphenated word that the vocabulary knows written as one
    counts as that one word ("Deutsch-Kurs" → "deutschkurs"); others stay apart."""
    joined = {j for j in hyphen_joined(text) if LATIN_RE.fullmatch(strip_diacritics(j))}
    known = _known({strip_diacritics(j) for j in joined})
    if not known:
        return words(text)
    normal = unicodedata.normalize("NFKC", text or "").lower()

    def replace(match: re.Match[str]) -> str:
        one = re.sub(r"[-‐‑]", "", match.group(0))
        return one if strip_diacritics(one) in known else match.group(0)

    return words(HYPHENATED_RE.sub(replace, normal))


def document_words(words_of_text: list[str], text: str) -> list[str]:
    """The words a document is indexed under: its words plus its hyphenated words joined."""
    return words_of_text + hyphen_joined(text)


def _containing(fragment: str, limit: int) -> list[tuple[str, str]]:
    """(word, stem) of the vocabulary that contain ``fragment`` (an indexed substring search)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            pattern = "%" + _like_escaped(fragment) + "%"
            cursor.execute(
                "SELECT term, stem FROM search_searchterm WHERE term LIKE %s LIMIT %s", [pattern, limit]
            )
        else:
            cursor.execute(
                "SELECT t.term, t.stem FROM search_term_trgm "
                "JOIN search_searchterm t ON t.id = search_term_trgm.rowid "
                "WHERE search_term_trgm MATCH %s LIMIT %s",
                ['"' + fragment.replace('"', '""') + '"', limit],
            )
        return [(term, word_stem) for term, word_stem in cursor.fetchall()]


def head_alternatives(
    word: str, variants: list[str], memo: dict[tuple[str, ...], list[str]] | None = None
) -> list[str]:
    """Index terms of the vocabulary's compounds whose head is ``word`` (a lower-case query
    word; ``variants``: its stems in the search languages). ``memo``: the answers already
    looked up while parsing this query (an unknown word is asked twice: ``query_parts``)."""
    if memo is None:
        return _head_alternatives(word, variants)
    key = (word, *variants)
    if key not in memo:
        memo[key] = _head_alternatives(word, variants)
    return memo[key]


def _head_fragment(word: str, variants: list[str]) -> tuple[str, list[str]] | None:
    """The fragment to look up the compounds whose head ``word`` is by (the shortest of its
    stems: it is contained in the longer ones' words) and those stems; None when ``word`` is too
    short or not Latin."""
    folded = strip_diacritics(word.lower())
    if len(folded) < MIN_HEAD or not LATIN_RE.fullmatch(folded):
        return None
    heads = [v for v in variants if len(v) >= MIN_HEAD - 1]
    if not heads:
        return None
    return min(heads, key=len), heads


def _head_alternatives(
    word: str, variants: list[str], containing: list[tuple[str, str]] | None = None
) -> list[str]:
    """``head_alternatives`` of ``word``; ``containing``: the vocabulary's words containing the
    fragment, when they were looked up already (``vocabulary_probe``)."""
    fragment = _head_fragment(word, variants)
    if fragment is None:
        return []
    shortest, heads = fragment
    if containing is None:
        containing = _containing(shortest, HEAD_CANDIDATES)
    found: list[str] = []
    for _term, candidate in containing:
        if candidate in found or candidate in variants:
            continue
        if any(candidate.endswith(h) and len(candidate) - len(h) >= MIN_MODIFIER for h in heads):
            found.append(candidate)
    return found


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass
class Unknown:
    """What the vocabulary said, asked in advance (``vocabulary_probe``), about query words that
    no word of it starts like: which parts of each cut are words (``split_unknown``), by word,
    and the words similar to it (typo tolerance, ``similar_words``), by the word without
    diacritics."""

    parts: dict[str, set[str]] = field(default_factory=dict)
    similar: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def vocabulary_probe(
    word: str,
    variants: list[str],
    known: dict[str, bool],
    heads: dict[tuple[str, ...], list[str]],
    unknown: Unknown | None = None,
    *,
    similar: tuple[str, int] | None = None,
) -> None:
    """What parsing ``word`` asks the vocabulary first, in one round trip on PostgreSQL:
    whether a word starts like each of its stems (``has_prefix``) and which words contain the
    fragment of the compounds it is the head of (``head_alternatives``); the answers go into the
    query's memos ``known`` and ``heads``, where those functions find them. SQLite, which
    answers in-process, is asked as before, one question at a time.

    With ``unknown``, the questions asked next of a word that nothing starts like (a typo, an
    unknown compound) are asked in the same query, answered only if no stem is a prefix (the
    database skips them otherwise): which parts of its cuts are words, and, for ``similar``
    (the word without diacritics and how many candidates), the similar words. A typo takes one
    query instead of three; an unknown compound that splits asks for similar words in vain."""
    if connection.vendor != "postgresql":
        return
    variants = list(dict.fromkeys(variants))
    prefixes = [v for v in variants if v not in known]
    key = (word, *variants)
    fragment = _head_fragment(word, variants) if key not in heads else None
    if not prefixes and fragment is None:
        return
    parts = ["SELECT 0, %s, NULL WHERE EXISTS (SELECT 1 FROM search_searchterm WHERE term LIKE %s)"] * len(
        prefixes
    )
    params: list = [x for prefix in prefixes for x in (prefix, _like_escaped(prefix) + "%")]
    if fragment is not None:
        parts.append(
            "SELECT 1, c.term, c.stem FROM "
            "(SELECT term, stem FROM search_searchterm WHERE term LIKE %s LIMIT %s) c"
        )
        params += ["%" + _like_escaped(fragment[0]) + "%", HEAD_CANDIDATES]
    ahead = unknown is not None and variants and not any(known.get(v) for v in variants)
    cut = _cuts(word) if ahead else None
    if ahead:  # asked only when no stem is a prefix (a one-time filter: otherwise not run)
        guard = " AND ".join(
            ["NOT EXISTS (SELECT 1 FROM search_searchterm WHERE term LIKE %s)"] * len(variants)
        )
        guard_params = [_like_escaped(v) + "%" for v in variants]
        if cut is not None:
            among, among_params = _words_among({cut[0]} | {p for pair in cut[1] for p in pair})
            parts.append(f"SELECT 2, term, NULL FROM search_searchterm WHERE {among} AND {guard}")  # noqa: S608 - fixed SQL
            params += among_params + guard_params
        if similar is not None:
            from wegweiser.search.backends.postgres import SIMILAR_WORDS

            parts.append(f"SELECT 3, s.term, s.stem FROM ({SIMILAR_WORDS}) s WHERE {guard}")  # noqa: S608 - fixed SQL
            params += [similar[0], similar[0], similar[1], *guard_params]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    starting = {value for kind, value, _stem in rows if kind == 0}
    for prefix in prefixes:
        known[prefix] = prefix in starting
    if fragment is not None:
        containing = [(term, stem) for kind, term, stem in rows if kind == 1]
        heads[key] = _head_alternatives(word, variants, containing)
    if ahead and unknown is not None and not any(known.get(v) for v in variants):  # they were asked
        if cut is not None:
            unknown.parts[word] = {term for kind, term, _stem in rows if kind == 2}
        if similar is not None:
            unknown.similar[similar[0]] = [(term, stem) for kind, term, stem in rows if kind == 3]


def _words_among(candidates: set[str]) -> tuple[str, list[str]]:
    """The condition "``term`` is one of ``candidates``" and its parameters. Each word as a range
    of one (``term >= w AND term <= w``), not ``term IN (…)``: for IN, PostgreSQL picks the
    trigram index (pg_trgm answers ``=`` too), which for short words such as "spr" reads
    thousands of entries (30-45 ms at 20,000 terms, against 0.1 ms by the unique index; SQLite
    reads its unique index either way)."""
    ranges = " OR ".join(["(term >= %s AND term <= %s)"] * len(candidates))
    return f"({ranges})", [w for word in sorted(candidates) for w in (word, word)]


def _known(candidates: set[str]) -> set[str]:
    if not candidates:
        return set()
    among, params = _words_among(candidates)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT term FROM search_searchterm WHERE {among}", params)  # noqa: S608
        return {row[0] for row in cursor.fetchall()}


def split_unknown(word: str, unknown: Unknown | None = None) -> list[str]:
    """``word`` cut into two words of the vocabulary (modifier, head), longest head first; empty
    when ``word`` is short, known, or cannot be cut so. ``unknown``: the vocabulary's answer,
    when it was asked in advance (``vocabulary_probe``)."""
    cut = _cuts(word)
    if cut is None:
        return []
    folded, cuts = cut
    if unknown is not None and word in unknown.parts:
        known = unknown.parts[word]
    else:
        known = _known({folded} | {p for pair in cuts for p in pair})
    if folded in known:
        return []
    for modifier, head in sorted(cuts, key=lambda pair: -len(pair[1])):
        if modifier in known and head in known:
            return [modifier, head]
    return []


def _cuts(word: str) -> tuple[str, list[tuple[str, str]]] | None:
    """``word`` without diacritics and the (modifier, head) pairs it could be cut into; None
    when it is too short or not Latin to be cut."""
    folded = strip_diacritics(word.lower())
    if len(folded) < MIN_SPLIT or not LATIN_RE.fullmatch(folded):
        return None
    cuts: list[tuple[str, str]] = []
    for i in range(MIN_MODIFIER, len(folded) - MIN_HEAD + 1):
        left, right = folded[:i], folded[i:]
        for link in LINKING:
            if link and not left.endswith(link):
                continue
            modifier = left[: len(left) - len(link)] if link else left
            if len(modifier) >= MIN_MODIFIER and modifier not in STOP_WORDS:
                cuts.append((modifier, right))
    return folded, cuts


def has_prefix(prefix: str, known: dict[str, bool] | None = None) -> bool:
    """Whether a word of the vocabulary starts with ``prefix``; looked up once per query."""
    from wegweiser.search.backends import get_backend

    memo = {} if known is None else known
    if prefix not in memo:
        memo[prefix] = get_backend().has_prefix(prefix=prefix)
    return memo[prefix]


def query_parts(
    word: str,
    variants: list[str],
    known: dict[str, bool] | None = None,
    heads: dict[tuple[str, ...], list[str]] | None = None,
    unknown: Unknown | None = None,
) -> list[str]:
    """``[word]``, or the two known words an unknown compound is made of (rule 3). ``known``:
    the prefixes already looked up in this query (``has_prefix``), filled in here; ``heads``:
    likewise ``head_alternatives``' answers; ``unknown``: answers asked in advance."""
    if not LATIN_RE.fullmatch(strip_diacritics(word)) or any(has_prefix(v, known) for v in variants):
        return [word]
    # The head of known compounds ("Sprachkurs" in "Berufssprachkurs") is not cut either: its
    # parts alone ("sprach…", "kur…") would match nearly every offer.
    if head_alternatives(word.lower(), variants, heads):
        return [word]
    return split_unknown(word, unknown) or [word]
