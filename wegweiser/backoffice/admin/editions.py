"""Back-office screens for catalog editions and their distribution: thin views over
``wegweiser.publishing`` services. Builds and mail run in the background (django-tasks)."""

import uuid
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.access import permissions
from wegweiser.access.policy import districts_for, has, scope
from wegweiser.backoffice.admin.base import DistrictScopedAdmin, ServiceAdmin, TextDirectionMixin
from wegweiser.publishing.models import Delivery, Dispatch, Edition, EditionDocument, Recipient, RecipientList
from wegweiser.publishing.services.distribution import (
    dispatch_create,
    dispatch_default_text,
    dispatch_start,
    recipient_list_create,
    recipient_list_update,
)
from wegweiser.publishing.services.editions import (
    SELECTION_FIELDS,
    edition_build_request,
    edition_create,
    edition_release,
    edition_update,
)


def _split(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Form data as the edition services take it: plain fields, and the selection lists."""
    fields = {k: v for k, v in data.items() if k not in SELECTION_FIELDS and k != "district"}
    return fields, {k: v for k, v in data.items() if k in SELECTION_FIELDS}


def _edition_create(*, actor: Any, data: dict[str, Any]) -> Edition:
    fields, m2m = _split(data)
    return edition_create(actor=actor, district=data["district"], data=fields, m2m=m2m)


def _edition_update(
    *, actor: Any, edition: Edition, data: dict[str, Any], expected_version: int | None = None
) -> Edition:
    fields, m2m = _split(data)
    return edition_update(
        actor=actor, edition=edition, data=fields, m2m=m2m, expected_version=expected_version
    )


class SendForm(forms.Form):
    recipient_list = forms.ModelChoiceField(
        queryset=RecipientList.objects.none(), label=gettext_lazy("Recipient list")
    )
    mode = forms.ChoiceField(choices=Dispatch.Mode.choices, label=gettext_lazy("Send as"))
    subject = forms.CharField(max_length=200, label=gettext_lazy("Subject"))
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}),
        label=gettext_lazy("Text"),
        help_text=gettext_lazy("{link} is replaced by the download link (and a note on the attachment)."),
    )


@admin.register(Edition)
class EditionAdmin(ServiceAdmin):
    create_service = _edition_create
    update_service = _edition_update
    update_kwarg = "edition"
    change_form_template = "backoffice/edition_change_form.html"
    list_display = [
        "number",
        "title",
        "language",
        "state",
        "build_status",
        "offer_count",
        "stand",
        "pdf_link",
    ]
    list_filter = ["state", "language"]
    search_fields = ["title"]
    filter_horizontal = list(SELECTION_FIELDS)
    fields = [
        "district",
        "title",
        "audience",
        "language",
        "foreword",
        "grouping",
        *SELECTION_FIELDS,
        "audit_trail",
    ]

    def get_queryset(self, request: HttpRequest) -> Any:
        return (
            super()
            .get_queryset(request)
            .select_related("language", "document")
            .defer("snapshot", "changes", "document__pdf")
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_released:
            return False  # released editions are shown read-only
        return super().has_change_permission(request, obj)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        from wegweiser.catalog.models import TaxonomyTerm

        roles = {"fields_of_action": "field_of_action", "target_groups": "target_group"}
        if db_field.name in roles:
            kwargs["queryset"] = TaxonomyTerm.objects.filter(taxonomy__role=roles[db_field.name])
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("Build"))
    def build_status(self, obj: Edition) -> str:
        if obj.build_state in (Edition.BuildState.QUEUED, Edition.BuildState.RUNNING):
            return f"{obj.get_build_state_display()} ({obj.build_progress} %)"
        return str(obj.get_build_state_display())

    @admin.display(description="PDF")
    def pdf_link(self, obj: Edition) -> Any:
        from django.utils.html import format_html

        document = getattr(obj, "document", None)
        if document is None:
            return "—"
        url = reverse("admin:publishing_edition_pdf", args=[obj.pk])
        return format_html('<a href="{}">{} S., {} KB</a>', url, document.pages, document.size // 1024)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("<uuid:pk>/build/", view(self.build_view), name="publishing_edition_build"),
            path("<uuid:pk>/release/", view(self.release_view), name="publishing_edition_release"),
            path("<uuid:pk>/pdf/", view(self.pdf_view), name="publishing_edition_pdf"),
            path("<uuid:pk>/send/", view(self.send_view), name="publishing_edition_send"),
            *super().get_urls(),
        ]

    def _edition(
        self, request: HttpRequest, pk: uuid.UUID, permission: str = permissions.EDITION_VIEW
    ) -> Edition:
        """The edition if it is in one of the user's districts (else 404) and the user's role
        there grants ``permission`` (else 403)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        editions = scope(
            actor=request.user, queryset=Edition.objects.all(), permission=permissions.EDITION_VIEW
        )
        edition = editions.select_related("district", "language").filter(pk=pk).first()
        if edition is None:
            raise Http404
        if not has(actor=request.user, permission=permission, obj=edition):
            raise PermissionDenied
        return edition

    def _back(self, edition: Edition) -> HttpResponse:
        return redirect(reverse("admin:publishing_edition_change", args=[edition.pk]))

    def _run(self, request: HttpRequest, edition: Edition, service: Any, done: str) -> HttpResponseBase:
        if request.method != "POST":
            return self._back(edition)
        try:
            service(actor=request.user, edition=edition)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), level=messages.ERROR)
        else:
            self.message_user(request, done, level=messages.SUCCESS)
        return self._back(edition)

    def build_view(self, request: HttpRequest, pk: uuid.UUID) -> HttpResponseBase:
        edition = self._edition(request, pk, permissions.EDITION_CHANGE)
        return self._run(request, edition, edition_build_request, _("The build has been started."))

    def release_view(self, request: HttpRequest, pk: uuid.UUID) -> HttpResponseBase:
        edition = self._edition(request, pk, permissions.EDITION_RELEASE)
        if request.method != "POST":
            if edition.is_released:
                return self._back(edition)
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Really release edition %(number)s?") % {"number": edition.number},
                "edition": edition,
            }
            return render(request, "backoffice/edition_release.html", context)
        return self._run(request, edition, edition_release, _("The edition has been released."))

    def pdf_view(self, request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
        edition = self._edition(request, pk)
        document = EditionDocument.objects.filter(edition=edition).first()
        if document is None:
            raise Http404(_("This edition has not been built yet."))
        response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{edition.file_name}"'
        return response

    def send_view(self, request: HttpRequest, pk: uuid.UUID) -> HttpResponseBase:
        edition = self._edition(request, pk, permissions.EDITION_SEND)
        if not edition.is_released:
            self.message_user(request, _("Only released editions can be sent."), level=messages.ERROR)
            return self._back(edition)
        subject, body = dispatch_default_text(edition=edition)
        form = SendForm(request.POST or None, initial={"subject": subject, "body": body})
        lists = RecipientList.objects.filter(district=edition.district)
        form.fields["recipient_list"].queryset = scope(  # type: ignore[attr-defined]
            actor=request.user, queryset=lists, permission=permissions.RECIPIENT_LIST_VIEW
        )
        if request.method == "POST" and form.is_valid():
            try:
                dispatch = dispatch_create(actor=request.user, edition=edition, **form.cleaned_data)
                dispatch_start(actor=request.user, dispatch=dispatch)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("%(count)s e-mails are being sent.") % {"count": dispatch.deliveries.count()},
                    level=messages.SUCCESS,
                )
                return redirect(reverse("admin:publishing_dispatch_change", args=[dispatch.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Send edition %(number)s") % {"number": edition.number},
            "edition": edition,
            "form": form,
        }
        return render(request, "backoffice/edition_send.html", context)


class RecipientInline(TextDirectionMixin, admin.TabularInline):
    model = Recipient
    extra = 3
    fields = ["name", "organisation", "email", "active"]


@admin.register(RecipientList)
class RecipientListAdmin(ServiceAdmin):
    create_service = recipient_list_create
    update_service = recipient_list_update
    update_kwarg = "recipient_list"
    list_display = ["name", "description", "body"]
    fields = ["district", "name", "description", "body", "audit_trail"]
    inlines = [RecipientInline]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ("name", "email", "state", "attempts", "sent_at", "error")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Dispatch)
class DispatchAdmin(DistrictScopedAdmin, admin.ModelAdmin):
    """The dispatch log: one dispatch per edition and list, with a row per address."""

    list_display = ["created_at", "edition", "recipient_list", "mode", "actor", "result"]

    class Media:
        css = {"all": ["backoffice/admin.css"]}

    list_filter = ["mode", ("recipient_list", admin.RelatedOnlyFieldListFilter)]
    readonly_fields = ("edition", "recipient_list", "mode", "subject", "body", "actor", "created_at")
    fields = readonly_fields
    inlines = [DeliveryInline]
    actions = ["retry"]

    def get_queryset(self, request: HttpRequest) -> Any:
        counts = {
            f"n_{state}": Count("deliveries", filter=Q(deliveries__state=state))
            for state in Delivery.State.values
        }
        return (
            super()
            .get_queryset(request)
            .select_related("edition", "recipient_list", "actor")
            .annotate(**counts)
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=gettext_lazy("Result"))
    def result(self, obj: Dispatch) -> str:
        """Deliveries per result, counted by the list's query (no query per row)."""
        parts = [
            f"{label}: {getattr(obj, f'n_{state}')}"
            for state, label in Delivery.State.choices
            if getattr(obj, f"n_{state}", 0)
        ]
        return ", ".join(parts) or "—"

    @admin.action(description=gettext_lazy("Send again what failed"), permissions=["send"])
    def retry(self, request: HttpRequest, queryset: Any) -> None:
        queryset = scope(actor=request.user, queryset=queryset, permission=permissions.EDITION_SEND)
        for dispatch in queryset:
            dispatch_start(actor=request.user, dispatch=dispatch)
        self.message_user(
            request, _("Failed and waiting e-mails are being sent again."), level=messages.SUCCESS
        )

    def has_send_permission(self, request: HttpRequest) -> bool:
        return districts_for(actor=request.user, permission=permissions.EDITION_SEND) != []
