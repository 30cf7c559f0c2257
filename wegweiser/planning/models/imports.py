"""One uploaded file of indicator values: checked by a dry run, then (perhaps) imported."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import UUIDModel


class IndicatorImport(UUIDModel):
    class Format(models.TextChoices):
        TEMPLATE = "template", _("Wegweiser template (Excel or CSV)")
        GENESIS = "genesis", _("GENESIS flat file (CSV)")

    class State(models.TextChoices):
        CHECKED = "checked", _("checked, not imported yet")
        FAILED = "failed", _("has errors, nothing imported")
        COMMITTED = "committed", _("imported")

    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    decimal_mark = models.CharField(
        _("decimal mark"),
        max_length=1,
        choices=[(",", _("decimal comma (German files)")), (".", _("decimal point (English files)"))],
        default=",",
    )
    # The upload itself, so that the commit imports exactly what the dry run checked.
    data = models.BinaryField(_("file contents"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices)
    # ImportReport.as_dict() of the dry run, then of the commit.
    report = models.JSONField(_("report"), default=dict)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("indicator import")
        verbose_name_plural = _("indicator imports")

    def __str__(self) -> str:
        return self.file_name
