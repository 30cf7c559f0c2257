"""Right-to-left lines of a typst PDF put into reading order in the content stream.

typst shapes and sets Arabic and Farsi correctly, but writes the pieces of a right-to-left line
(each a marked-content sequence ``/Span<</MCID n>>BDC q 1 0 0 -1 X Y cm BT … ET Q EMC``, placed
by its own absolute matrix) in the order of its bidi runs, which is neither the visual nor the
logical order. Text extraction (pypdf, copy and search in most readers) reads a line in
content-stream order, so words came out shuffled.

``pdf_logical_line_order`` puts every right-to-left line into logical order: its pieces from
right to left, except that a stretch of left-to-right pieces (a German name, a number, an
e-mail address) is read from its left end; several right-to-left words inside one piece are
put from right to left as well. What a piece says is read through the fonts' ToUnicode maps
and classed by the Unicode bidi class of its letters. Nothing moves on the page: every piece
keeps its own position, graphics state and MCID, so the structure tree still points at the same
content. Only page content streams are rewritten, and the cross-reference table for the new
lengths.

The function expects what typst 0.15 writes (a classic xref table, uncompressed page and font
objects, two-byte glyph ids); anything else is returned unchanged."""

import bisect
import codecs
import re
import unicodedata
import zlib

# A literal string, "(…)" with backslash escapes (written unrolled: it is matched a lot).
_STRING = rb"\([^\\)]*(?:\\[\s\S][^\\)]*)*\)"
_TOKEN = re.compile(_STRING + rb"|(BDC|BMC|EMC)")
_OPERATOR = re.compile(rb"(BDC|BMC|EMC)")
_OPERATOR_IN_STRING = re.compile(rb"\([^()]*?(?:BDC|BMC|EMC)")
_PLACED_TEXT = re.compile(
    rb"^\s*/[A-Za-z]+\s*<<[^<>]*>>\s*BDC\s*q\s+1 0 0 -1 (-?[\d.]+) (-?[\d.]+) cm(?![A-Za-z])"
)
_PAGE = re.compile(rb"/Type\s*/Page\b[^>]*?/Resources\s+(\d+)\s+0\s+R[^>]*?/Contents\s+(\d+)\s+0\s+R")
_OBJECT = re.compile(rb"(\d+) 0 obj\s*<<([^>]*?)/Length (\d+)([^>]*)>>\s*stream\r?\n")
_FONT_REF = re.compile(rb"/(\w+)\s+(\d+)\s+0\s+R")
_SHOW = re.compile(rb"/(\w+)\s+[\d.]+\s+Tf|" + _STRING)
_SEGMENT_TOKEN = re.compile(
    _STRING + rb"|/ReversedChars\s*BMC|/Span\s*<<(?:[^<>]|<[^<>]*>)*>>\s*BDC|(?<![\w.])0 Tr|EMC"
)
_PLACED_BLOCK = re.compile(rb"(?<![\w.])q\s+1 0 0 -1 (-?[\d.]+) (-?[\d.]+) cm(?![A-Za-z])")
_KERN_FIRST = re.compile(rb"(/\w+ ([\d.]+) Tf\s*)1 0 0 -1 (-?[\d.]+) (-?[\d.]+) Tm\[(-?[\d.]+)")
_TEXT_MATRIX = re.compile(rb"1 0 0 -1 (-?[\d.]+) (-?[\d.]+) Tm")

Cmap = dict[int, str]
LINE_TOLERANCE = 5.0  # points


