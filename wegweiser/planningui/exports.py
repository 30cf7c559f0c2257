"""Downloads of what the planning pages show: a table as CSV (UTF-8 with BOM, comma, decimal point)
or Excel, a map or chart as SVG or PNG, a whole analysis as PDF (WeasyPrint, nothing fetched)."""

import csv
import io
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from wegweiser.hsds.formats import append_text_row, cell_text, csv_cell_escape
from wegweiser.planningui.analysis import Table


def _raw(value: Any) -> Any:
    if isinstance(value, bool):
        return "ja" if value else "nein"
    return value


def table_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell_escape(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([csv_cell_escape(cell_text(_raw(cell.value))) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def table_xlsx(table: Table, *, note: str = "") -> bytes:
    """One sheet: the caption, an optional note (data date, source), the header row, the rows
    (numbers as numbers, text never as a formula)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Daten"
    append_text_row(sheet, [table.caption])
    if note:
        append_text_row(sheet, [note])
    append_text_row(sheet, table.headers)
    for row in table.rows:
        append_text_row(sheet, [_raw(cell.value) for cell in row])
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column[1:]) if len(column) > 1 else 10
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 50)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict:
    raise ValueError(f"no external resources in planning PDFs: {url}")


def html_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_refuse).write_pdf()  # type: ignore[no-any-return]


def svg_png(svg: str) -> bytes:
    """The SVG as a PNG: drawn into a one-page PDF by WeasyPrint, rasterised by Poppler's
    pdftoppm at 150 dpi."""
    size = re.search(r'width="(\d+)" height="(\d+)"', svg)
    page = f"{size.group(1)}px {size.group(2)}px" if size else "auto"
    html = (
        f"<html><head><style>@page{{size:{page};margin:0}}body{{margin:0}}svg{{display:block}}</style></head>"
        f"<body>{svg}</body></html>"
    )
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "figure.pdf"
        pdf.write_bytes(html_pdf(html))
        subprocess.run(  # noqa: S603 (fixed program, our own file)
            ["/usr/bin/pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(Path(tmp) / "figure")],
            check=True,
            capture_output=True,
            timeout=60,
        )
        return (Path(tmp) / "figure.png").read_bytes()
