"""What visitors tell the office, in the back office: reports on offers (status new / in
progress / done), searches that found nothing (grouped and counted) and the search's synonym
list that staff extend from them. District-scoped like every admin; writes through services."""

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.access.permissions import SYNONYM_ADD, SYNONYM_DELETE
from wegweiser.access.policy import has
from wegweiser.backoffice.admin.base import DistrictScopedAdmin, ServiceAdmin, run_service_action
from wegweiser.feedback.models import MissedSearch, OfferReport
from wegweiser.feedback.selectors import missed_searches_grouped
from wegweiser.feedback.services import offer_report_update
from wegweiser.search.models import Synonym
from wegweiser.search.services import synonym_create, synonym_delete, synonym_update


def _refuse_create(**kwargs: Any) -> Any:
    raise PermissionDenied


def _set_status(status: str) -> Any:
    def service(*, actor: Any, report: OfferReport) -> None:
        offer_report_update(actor=actor, report=report, data={"status": status})

    return service


@admin.register(OfferReport)
class OfferReportAdmin(ServiceAdmin):
    """The staff inbox of visitors' reports. Staff set the status and a note; "done" deletes
    the visitor's e-mail address."""

    create_service = _refuse_create
    update_service = offer_report_update
    update_kwarg = "report"
    list_display = [
        "created_at",
        "offer",
        "status",
        "message_short",
        "organisation_informed",
        "answer_wanted",
    ]
    list_display_links = ["created_at", "message_short"]
    list_filter = ["status"]
    list_select_related = ["offer"]
    search_fields = ["offer__name", "message"]
    date_hierarchy = "created_at"
    actions = ["mark_in_progress", "mark_done"]
    fields = [
        "offer_link",
        "created_at",
        "message",
        "email",
        "ui_language",
        "content_language",
        "organisation_notified_at",
        "organisation_mail_problem",
        "status",
        "note",
        "closed_at",
        "closed_by",
        "audit_trail",
    ]
    readonly_fields = [
        "offer_link",
        "created_at",
        "message",
        "email",
        "ui_language",
        "content_language",
        "organisation_notified_at",
        "organisation_mail_problem",
        "closed_at",
        "closed_by",
        "audit_trail",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # reports come from visitors only

    @admin.display(description=gettext_lazy("report text"))
    def message_short(self, obj: OfferReport) -> str:
        return Truncator(obj.message).chars(80)

    @admin.display(description=gettext_lazy("organisation informed"), boolean=True)
    def organisation_informed(self, obj: OfferReport) -> bool:
        return obj.organisation_notified_at is not None

    @admin.display(description=gettext_lazy("answer wanted"), boolean=True)
    def answer_wanted(self, obj: OfferReport) -> bool:
        return bool(obj.email)

    @admin.display(description=gettext_lazy("offer"))
    def offer_link(self, obj: OfferReport) -> str:
        link = reverse("admin:catalog_offer_change", args=[obj.offer_id])
        public = reverse("directory:offer_detail", args=[obj.offer.slug])
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>', link, obj.offer, public, _("public page")
        )

    @admin.action(description=gettext_lazy("Mark selected reports as in progress"), permissions=["change"])
    def mark_in_progress(self, request: HttpRequest, queryset: QuerySet) -> None:
        run_service_action(
            self,
            request,
            queryset,
            _set_status(OfferReport.Status.IN_PROGRESS),
            "report",
            _("%(count)s reports marked as in progress."),
        )

    @admin.action(description=gettext_lazy("Mark selected reports as done"), permissions=["change"])
    def mark_done(self, request: HttpRequest, queryset: QuerySet) -> None:
        run_service_action(
            self,
            request,
            queryset,
            _set_status(OfferReport.Status.DONE),
            "report",
            _("%(count)s reports marked as done."),
        )


PERIODS = {"30": 30, "90": 90, "365": 365}


@admin.register(MissedSearch)
class MissedSearchAdmin(DistrictScopedAdmin, admin.ModelAdmin):
    """Searches without results, grouped by text and counted over a period; staff who may add
    synonyms get a link that opens the synonym form with the text filled in."""

    list_display = ["day", "text", "ui_language", "content_language", "municipality", "count"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        period = request.GET.get("tage", "90")
        days = PERIODS.get(period, 90)
        since = timezone.localdate() - dt.timedelta(days=days - 1)
        groups = missed_searches_grouped(actor=request.user, since=since)
        add_url = reverse("admin:search_synonym_add")
        rows = []
        for group in groups:
            link = ""
            if has(actor=request.user, permission=SYNONYM_ADD, district=group.district_id):
                query = urlencode({"district": group.district_id, "term": group.text.split()[0]})
                link = f"{add_url}?{query}"
            rows.append((group, link))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Searches without results"),
            "rows": rows,
            "days": days,
            "periods": [(key, key == str(days)) for key in PERIODS],
            "since": since,
            "several_districts": len({g.district_id for g in groups}) > 1,
        }
        return render(request, "backoffice/missed_searches.html", context)


@admin.register(Synonym)
class SynonymAdmin(ServiceAdmin):
    """The district's synonym list: a search for the word also finds offers with the others."""

    create_service = synonym_create
    update_service = synonym_update
    update_kwarg = "synonym"
    list_display = ["term", "equivalents", "two_way", "district"]
    list_filter = ["two_way"]
    search_fields = ["term", "equivalents"]
    fields = ["district", "term", "equivalents", "two_way", "audit_trail"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return bool(request.user.has_perm(SYNONYM_DELETE))
        return has(actor=request.user, permission=SYNONYM_DELETE, obj=obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        synonym_delete(actor=request.user, synonym=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for synonym in queryset:
            synonym_delete(actor=request.user, synonym=synonym)
