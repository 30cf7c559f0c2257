"""Report templates (Markdown with placeholders for blocks, written by reviewers in the back
office) and the reports built from them: a frozen snapshot of every block's figures and rows, from
which the DOCX and the PDF are rendered, so that a report reads the same whenever it is opened."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wegweiser.core.models import UUIDModel, VersionedModel


class ReportTemplate(VersionedModel, UUIDModel):
    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.CASCADE, related_name="+"
    )
    slug = models.SlugField(
        _("short name"),
        max_length=100,
        help_text=_("Used on the command line: python manage.py report_build <short name>."),
    )
    title = models.CharField(_("title"), max_length=250)
    audience = models.CharField(
        _("committee"), max_length=150, blank=True, help_text=_("E.g. Sozialausschuss, Integrationsbeirat.")
    )
    body = models.TextField(
        _("text with blocks"),
        help_text=_(
            "Markdown: # heading, ## subheading, - list item, **bold**. Blocks in double curly "
            'braces, e.g. {{ angebote feld="sprache-bildung" }}; see the list of blocks below.'
        ),
    )
    is_demo = models.BooleanField(_("demo"), default=False)

    class Meta:
        ordering = ["title"]
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        constraints = [models.UniqueConstraint(fields=["district", "slug"], name="report_template_slug")]

    def __str__(self) -> str:
        return self.title


class Report(UUIDModel):
    template = models.ForeignKey(
        ReportTemplate,
        verbose_name=pgettext_lazy("report", "template"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=250)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("built by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    data_date = models.DateField(_("data as of"))
    # The template's text at build time and every block's figures, rows and figures' images:
    # {"version", "title", "audience", "district", "data_date", "built_at", "body", "blocks": [...]}.
    snapshot = models.JSONField(pgettext_lazy("report", "snapshot"), default=dict)
    body = models.TextField(_("template text"), blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = pgettext_lazy("report", "report")
        verbose_name_plural = pgettext_lazy("report", "reports")

    def __str__(self) -> str:
        return self.title
