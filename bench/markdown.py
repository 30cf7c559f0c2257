"""Result files with generated and hand-written parts.

``bench.run`` writes its tables between marker comments (``<!-- generated:NAME -->`` …
``<!-- end generated:NAME -->``) and leaves everything else in the file alone, so that notes,
earlier measurements and figures from other machines survive a rerun. A block that a run did
not produce (e.g. the nation catalog's tables when only ``one-district`` ran) stays as it was."""

from pathlib import Path


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- generated:{name} -->", f"<!-- end generated:{name} -->"


def replace_block(text: str, name: str, content: str) -> str:
    """``text`` with block ``name`` replaced by ``content`` (appended when it has none yet)."""
    begin, end = _markers(name)
    block = f"{begin}\n{content.strip()}\n{end}"
    start = text.find(begin)
    stop = text.find(end, start + len(begin)) if start >= 0 else -1
    if start >= 0 and stop >= 0:
        return text[:start] + block + text[stop + len(end) :]
    return (text.rstrip() + "\n\n" if text.strip() else "") + block + "\n"


def write_blocks(path: Path, title: str, blocks: dict[str, str]) -> None:
    """Write ``blocks`` (name → markdown) into ``path``, keeping everything outside them."""
    text = path.read_text(encoding="utf-8") if path.exists() else f"# {title}\n"
    for name, content in blocks.items():
        text = replace_block(text, name, content)
    path.write_text(text, encoding="utf-8")
