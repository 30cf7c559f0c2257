from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Reports for committees: templates staff write in Markdown with placeholders for blocks,
    built into a frozen snapshot and rendered as DOCX and PDF (docs/reports.md)."""

    name = "wegweiser.reports"
    verbose_name = _("Committee reports")
