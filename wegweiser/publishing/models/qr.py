"""A cache of drawn QR codes, addressed by the text they encode (an offer's live URL)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import UUIDModel


class QrCode(UUIDModel):
    """One QR code as a one-bit PNG. Drawing a code in pure Python costs milliseconds, a catalog
    needs hundreds, and an offer's URL rarely changes: every build after the first reads them
    from here (``publishing.qr.qr_pngs``). Rows hold only public URLs; the table is shared and
    may be emptied at any time (the codes are drawn again)."""

    digest = models.CharField(_("digest"), max_length=64, unique=True, help_text=_("SHA-256 of the data."))
    data = models.TextField(_("data"))
    png = models.BinaryField(_("PNG"))

    class Meta:
        verbose_name = _("QR code")
        verbose_name_plural = _("QR codes")

    def __str__(self) -> str:
        return self.data
