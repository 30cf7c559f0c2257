"""A report figure's SVG as a PNG for the Word file, drawn by typst (the ``typst`` package, which
bundles the compiler and its SVG renderer): a fraction of a second where WeasyPrint and pdftoppm
took seconds for a map with thousands of offer points. Fonts: the PDF fonts of the project
(``WEGWEISER_PDF_FONT_DIR``, Noto Sans for the figures' generic "sans-serif")."""

import re

import typst
from django.conf import settings

PPI = 150
FONT = 'font-family="Noto Sans, sans-serif"'
PAGE = """#set page(width: {width}pt, height: {height}pt, margin: 0pt)
#image(bytes(sys.inputs.svg), format: "svg", width: 100%)
"""


def svg_for_typst(svg: str) -> str:
    """The figures name the generic family, which typst's SVG renderer does not map: name the
    project's sans-serif font first."""
    return svg.replace('font-family="sans-serif"', FONT)


def svg_size(svg: str) -> tuple[float, float]:
    """Width and height in points (the SVG's pixels at 96 per inch)."""
    size = re.search(r'width="([\d.]+)" height="([\d.]+)"', svg)
    width, height = (float(size.group(1)), float(size.group(2))) if size else (640.0, 400.0)
    return width * 0.75, height * 0.75


def figure_png(svg: str) -> bytes:
    width, height = svg_size(svg)
    png = typst.compile(
        PAGE.format(width=width, height=height).encode(),
        format="png",
        ppi=PPI,
        sys_inputs={"svg": svg_for_typst(svg)},
        font_paths=[settings.WEGWEISER_PDF_FONT_DIR],
        ignore_system_fonts=True,
    )
    assert isinstance(png, bytes)  # one page, one image
    return png
