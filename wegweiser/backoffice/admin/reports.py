"""Back-office screen of committee report templates: reviewers write them (Markdown with blocks,
checked when saved), planners read them; editors do not see them. Reports are built and
downloaded in the planning workspace (/planung/berichte/)."""

from typing import Any

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy, pgettext_lazy

from wegweiser.backoffice.admin.base import ServiceAdmin
from wegweiser.reports.blocks import blocks_help
from wegweiser.reports.models import ReportTemplate
from wegweiser.reports.services import report_template_create, report_template_update


def _create(*, actor: Any, data: dict[str, Any]) -> ReportTemplate:
    data = dict(data)
    return report_template_create(actor=actor, district=data.pop("district"), data=data)


@admin.register(ReportTemplate)
class ReportTemplateAdmin(ServiceAdmin):
    create_service = _create
    update_service = report_template_update
    update_kwarg = "template"
    list_display = ["title", "audience", "slug", "is_demo"]
    list_filter = ["is_demo"]
    search_fields = ["title", "audience", "slug"]
    readonly_fields = ["block_reference", "audit_trail"]
    fields = ["district", "title", "slug", "audience", "body", "block_reference", "is_demo", "audit_trail"]

    @admin.display(description=pgettext_lazy("report", "Blocks"))
    def block_reference(self, obj: ReportTemplate | None) -> SafeString:
        rows = format_html_join(
            "", "<tr><td><code>{{{{ {} }}}}</code></td><td>{}</td><td>{}</td></tr>", blocks_help()
        )
        return format_html(
            '<table class="block-reference"><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            pgettext_lazy("report", "Block"),
            pgettext_lazy("report", "Parameters"),
            gettext_lazy("What it shows"),
            rows,
        )