class _Pdf:
    """Objects of a classic-xref PDF by number."""

    def __init__(self, pdf: bytes, offsets: dict[int, int]) -> None:
        self.pdf, self.offsets = pdf, offsets
        self.cmaps: dict[int, Cmap] = {}

    def object(self, number: int) -> bytes:
        start = self.offsets[number]
        return self.pdf[start : self.pdf.find(b"endobj", start)]

    def stream(self, number: int) -> bytes:
        raw = self.object(number)
        length = int(re.search(rb"/Length (\d+)", raw).group(1))  # type: ignore[union-attr]
        data_at = re.search(rb"stream\r?\n", raw).end()  # type: ignore[union-attr]
        data = raw[data_at : data_at + length]
        return zlib.decompress(data) if b"/FlateDecode" in raw[:data_at] else data

    def cmap(self, font: int) -> Cmap:
        """Glyph id → text, from the font's ToUnicode map (bfchar and bfrange entries)."""
        if font not in self.cmaps:
            found = re.search(rb"/ToUnicode\s+(\d+)\s+0\s+R", self.object(font))
            cmap: Cmap = {}
            if found:
                text = self.stream(int(found.group(1)))
                for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
                    for code, value in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
                        cmap[int(code, 16)] = bytes.fromhex(value.decode()).decode("utf-16-be", "replace")
                for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
                    for low, high, value in re.findall(
                        rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
                    ):
                        first = int(value, 16)
                        for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                            cmap[code] = chr(first + offset)
            self.cmaps[font] = cmap
        return self.cmaps[font]


def _pieces(stream: bytes) -> list[bytes] | None:
    """The stream cut after every top-level EMC (the rest as the last piece)."""
    pieces, depth, start = [], 0, 0
    # Only the marked-content operators matter; strings are skipped only where one may hold
    # those letters (typst writes two-byte glyph ids, so that takes a font of 17,000 glyphs).
    tokens = _TOKEN if _OPERATOR_IN_STRING.search(stream) else _OPERATOR
    for match in tokens.finditer(stream):
        operator = match.group(1)
        if operator in (b"BDC", b"BMC"):
            depth += 1
        elif operator == b"EMC":
            depth -= 1
            if depth < 0:
                return None
            if depth == 0:
                pieces.append(stream[start : match.end()])
                start = match.end()
    pieces.append(stream[start:])
    return pieces if depth == 0 else None


def _unescape(string: bytes) -> bytes:
    """The bytes of a literal string's inside (PDF escapes are Python's, but for the brackets)."""
    if b"\\" not in string:
        return string
    decoded: bytes = codecs.escape_decode(string.replace(b"\\(", b"(").replace(b"\\)", b")"))[0]  # type: ignore[assignment]
    return decoded


def _text(piece: bytes, fonts: dict[bytes, Cmap]) -> str:
    """What a piece shows, through the ToUnicode maps of its fonts."""
    out: list[str] = []
    cmap: Cmap = {}
    for match in _SHOW.finditer(piece, piece.find(b"BT")):
        if match.group(1) is not None:
            cmap = fonts.get(match.group(1), {})
            continue
        raw = _unescape(match.group(0)[1:-1])
        out.extend(cmap.get(int.from_bytes(raw[i : i + 2], "big"), "") for i in range(0, len(raw) - 1, 2))
    return "".join(out)


class PageFonts(dict[bytes, Cmap]):
    """A page's font resource names → ToUnicode maps, and the directions of the pieces read so
    far (spaces and repeated words are read once)."""

    def __init__(self, fonts: dict[bytes, Cmap]) -> None:
        super().__init__(fonts)
        self.kinds: dict[bytes, str] = {}


def _kind(piece: bytes, fonts: dict[bytes, Cmap]) -> str:
    """``_direction`` of a piece; a piece typst marks ``/ReversedChars`` is right to left."""
    if b"/ReversedChars" in piece:
        return "R"
    kinds = fonts.kinds if isinstance(fonts, PageFonts) else {}
    key = piece[piece.find(b"BT") :]
    if key not in kinds:
        kinds[key] = _direction(_text(piece, fonts))
    return kinds[key]


def _direction(text: str) -> str:
    """ "R" if the piece holds a right-to-left letter, "L" if a left-to-right letter or a digit,
    else "N" (spaces, punctuation: they take the direction of their neighbours)."""
    classes = {unicodedata.bidirectional(c) for c in text}
    if classes & {"R", "AL"}:
        return "R"
    if classes & {"L", "EN", "AN"}:
        return "L"
    return "N"


