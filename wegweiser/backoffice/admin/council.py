"""Council work in the back office (*Gremienarbeit*): the council information system's source
(OParl URL, import now), and what it publishes (papers, meetings with their agenda, committees),
read only; reviewers link planning documents to the official papers. District-scoped; writes
through ``wegweiser.council.services``."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.access.permissions import INQUIRY_CHANGE, INQUIRY_VIEW
from wegweiser.access.policy import district_ids, has, scope
from wegweiser.backoffice.admin.base import DistrictScopedAdmin, ServiceAdmin, run_service_action
from wegweiser.council.letters import letter_docx, letter_pdf, letter_snapshot
from wegweiser.council.models import (
    AgendaItem,
    Committee,
    CouncilMeeting,
    Inquiry,
    OParlSource,
    Paper,
    PaperLink,
)
from wegweiser.council.oparl.client import OParlError
from wegweiser.council.selectors.inquiries import inquiry_deadlines
from wegweiser.council.services.inquiries import inquiry_create, inquiry_status_set, inquiry_update
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


# ---------------------------------------------------------------- council inquiries (Anfragen)


def _status_action(status: str) -> Any:
    def service(*, actor: Any, inquiry: Inquiry) -> None:
        inquiry_status_set(actor=actor, inquiry=inquiry, status=status)

    return service


@admin.register(Inquiry)
class InquiryAdmin(ServiceAdmin):
    """Council questions with their deadline list and the answer letter as DOCX and PDF."""

    create_service = inquiry_create
    update_service = inquiry_update
    update_kwarg = "inquiry"
    list_display = ["deadline", "subject", "asked_by", "responsible", "status"]
    list_display_links = ["deadline", "subject"]
    list_filter = ["status"]
    list_select_related = ["responsible"]
    search_fields = ["subject", "asked_by", "reference"]
    readonly_fields = ["status", "answered_on", "sent_on", "letter_links", "audit_trail"]
    fieldsets = [
        (
            None,
            {"fields": ["district", "reference", "asked_by", "address", "received_on", "deadline", "paper"]},
        ),
        (gettext_lazy("Question"), {"fields": ["subject", "question", "responsible"]}),
        (gettext_lazy("Answer"), {"fields": ["answer", "status", "answered_on", "sent_on", "letter_links"]}),
        (gettext_lazy("Change history"), {"fields": ["audit_trail", "is_demo"]}),
    ]
    actions = ["mark_in_progress", "mark_answered", "mark_sent"]

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("fristen/", wrap(self.deadlines_view), name="council_inquiry_deadlines"),
            path("<uuid:pk>/brief.<str:fmt>", wrap(self.letter_view), name="council_inquiry_letter"),
            *super().get_urls(),
        ]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "responsible":
            districts = district_ids(actor=request.user, permission=INQUIRY_CHANGE)
            users = get_user_model().objects.filter(is_active=True)
            if districts is not None:
                users = users.filter(memberships__district__in=districts).distinct()
            kwargs["queryset"] = users.order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        district = getattr(request, "district", None)
        if district is not None:
            initial.setdefault("district", district.pk)
        initial.setdefault("responsible", str(request.user.pk))
        return initial

    @admin.display(description=gettext_lazy("letter"))
    def letter_links(self, obj: Inquiry) -> SafeString | str:
        if obj.pk is None or not obj.answer:
            return "—"
        kind = _("letter") if obj.letter else _("draft letter")
        return format_html(
            '<a href="{}">{} (Word)</a> · <a href="{}">{} (PDF)</a>',
            reverse("admin:council_inquiry_letter", args=[obj.pk, "docx"]),
            kind,
            reverse("admin:council_inquiry_letter", args=[obj.pk, "pdf"]),
            kind,
        )

    def _own(self, request: HttpRequest, pk: Any) -> Inquiry:
        queryset = scope(actor=request.user, queryset=Inquiry.objects.all(), permission=INQUIRY_VIEW)
        return get_object_or_404(queryset.select_related("district", "responsible"), pk=pk)

    def letter_view(self, request: HttpRequest, pk: Any, fmt: str) -> HttpResponse:
        inquiry = self._own(request, pk)
        if fmt not in ("docx", "pdf") or not inquiry.answer:
            raise Http404
        letter = inquiry.letter or letter_snapshot(inquiry=inquiry, actor=request.user)
        name = slugify(f"antwort-{inquiry.reference or inquiry.subject}")[:80] or "antwort"
        if fmt == "docx":
            response = HttpResponse(
                letter_docx(letter),
                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
        else:
            response = HttpResponse(letter_pdf(letter), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response

    def deadlines_view(self, request: HttpRequest) -> HttpResponse:
        if not has(actor=request.user, permission=INQUIRY_VIEW):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Inquiries: deadlines"),
            "opts": Inquiry._meta,
            "deadlines": inquiry_deadlines(actor=request.user),
        }
        return render(request, "backoffice/inquiry_deadlines.html", context)

    @admin.action(description=gettext_lazy("Mark as in progress"), permissions=["change"])
    def mark_in_progress(self, request: HttpRequest, queryset: QuerySet) -> None:
        run_service_action(
            self,
            request,
            queryset,
            _status_action(Inquiry.Status.IN_PROGRESS),
            "inquiry",
            _("%(count)s inquiries in progress."),
        )

    @admin.action(description=gettext_lazy("Mark as answered (freezes the letter)"), permissions=["change"])
    def mark_answered(self, request: HttpRequest, queryset: QuerySet) -> None:
        run_service_action(
            self,
            request,
            queryset,
            _status_action(Inquiry.Status.ANSWERED),
            "inquiry",
            _("%(count)s inquiries answered."),
        )

    @admin.action(description=gettext_lazy("Mark as sent"), permissions=["change"])
    def mark_sent(self, request: HttpRequest, queryset: QuerySet) -> None:
        run_service_action(
            self,
            request,
            queryset,
            _status_action(Inquiry.Status.SENT),
            "inquiry",
            _("%(count)s inquiries sent."),
        )
