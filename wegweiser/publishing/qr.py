"""QR codes for the offers' live pages, as tiny one-bit PNGs (one pixel per module).

PNG rather than SVG: WeasyPrint draws an SVG path of a QR code (hundreds of sub-paths) in
about 20 ms, a PNG in well under one; printed with ``image-rendering: pixelated`` the
modules stay sharp at any size."""

import base64
import io

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 2  # modules of white around the code


def qr_png(data: str) -> bytes:
    """A QR code of ``data``.

    The mask pattern is fixed instead of chosen by scoring all eight: scoring costs five times
    as much and only matters for codes that are hard to read, which short URLs at 2 cm are not."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE, mask_pattern=0)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()  # includes the quiet zone
    size = len(matrix)
    image = Image.new("1", (size, size), 1)
    image.putdata([0 if dark else 1 for row in matrix for dark in row])
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def qr_data_uri(data: str) -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png(data)).decode()
