"""The confirmation cycle in the back office: the requests (open, answered, escalated) and the
log of confirmation e-mails, read-only; and "Telefonisch bestätigen" on an offer, which records
a confirmation after a phone call with the provider (``offer_confirm(method="phone")``)."""

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.access import permissions
from wegweiser.access.policy import has
from wegweiser.backoffice.admin.base import DistrictScopedAdmin
from wegweiser.catalog.models import Offer
from wegweiser.catalog.services.offers import offer_confirm
from wegweiser.freshness.models import ConfirmationMail, ConfirmationRequest


class ReadOnlyAdmin(DistrictScopedAdmin, admin.ModelAdmin):
    class Media:
        css = {"all": ["backoffice/admin.css"]}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OpenFilter(admin.SimpleListFilter):
    title = gettext_lazy("answer")
    parameter_name = "open"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("open", _("not answered")),
            ("escalated", _("not answered, passed to the office")),
            ("answered", _("answered")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "open":
            return queryset.filter(answered_at__isnull=True)
        if self.value() == "escalated":
            return queryset.filter(answered_at__isnull=True, escalated_at__isnull=False)
        if self.value() == "answered":
            return queryset.filter(answered_at__isnull=False)
        return queryset


@admin.register(ConfirmationRequest)
class ConfirmationRequestAdmin(ReadOnlyAdmin):
    list_display = [
        "offer",
        "organisation",
        "due_date",
        "requested_at",
        "reminded_at",
        "escalated_at",
        "answer",
        "answered_at",
    ]
    list_filter = [OpenFilter, "answer", "due_date"]
    list_select_related = ["offer", "organisation"]
    search_fields = ["offer__name", "organisation__name"]
    date_hierarchy = "due_date"
    readonly_fields = [
        "offer_link",
        "organisation",
        "due_date",
        "requested_at",
        "reminded_at",
        "escalated_at",
        "answer",
        "answered_at",
        "answered_by",
        "answered_by_email",
        "note",
    ]
    fields = readonly_fields  # type: ignore[assignment]

    @admin.display(description=gettext_lazy("offer"))
    def offer_link(self, obj: ConfirmationRequest) -> SafeString:
        return format_html_join(
            "",
            '<a href="{}">{}</a>',
            [(reverse("admin:catalog_offer_change", args=[obj.offer_id]), obj.offer)],
        )


@admin.register(ConfirmationMail)
class ConfirmationMailAdmin(ReadOnlyAdmin):
    """The log of what the confirmation runs sent, failed to send and will retry."""

    list_display = ["created_at", "kind", "organisation", "recipient", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["organisation"]
    search_fields = ["recipient", "organisation__name"]
    readonly_fields = [
        "kind",
        "organisation",
        "recipient",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
        "offers",
    ]
    fields = readonly_fields  # type: ignore[assignment]

    @admin.display(description=gettext_lazy("offers"))
    def offers(self, obj: ConfirmationMail) -> SafeString:
        rows = obj.requests.select_related("offer").order_by("offer__name")
        return format_html_join(
            "",
            '<div><a href="{}">{}</a> ({})</div>',
            (
                (
                    reverse("admin:catalog_offer_change", args=[r.offer_id]),
                    r.offer,
                    r.get_answer_display() or _("not answered"),
                )
                for r in rows
            ),
        )


class PhoneConfirmationForm(forms.Form):
    on = forms.DateField(
        label=gettext_lazy("Confirmed on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("The day of the phone call."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=gettext_lazy("Whom you spoke to and what was checked, e.g. “Frau Demo, times checked”."),
    )

    def clean_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["on"]
        if day > timezone.localdate():
            raise ValidationError(_("The day of the call cannot be in the future."))
        return day


class PhoneConfirmationMixin:
    """Adds "Telefonisch bestätigen" to the offer admin (a page with date and note)."""

    admin_site: Any

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.confirm_phone_view)
        return [
            path("<uuid:pk>/confirm-by-phone/", view, name="catalog_offer_confirm_phone"),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def confirm_phone_view(self, request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
        offer = self.get_queryset(request).filter(pk=pk).first()  # type: ignore[attr-defined]
        if offer is None:
            raise Http404
        if not has(actor=request.user, permission=permissions.OFFER_CONFIRM, obj=offer):
            raise PermissionDenied
        form = PhoneConfirmationForm(
            request.POST if request.method == "POST" else None, initial={"on": timezone.localdate()}
        )
        if request.method == "POST" and form.is_valid():
            offer_confirm(
                actor=request.user,
                offer=Offer.objects.get(pk=offer.pk),
                on=form.cleaned_data["on"],
                method="phone",
                note=form.cleaned_data["note"],
            )
            self.message_user(  # type: ignore[attr-defined]
                request,
                _("“%(offer)s” was recorded as confirmed by phone.") % {"offer": offer},
                level=messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:catalog_offer_change", args=[offer.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": Offer._meta,
            "original": offer,
            "title": _("Confirm by phone: %(offer)s") % {"offer": offer},
            "form": form,
            "open_requests": ConfirmationRequest.objects.filter(offer=offer, answered_at__isnull=True),
        }
        return TemplateResponse(request, "backoffice/offer_confirm_phone.html", context)