def _segments(piece: bytes) -> tuple[bytes, list[tuple[float, bytes]], bytes] | None:
    """A piece's text object cut into the parts typst placed with their own text matrix
    (``… 0 Tr/fN size Tf 1 0 0 -1 X Y Tm …``, each maybe inside a ``/ReversedChars`` or
    ``/Span`` marked sequence): (before, [(x, part)], after), or None if it has one part."""
    begin, finish = piece.find(b"BT") + 2, piece.rfind(b"ET")
    body = piece[begin:finish]
    cuts, depth = [], 0
    for match in _SEGMENT_TOKEN.finditer(body):
        token = match.group(0)
        if token.startswith(b"("):
            continue
        if token == b"EMC":
            depth -= 1
            continue
        if depth == 0:
            cuts.append(match.start())
        if not token.endswith(b"Tr"):
            depth += 1
    if len(cuts) < 2 or depth != 0:
        return None
    parts = []
    for a, b in zip(cuts, [*cuts[1:], len(body)], strict=True):
        part = body[a:b]
        placed = _TEXT_MATRIX.search(part)
        if placed is None:
            return None
        parts.append((float(placed.group(1)), part))
    return piece[: begin + cuts[0]], parts, body[len(body) :] + piece[finish:]


def _in_reading_order(items: list[tuple[float, bytes]], kinds: list[str]) -> list[bytes]:
    """typst writes the bidi runs of a line in logical order, the parts of each run from left
    to right: a run ends where the next part lies to the left of the last one or changes
    direction; the parts of every right-to-left run are reversed. Spaces and punctuation stay
    in the run they were written in."""
    runs: list[tuple[str, list[bytes]]] = []
    last_x = float("inf")
    for (x, item), kind in zip(items, kinds, strict=True):
        current = runs[-1][0] if runs else ""
        if not runs or x < last_x or (kind != "N" and current not in ("N", kind)):
            runs.append((kind, []))
        elif current == "N" and kind != "N":
            runs[-1] = (kind, runs[-1][1])
        runs[-1][1].append(item)
        last_x = x
    ordered: list[bytes] = []
    for kind, run in runs:
        ordered.extend(reversed(run) if kind == "R" else run)
    return ordered


def _piece_in_reading_order(piece: bytes, fonts: dict[bytes, Cmap]) -> bytes:
    """A piece with several placed parts (a word with a raised mark, a footer line) with its
    parts in reading order."""
    if piece.count(b"Tm") < 2:
        return piece
    cut = _segments(piece)
    if cut is None:
        return piece
    before, parts, after = cut
    kinds = [_kind(b"BT" + part, fonts) for _x, part in parts]
    if "R" not in kinds:
        return piece
    return before + b"\n".join(_in_reading_order(parts, kinds)) + b"\n" + after


def _on_baseline(piece: bytes, y: float, baseline: float) -> bytes:
    """A piece raised above the line (a mark such as the shadda) moved onto the baseline and
    lifted again by text rise (``Ts``), which text extraction does not take for a new line."""
    block = _PLACED_BLOCK.search(piece)
    begin = piece.find(b"BT")
    if block is None or begin < block.end():
        return piece
    rise = b" %.4f Ts " % (y - baseline)
    moved = piece[: block.start(2)] + b"%.4f" % baseline + piece[block.end(2) : begin + 2]
    return moved + rise + _KERN_FIRST.sub(_kern_into_matrix, piece[begin + 2 :], count=1)


def _kern_into_matrix(match: re.Match[bytes]) -> bytes:
    """``/f0 15 Tf 1 0 0 -1 X 0 Tm[-160(…)]TJ`` as ``… 1 0 0 -1 X+2.4 0 Tm[(…)]TJ``: the same
    place, but a mark shifted by a kerning number reads as the start of a new word."""
    size, x, kern = (float(match.group(i)) for i in (2, 3, 5))
    shifted = x - kern / 1000 * size
    return match.group(1) + b"1 0 0 -1 %.4f %s Tm[" % (shifted, match.group(4))


