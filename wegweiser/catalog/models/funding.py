from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import UUIDModel, VersionedModel


class FundingProgramme(VersionedModel, UUIDModel):
    """A funding programme (Förderprogramm) that pays for offers."""

    class Funder(models.TextChoices):
        LAND = "land", _("Federal state (Land)")
        BUND = "bund", _("Federal government (Bund)")
        EU = "eu", _("EU / ESF+")
        KOMMUNE = "kommune", _("Municipality / district")
        STIFTUNG = "stiftung", _("Foundation")
        OWN = "eigen", _("Own funds")

    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Empty for programmes that apply everywhere."),
    )
    name = models.CharField(_("name"), max_length=250)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    funder = models.CharField(_("funder"), max_length=20, choices=Funder.choices)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), blank=True)
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period until"), null=True, blank=True)
    legal_basis = models.CharField(
        _("legal basis"), max_length=300, blank=True, help_text=_("e.g. the guideline or law it rests on")
    )
    funding_rate_percent = models.DecimalField(
        _("funding rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    own_share_percent = models.DecimalField(
        _("own share (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")

    def __str__(self) -> str:
        return self.short_name or self.name
