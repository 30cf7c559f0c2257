"""QR codes for the offers' live pages, as tiny one-bit PNGs (one pixel per module).

PNG rather than SVG: WeasyPrint draws an SVG path of a QR code (hundreds of sub-paths) in
about 20 ms, a PNG in well under one; printed with ``image-rendering: pixelated`` the
modules stay sharp at any size.

Drawing a code takes about 3 ms in the pure-Python ``qrcode`` package (1.5 s for a 500-offer
catalog), so codes are cached in the database by the SHA-256 of their text (``QrCode``):
a build draws only the codes of URLs it has not seen before."""

import hashlib
import io
from collections.abc import Iterable

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M

from wegweiser.publishing.models import QrCode

QUIET_ZONE = 2  # modules of white around the code


def qr_png(data: str) -> bytes:
    """A QR code of ``data``, drawn now.

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


def _digest(data: str) -> str:
    return hashlib.sha256(data.encode()).hexdigest()


def qr_pngs(texts: Iterable[str]) -> dict[str, bytes]:
    """The QR code of every text, from the cache where it is there; the missing ones are drawn
    and stored (one query to read, one to write)."""
    digests = {_digest(text): text for text in texts}
    found = {
        digest: bytes(png)
        for digest, png in QrCode.objects.filter(digest__in=list(digests)).values_list("digest", "png")
    }
    drawn = [QrCode(digest=d, data=text, png=qr_png(text)) for d, text in digests.items() if d not in found]
    if drawn:
        QrCode.objects.bulk_create(drawn, ignore_conflicts=True, batch_size=500)
        found |= {code.digest: code.png for code in drawn}
    return {text: found[digest] for digest, text in digests.items()}