def _logical(line: list[tuple[float, float, bytes]], fonts: dict[bytes, Cmap]) -> list[bytes]:
    """The pieces of one line in reading order (see ``_in_reading_order``); lines without
    right-to-left letters stay as typst wrote them."""
    if not any(b"/ReversedChars" in piece for _x, _y, piece in line):
        return [piece for _x, _y, piece in line]
    kinds = [_kind(piece, fonts) for _x, _y, piece in line]
    if "R" not in kinds:
        return [piece for _x, _y, piece in line]
    ys = [y for _x, y, _piece in line]
    baseline = max(set(ys), key=ys.count)
    pieces = [
        (x, _piece_in_reading_order(piece if y == baseline else _on_baseline(piece, y, baseline), fonts))
        for x, y, piece in line
    ]
    return _in_reading_order(pieces, kinds)


def _lines_in_reading_order(
    items: list[tuple[bytes, tuple[float, float] | None]], fonts: dict[bytes, Cmap]
) -> bytes:
    """Placed pieces of text (with their x and y; None for anything else) with the pieces of
    every line in reading order. A line is a row of pieces written one after the other whose
    baselines differ by less than a few points (a mark such as the shadda is raised; lines are
    9 pt and more apart)."""
    out: list[bytes] = []
    line: list[tuple[float, float, bytes]] = []
    line_y = float("nan")

    def flush() -> None:
        out.extend(_logical(line, fonts))
        line.clear()

    for piece, place in items:
        if place is None:
            flush()
            line_y = float("nan")
            out.append(piece)
            continue
        x, y = place
        if not abs(y - line_y) < LINE_TOLERANCE:
            flush()
            line_y = y
        line.append((x, y, piece))
    flush()
    return b"".join(out)


def _artifact_in_reading_order(piece: bytes, fonts: dict[bytes, Cmap]) -> bytes:
    """A running footer: one artifact sequence of several placed text objects
    (``q 1 0 0 -1 X Y cm BT … ET Q``), put in reading order like the lines of the page."""
    starts = list(_PLACED_BLOCK.finditer(piece))
    if len(starts) < 2 or not piece.rstrip().endswith(b"EMC"):
        return piece
    end = piece.rstrip().rfind(b"EMC")
    bounds = [m.start() for m in starts] + [end]
    items: list[tuple[bytes, tuple[float, float] | None]] = []
    for match, stop in zip(starts, bounds[1:], strict=True):
        block = piece[match.start() : stop]
        text = block.count(b"BT") == 1
        items.append((block, (float(match.group(1)), float(match.group(2))) if text else None))
    return piece[: bounds[0]] + _lines_in_reading_order(items, fonts) + piece[end:]


def content_logical_line_order(stream: bytes, fonts: dict[bytes, Cmap]) -> bytes:
    """One page's content stream with its right-to-left lines in reading order; ``fonts`` maps
    the page's font resource names to their ToUnicode maps."""
    if b"/ReversedChars" not in stream:
        return stream
    pieces = _pieces(stream)
    if pieces is None:
        return stream
    items: list[tuple[bytes, tuple[float, float] | None]] = []
    for piece in pieces:
        placed = _PLACED_TEXT.match(piece)
        if placed and piece.count(b"BT") == 1:
            items.append((piece, (float(placed.group(1)), float(placed.group(2)))))
        elif piece.lstrip().startswith(b"/Artifact") and b"/ReversedChars" in piece:
            items.append((_artifact_in_reading_order(piece, fonts), None))
        else:
            items.append((piece, None))
    return _lines_in_reading_order(items, fonts)


