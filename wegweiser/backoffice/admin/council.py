"""Council work in the back office (*Gremienarbeit*): the council information system's source
(OParl URL, import now), and what it publishes (papers, meetings with their agenda, committees),
read only; reviewers link planning documents to the official papers. District-scoped; writes
through ``wegweiser.council.services``."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.backoffice.admin.base import DistrictScopedAdmin, ServiceAdmin
from wegweiser.council.models import AgendaItem, Committee, CouncilMeeting, OParlSource, Paper, PaperLink
from wegweiser.council.oparl.client import OParlError
from wegweiser.council.services.oparl import (
    council_import,
    oparl_source_create,
    oparl_source_update,
    paper_link_create,
    paper_link_delete,
    paper_link_update,
)


def _web(url: str) -> SafeString | str:
    return format_html('<a href="{}" rel="noopener">{}</a>', url, url) if url else "—"


@admin.register(OParlSource)
class OParlSourceAdmin(ServiceAdmin):
    create_service = oparl_source_create
    update_service = oparl_source_update
    update_kwarg = "source"
    list_display = ["district", "system_url", "is_active", "last_run_at", "last_modified"]
    readonly_fields = ["last_run_at", "last_modified", "last_counts", "audit_trail"]
    fields = ["district", "system_url", "body_url", "is_active", *readonly_fields]
    actions = ["import_now"]

    @admin.display(description=gettext_lazy("last import's counts"))
    def last_counts(self, obj: OParlSource) -> SafeString | str:
        counts = (obj.last_report or {}).get("counts") or {}
        if not counts:
            return "—"
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("Kind"),
            _("new"),
            _("changed"),
            _("unchanged"),
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                ((k, c["created"], c["updated"], c["unchanged"]) for k, c in counts.items()),
            ),
        )

    @admin.action(description=gettext_lazy("Import changes now"), permissions=["change"])
    def import_now(self, request: HttpRequest, queryset: QuerySet) -> None:
        for source in queryset:
            try:
                report = council_import(actor=request.user, source=source, commit=True)
            except (OParlError, PermissionDenied) as error:
                self.message_user(request, f"{source.district}: {error}", level=messages.ERROR)
                continue
            self.message_user(
                request,
                _("%(district)s: imported (%(summary)s).")
                % {"district": source.district, "summary": report.summary()},
                level=messages.SUCCESS,
            )


class ReadOnlyAdmin(DistrictScopedAdmin, admin.ModelAdmin):
    """What the council information system publishes: read here, changed there."""

    class Media:
        css = {"all": ["backoffice/admin.css"]}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Paper)
class PaperAdmin(ReadOnlyAdmin):
    list_display = ["reference", "name", "date", "paper_type"]
    list_filter = ["paper_type"]
    search_fields = ["reference", "name"]
    fields = ["reference", "name", "date", "paper_type", "web_link", "consulted_in", "planning_documents"]
    readonly_fields = [
        "reference",
        "name",
        "date",
        "paper_type",
        "web_link",
        "consulted_in",
        "planning_documents",
    ]

    @admin.display(description=gettext_lazy("web page"))
    def web_link(self, obj: Paper) -> SafeString | str:
        return _web(obj.web)

    @admin.display(description=gettext_lazy("consulted in"))
    def consulted_in(self, obj: Paper) -> SafeString | str:
        items = obj.agenda_items.select_related("meeting").order_by("meeting__start")
        return (
            format_html_join(
                "",
                '<div><a href="{}">{}</a>, TOP {}: {}</div>',
                (
                    (
                        reverse("admin:council_councilmeeting_change", args=[i.meeting_id]),
                        i.meeting,
                        i.number,
                        i.result or "—",
                    )
                    for i in items
                ),
            )
            or "—"
        )

    @admin.display(description=gettext_lazy("planning documents"))
    def planning_documents(self, obj: Paper) -> SafeString | str:
        links = obj.links.select_related("document")
        return (
            format_html_join(
                "",
                '<div><a href="{}">{}</a></div>',
                (
                    (reverse("admin:plans_planningdocument_change", args=[link.document_id]), link.document)
                    for link in links
                ),
            )
            or "—"
        )


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fields = ["number", "name", "public", "result", "paper"]
    readonly_fields = ["number", "name", "public", "result", "paper"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CouncilMeeting)
class CouncilMeetingAdmin(ReadOnlyAdmin):
    list_display = ["name", "start", "location", "cancelled"]
    list_filter = ["cancelled", "committees"]
    search_fields = ["name"]
    fields = ["name", "start", "end", "location", "cancelled", "committees", "web_link"]
    readonly_fields = ["name", "start", "end", "location", "cancelled", "committees", "web_link"]
    inlines = [AgendaItemInline]

    @admin.display(description=gettext_lazy("web page"))
    def web_link(self, obj: CouncilMeeting) -> SafeString | str:
        return _web(obj.web)


@admin.register(Committee)
class CommitteeAdmin(ReadOnlyAdmin):
    list_display = ["name", "short_name", "classification", "start_date", "end_date"]
    fields = ["name", "short_name", "classification", "start_date", "end_date", "web_link"]
    readonly_fields = ["name", "short_name", "classification", "start_date", "end_date", "web_link"]

    @admin.display(description=gettext_lazy("web page"))
    def web_link(self, obj: Committee) -> SafeString | str:
        return _web(obj.web)


@admin.register(PaperLink)
class PaperLinkAdmin(ServiceAdmin):
    """A planning document linked to the paper of its decision (reviewers)."""

    create_service = paper_link_create
    update_service = paper_link_update
    update_kwarg = "link"
    list_display = ["document", "paper", "note"]
    list_select_related = ["document", "paper"]
    fields = ["paper", "document", "note", "audit_trail"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "paper"] if obj is not None else fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = admin.ModelAdmin.has_delete_permission(self, request, obj)
        if not allowed or obj is None:
            return allowed
        return self.has_change_permission(request, obj)

    def delete_model(self, request: HttpRequest, obj: PaperLink) -> None:
        paper_link_delete(actor=request.user, link=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for link in queryset:
            paper_link_delete(actor=request.user, link=link)
