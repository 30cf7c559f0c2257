"""Back-office screens of persons under the GDPR (Netzwerk › Personen): the person form with its
purpose, legal basis, consent and retention period; the yearly review list; the export of
everything stored about a person (Art. 15, JSON and PDF); anonymisation and deletion; and the
log of staff access to persons' data. Opening a person and exporting are logged
(``person_access_record``); another district's person answers 404."""

import json
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.access.permissions import PERSON_CHANGE, PERSON_DELETE, PERSON_VIEW
from wegweiser.access.policy import has, scope
from wegweiser.backoffice.admin.base import ServiceAdmin, run_service_action
from wegweiser.backoffice.admin.districts import ReadOnlyAdmin
from wegweiser.backoffice.admin.network import DistrictInitialMixin, with_district
from wegweiser.network.models import Person, PersonAccess
from wegweiser.network.privacy import person_export, person_export_pdf, persons_due_for_review
from wegweiser.network.services.persons import person_create, person_update
from wegweiser.network.services.privacy import (
    Erasure,
    person_access_record,
    person_anonymise,
    person_delete,
    person_review,
)


@admin.register(Person)
class PersonAdmin(DistrictInitialMixin, ServiceAdmin):
    create_service = with_district(person_create)
    update_service = person_update
    update_kwarg = "person"
    list_display = [
        "name",
        "organisation",
        "email",
        "legal_basis",
        "retention_until",
        "last_reviewed_at",
        "is_demo",
    ]
    list_filter = ["legal_basis", "is_foreign_national", "is_demo"]
    search_fields = ["name", "email"]
    list_select_related = ["organisation"]
    readonly_fields = ["anonymised_at", "privacy_links", "audit_trail"]
    actions = ["mark_reviewed"]
    fieldsets = [
        (None, {"fields": ["district", "name", "email", "phone", "organisation", "is_demo"]}),
        (
            gettext_lazy("For the rules of bodies"),
            {"fields": ["is_foreign_national", "birth_date", "resident_since"]},
        ),
        (
            gettext_lazy("Data protection (GDPR)"),
            {
                "fields": [
                    "purpose",
                    "legal_basis",
                    "consent_given_at",
                    "consent_text",
                    "retention_until",
                    "last_reviewed_at",
                    "anonymised_at",
                    "privacy_links",
                ]
            },
        ),
        (gettext_lazy("Change history"), {"fields": ["audit_trail"]}),
    ]

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("pruefung/", wrap(self.review_view), name="network_person_review"),
            path("<uuid:pk>/auskunft.<str:fmt>", wrap(self.export_view), name="network_person_export"),
            path("<uuid:pk>/anonymisieren/", wrap(self.erase_view), name="network_person_erase"),
            *super().get_urls(),
        ]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            person = self._own(request, object_id, PERSON_VIEW)
            person_access_record(actor=request.user, person=person, action=PersonAccess.Action.VIEW)
        return response

    def _own(self, request: HttpRequest, pk: Any, permission: str) -> Person:
        """The person, if in the user's districts (else 404); 403 without ``permission`` there."""
        queryset = scope(actor=request.user, queryset=Person.objects.all(), permission=PERSON_VIEW)
        person = get_object_or_404(queryset.select_related("district", "organisation"), pk=pk)
        if not has(actor=request.user, permission=permission, obj=person):
            raise PermissionDenied
        return person

    @admin.display(description=gettext_lazy("Information and erasure"))
    def privacy_links(self, obj: Person | None) -> SafeString | str:
        if obj is None or obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:network_person_export", args=[obj.pk, "pdf"]),
            _("Information (Art. 15) as PDF"),
            reverse("admin:network_person_export", args=[obj.pk, "json"]),
            _("as JSON"),
            reverse("admin:network_person_erase", args=[obj.pk]),
            _("Anonymise or delete"),
        )

    def export_view(self, request: HttpRequest, pk: Any, fmt: str) -> HttpResponse:
        if fmt not in ("json", "pdf"):
            raise Http404
        person = self._own(request, pk, PERSON_CHANGE)
        action = PersonAccess.Action.EXPORT_JSON if fmt == "json" else PersonAccess.Action.EXPORT_PDF
        person_access_record(actor=request.user, person=person, action=action)
        data = person_export(person=person)
        if fmt == "json":
            body = json.dumps(data, ensure_ascii=False, indent=2).encode()
            response = HttpResponse(body, content_type="application/json; charset=utf-8")
        else:
            response = HttpResponse(person_export_pdf(data), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="auskunft-{str(person.pk)[:8]}.{fmt}"'
        return response

    def review_view(self, request: HttpRequest) -> HttpResponse:
        if not has(actor=request.user, permission=PERSON_CHANGE):
            raise PermissionDenied
        if request.method == "POST":
            person = self._own(request, request.POST.get("person"), PERSON_CHANGE)
            try:
                person_review(actor=request.user, person=person)
                self.message_user(request, _("%(name)s: reviewed.") % {"name": person}, messages.SUCCESS)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:network_person_review"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Persons due for review"),
            "opts": Person._meta,
            "rows": persons_due_for_review(actor=request.user),
        }
        return render(request, "backoffice/person_review.html", context)

    def erase_view(self, request: HttpRequest, pk: Any) -> HttpResponse:
        person = self._own(request, pk, PERSON_CHANGE)
        may_delete = has(actor=request.user, permission=PERSON_DELETE, obj=person)
        if request.method == "POST":
            how = request.POST.get("how")
            try:
                if how == "delete" and may_delete:
                    result = person_delete(actor=request.user, person=person)
                    done = reverse("admin:network_person_changelist")
                elif how == "anonymise":
                    result = person_anonymise(actor=request.user, person=person)
                    done = reverse("admin:network_person_change", args=[person.pk])
                else:
                    raise PermissionDenied
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return HttpResponseRedirect(request.path)
            self._report(request, result)
            return HttpResponseRedirect(done)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Anonymise or delete %(name)s") % {"name": person},
            "opts": Person._meta,
            "person": person,
            "original": person,
            "may_delete": may_delete and not (person.memberships.exists() or person.applications.exists()),
        }
        return render(request, "backoffice/person_erase.html", context)

    def _report(self, request: HttpRequest, result: Erasure) -> None:
        self.message_user(
            request,
            _(
                "Done: now %(placeholder)s. Replaced in the invitation log: %(invitations)s, in the "
                "dispatch log: %(deliveries)s; removed from recipient lists: %(recipients)s; "
                "application texts emptied: %(applications)s; audit entries cleared: %(audit)s."
            )
            % {
                "placeholder": result.placeholder,
                "invitations": result.invitations,
                "deliveries": result.deliveries,
                "recipients": result.recipients,
                "applications": result.applications,
                "audit": result.audit_entries,
            },
            messages.SUCCESS,
        )
        for what in result.elsewhere:
            self.message_user(request, _("Still stored: %(what)s") % {"what": what}, messages.WARNING)

    @admin.action(description=gettext_lazy("Mark as reviewed (data still needed)"), permissions=["change"])
    def mark_reviewed(self, request: HttpRequest, queryset: QuerySet) -> None:
        run_service_action(self, request, queryset, person_review, "person", _("%(count)s persons reviewed."))


@admin.register(PersonAccess)
class PersonAccessAdmin(ReadOnlyAdmin):
    """Who opened, exported, reviewed, anonymised or deleted which person, and when."""

    list_display = ["created_at", "actor", "action", "person_link"]
    list_filter = ["action"]
    search_fields = ["person_ref"]
    list_select_related = ["actor", "person"]
    fields = ["created_at", "actor", "action", "person", "person_ref"]
    readonly_fields = ["created_at", "actor", "action", "person", "person_ref"]
    date_hierarchy = "created_at"

    @admin.display(description=gettext_lazy("person"))
    def person_link(self, obj: PersonAccess) -> SafeString | str:
        if obj.person is None:
            return _("deleted (%(ref)s)") % {"ref": str(obj.person_ref)[:8]}
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:network_person_change", args=[obj.person_id]), obj.person
        )