def _mark_entries(cmap_stream: bytes) -> bytes:
    """A ToUnicode map whose mark glyphs say only their marks. typst gives a glyph the text of
    the cluster it first appeared in, so the shadda of "تعلّم" reads "لّ" and the hamza of the
    Persian "دورهٔ" reads "هٔ" (the letter is drawn, and read, from a glyph of its own): a letter
    followed by combining marks (Unicode category Mn) is cut down to the marks."""

    def entry(match: re.Match[bytes]) -> bytes:
        text = bytes.fromhex(match.group(2).decode()).decode("utf-16-be", "replace")
        marks = text[1:]
        if (
            marks
            and unicodedata.category(text[0]) == "Lo"
            and all(unicodedata.category(c) == "Mn" for c in marks)
        ):
            return b"<%s> <%s>" % (match.group(1), marks.encode("utf-16-be").hex().upper().encode())
        return match.group(0)

    return re.sub(
        rb"beginbfchar.*?endbfchar",
        lambda block: re.sub(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", entry, block.group(0)),
        cmap_stream,
        flags=re.S,
    )


def pdf_logical_line_order(pdf: bytes) -> bytes:
    """``pdf`` with every page's right-to-left lines in reading order and its mark glyphs
    read as marks (see the module)."""
    startxref = pdf.rfind(b"startxref")
    found = re.match(rb"\s*(\d+)", pdf[startxref + 9 :]) if startxref >= 0 else None
    if found is None:
        return pdf
    xref_at = int(found.group(1))
    header = re.match(rb"xref\s+0\s+(\d+)\s+", pdf[xref_at:])
    trailer_at = pdf.find(b"trailer", xref_at)
    if header is None or trailer_at < 0:
        return pdf
    entries = pdf[xref_at + header.end() : trailer_at].split()
    size = int(header.group(1))
    if len(entries) != 3 * size:
        return pdf
    document = _Pdf(pdf, {n: int(entries[3 * n]) for n in range(size) if entries[3 * n + 2] == b"n"})
    replaced: dict[int, bytes] = {}  # object number → new (decompressed) stream
    for number in {int(n) for n in re.findall(rb"/ToUnicode\s+(\d+)\s+0\s+R", pdf)}:
        cmap = document.stream(number)
        if (marked := _mark_entries(cmap)) != cmap:
            replaced[number] = marked
    for resources, contents in _PAGE.findall(pdf):
        font_dict = re.search(rb"/Font\s*<<(.*?)>>", document.object(int(resources)), re.S)
        fonts = PageFonts(
            {
                name: document.cmap(int(ref))
                for name, ref in _FONT_REF.findall(font_dict.group(1) if font_dict else b"")
            }
        )
        stream = document.stream(int(contents))
        if (ordered := content_logical_line_order(stream, fonts)) != stream:
            replaced[int(contents)] = ordered
    if not replaced:
        return pdf
    out = bytearray()
    starts: list[int] = []  # old offsets of the rewritten objects, ascending
    growth: list[int] = []  # bytes added up to and including each of them
    position = 0
    for number in sorted(replaced, key=lambda n: document.offsets[n]):
        match = _OBJECT.match(pdf, document.offsets[number])
        if (
            match is None
            or int(match.group(1)) != number
            or b"/FlateDecode" not in match.group(2) + match.group(4)
        ):
            continue
        length = int(match.group(3))
        encoded = zlib.compress(replaced[number], 3)
        head = match.group(0).replace(b"/Length %d" % length, b"/Length %d" % len(encoded), 1)
        out += pdf[position : match.start()] + head + encoded
        position = match.end() + length
        starts.append(match.start())
        growth.append((growth[-1] if growth else 0) + len(head) + len(encoded) - len(match.group(0)) - length)
    out += pdf[position:xref_at]
    table = [b"xref\n0 %d\n" % size]
    for number in range(size):
        offset, generation, kind = entries[3 * number : 3 * number + 3]
        moved = int(offset)
        if kind == b"n" and (before := bisect.bisect_left(starts, moved)):
            moved += growth[before - 1]
        table.append(b"%010d %s %s\r\n" % (moved, generation, kind))
    new_xref = len(out)
    trailer_end = pdf.find(b"startxref", trailer_at)
    out += b"".join(table) + pdf[trailer_at:trailer_end] + b"startxref\n%d\n%%%%EOF" % new_xref
    return bytes(out)
