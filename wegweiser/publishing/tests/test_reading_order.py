"""The reading-order pass over typst's right-to-left PDFs, piece by piece (the whole catalogs
are extracted in test_pdf.py and test_languages.py)."""

from wegweiser.publishing.rendering.reading_order import (
    PageFonts,
    _mark_entries,
    content_logical_line_order,
    pdf_logical_line_order,
)

# Glyph ids of a made-up font: 1 "ع", 2 "ر", 3 "ض", 4 " ", 5 "4", 6 "8".
FONTS = PageFonts({b"f0": {1: "ع", 2: "ر", 3: "ض", 4: " ", 5: "4", 6: "8"}})


def _piece(mcid: int, x: float, glyphs: bytes, *, rtl: bool) -> bytes:
    marked = b"/ReversedChars BMC " if rtl else b""
    end = b"EMC\n" if rtl else b""
    text = b"".join(b"\\000\\%03o" % g for g in glyphs)
    return (
        b"/Span<</MCID %d>>BDC\nq 1 0 0 -1 %.2f 700 cm\nBT %s0 Tr/f0 9 Tf 1 0 0 -1 0 0 Tm(%s)Tj\n%sET\nQ\nEMC"
        % (mcid, x, marked, text, end)
    )


def test_a_right_to_left_line_is_written_in_reading_order() -> None:
    # "عرض 48 ضرع" as typst writes it: the runs in logical order, each from left to right.
    first = [_piece(0, 80, b"\x04", rtl=False), _piece(1, 82, b"\x03\x02\x01", rtl=True)]
    number = [_piece(2, 60, b"\x05\x06", rtl=False)]
    last = [_piece(3, 30, b"\x01\x02\x03", rtl=True), _piece(4, 55, b"\x04", rtl=False)]
    stream = b"".join(first + number + last)
    ordered = content_logical_line_order(stream, FONTS)
    assert ordered == b"".join([first[1], first[0], *number, last[1], last[0]])


def test_left_to_right_lines_stay_as_written() -> None:
    stream = _piece(0, 10, b"\x05\x06", rtl=False) + _piece(1, 30, b"\x04", rtl=False)
    assert content_logical_line_order(stream, FONTS) == stream


def test_mark_glyphs_read_as_their_marks() -> None:
    cmap = b"beginbfchar\n<002E> <06440651>\n<0001> <0644>\n<0002> <06440627>\nendbfchar"
    assert _mark_entries(cmap) == b"beginbfchar\n<002E> <0651>\n<0001> <0644>\n<0002> <06440627>\nendbfchar"


def test_anything_but_typst_output_is_returned_unchanged() -> None:
    assert (
        pdf_logical_line_order(b"%PDF-1.7\nno cross-reference table") == b"%PDF-1.7\nno cross-reference table"
    )
    assert pdf_logical_line_order(b"%PDF-1.7\nnot really\nstartxref\n9\n%%EOF") == (
        b"%PDF-1.7\nnot really\nstartxref\n9\n%%EOF"
    )
