"""Machine translation's budget and usage per district. The translations themselves are the
catalog's ``OfferTranslation`` rows (flags ``machine_translated``, ``reviewed_at``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import TimeStampedModel


class TranslationBudget(TimeStampedModel):
    """How many characters a district may send to the machine translation service per month."""

    district = models.OneToOneField(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        related_name="translation_budget",
    )
    characters_per_month = models.PositiveIntegerField(_("characters per month"))

    class Meta:
        verbose_name = _("translation budget")
        verbose_name_plural = _("translation budgets")

    def __str__(self) -> str:
        return f"{self.district}: {self.characters_per_month}"


class TranslationUsage(models.Model):
    """One call of the machine translation service: what it cost, for whom."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.CASCADE, related_name="+"
    )
    offer = models.ForeignKey(
        "catalog.Offer", verbose_name=_("offer"), null=True, blank=True, on_delete=models.SET_NULL
    )
    language = models.ForeignKey(
        "core.Language", verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )
    engine = models.CharField(_("translation service"), max_length=40)
    characters = models.PositiveIntegerField(_("characters"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("translation usage")
        verbose_name_plural = _("translation usage")
        indexes = [models.Index(fields=["district", "created_at"], name="translation_usage_month")]

    def __str__(self) -> str:
        return f"{self.language_id}: {self.characters}"
