"""Frozen analyses: a planner's saved analysis — its parameters and a snapshot of its figures — so
that it reads the same next year and can be compared with a later one side by side."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import UUIDModel


class FrozenAnalysis(UUIDModel):
    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    # The choices (``Params.as_query()``) and their description at the time of saving.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    description = models.CharField(_("offers and need"), max_length=400, blank=True)
    data_date = models.DateField(_("data as of"))
    # {"figures": {...key figures...}, "tables": [{"ident", "caption", "headers", "numeric", "rows":
    # [[value, text, flag], ...]}]}: what the page showed, not recomputed later.
    snapshot = models.JSONField(_("snapshot of the figures"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("frozen analysis")
        verbose_name_plural = _("frozen analyses")

    def __str__(self) -> str:
        return self.name
