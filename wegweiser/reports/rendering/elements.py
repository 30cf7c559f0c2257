"""A report's text as a list of elements both renderers write: headings, paragraphs, list items
and blocks, from the template text frozen in the snapshot. Markdown as committee texts need it:
``#``/``##``/``###`` headings, ``-`` or ``*`` list items, paragraphs separated by an empty line,
``**bold**``; inline ``anzahl`` blocks become their number."""

import re
from dataclasses import dataclass, field
from typing import Any

from wegweiser.reports.blocks import PLACEHOLDER

BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass
class Element:
    kind: str  # "heading", "paragraph", "item", "block"
    level: int = 0
    runs: list[tuple[str, bool]] = field(default_factory=list)  # (text, bold)
    block: dict[str, Any] | None = None

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.runs)


def _runs(text: str) -> list[tuple[str, bool]]:
    runs, last = [], 0
    for match in BOLD.finditer(text):
        if match.start() > last:
            runs.append((text[last : match.start()], False))
        runs.append((match.group(1), True))
        last = match.end()
    if last < len(text):
        runs.append((text[last:], False))
    return runs


def elements(snapshot: dict[str, Any]) -> list[Element]:
    blocks = list(snapshot.get("blocks", []))
    index = 0

    def inline(text: str) -> str:
        nonlocal index

        def replace(match: re.Match[str]) -> str:
            nonlocal index
            block = blocks[index] if index < len(blocks) else {}
            index += 1
            return str(block.get("text", block.get("count", "")))

        return PLACEHOLDER.sub(replace, text)

    result: list[Element] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            result.append(Element("paragraph", runs=_runs(" ".join(paragraph))))
            paragraph.clear()

    for raw in (snapshot.get("body") or "").splitlines():
        line = raw.strip()
        whole = PLACEHOLDER.fullmatch(line)
        if not line:
            flush()
        elif whole and not (index < len(blocks) and blocks[index].get("kind") == "anzahl"):
            flush()
            result.append(Element("block", block=blocks[index] if index < len(blocks) else None))
            index += 1
        elif heading := re.match(r"^(#{1,3})\s+(.*)$", line):
            flush()
            result.append(
                Element("heading", level=len(heading.group(1)), runs=_runs(inline(heading.group(2))))
            )
        elif item := re.match(r"^[-*]\s+(.*)$", line):
            flush()
            result.append(Element("item", runs=_runs(inline(item.group(1)))))
        else:
            paragraph.append(inline(line))
    flush()
    return result


def column_weights(table: dict[str, Any]) -> list[float]:
    """Relative column widths by the longest word and the typical length of each column's texts,
    so that neither Word, LibreOffice nor typst breaks words apart (the first 200 rows count; a
    longest word was still split by LibreOffice at 1.2 or 1.5 times its length)."""
    weights = []
    numeric = set(table.get("numeric", []))
    for column, header in enumerate(table["headers"]):
        texts = [str(row[column]) for row in table["rows"][:200]] + [str(header)]
        longest_word = max((len(w) for t in texts for w in t.split()), default=4)
        typical = sorted(len(t) for t in texts)[len(texts) // 2]
        if column in numeric:  # amounts such as "108.000 €" stay on one line
            longest_word = max(longest_word, max(len(t) for t in texts[:-1] or [""]))
        weights.append(round(max(longest_word * 1.7, min(typical, 40)) + 3, 2))
    return weights
