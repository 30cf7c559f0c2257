"""An import as staff run it in the back office: the uploaded file is kept between the dry run
and the commit, with the report of each."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.models import UUIDModel


class ImportRun(UUIDModel):
    """One uploaded file, checked by a dry run and then (perhaps) committed."""

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
    # The upload itself, so that the commit imports exactly what the dry run checked.
    data = models.BinaryField(_("file contents"))
    publish = models.BooleanField(_("publish new offers"), default=False)
    state = models.CharField(_("state"), max_length=12, choices=State.choices)
    # ImportReport.as_dict() of the dry run, then of the commit.
    report = models.JSONField(_("report"), default=dict)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.file_name
