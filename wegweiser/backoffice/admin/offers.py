from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.access import permissions
from wegweiser.access.policy import districts_for, has
from wegweiser.backoffice.admin.base import (
    ScopedChoicesMixin,
    ServiceAdmin,
    TextDirectionMixin,
    run_service_action,
)
from wegweiser.backoffice.admin.confirmations import PhoneConfirmationMixin
from wegweiser.backoffice.admin.freshness import FreshnessAdminMixin
from wegweiser.backoffice.admin.open_data import OpenDataAdminMixin
from wegweiser.backoffice.admin.plans import OfferPlansMixin
from wegweiser.backoffice.admin.revisions import ReviewedChangesMixin
from wegweiser.backoffice.admin.translations import OfferTranslationsMixin
from wegweiser.backoffice.forms import ScheduleForm
from wegweiser.catalog.models import (
    Contact,
    Offer,
    OfferLocation,
    OfferTranslation,
    Phone,
    Schedule,
)
from wegweiser.catalog.services.offers import (
    offer_archive,
    offer_confirm,
    offer_create,
    offer_publish,
    offer_submit_for_review,
    offer_update,
)
from wegweiser.freshness.periods import months_before


class StaleFilter(admin.SimpleListFilter):
    title = gettext_lazy("last confirmed")
    parameter_name = "confirmed"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("stale", _("confirmation due or never confirmed")), ("current", _("confirmed recently"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        district = getattr(request, "district", None)
        months = district.stale_after_months if district else 12
        limit = months_before(timezone.localdate(), months)
        if self.value() == "stale":
            return queryset.filter(Q(assured_date__isnull=True) | Q(assured_date__lt=limit))
        if self.value() == "current":
            return queryset.filter(assured_date__gte=limit)
        return queryset


class OfferTranslationInline(TextDirectionMixin, admin.StackedInline):
    model = OfferTranslation
    extra = 0
    classes = ["collapse"]
    fields = [
        "language",
        "name",
        "short_description",
        "description",
        "alert",
        "eligibility_description",
        "cost_description",
        "registration_howto",
        "documents_to_bring",
        "machine_translated",
        "reviewed_at",
    ]
    # Set by the translation services only (the offer's "Übersetzungen" page reviews them).
    readonly_fields = ["machine_translated", "reviewed_at"]


class ScheduleInline(TextDirectionMixin, admin.TabularInline):
    model = Schedule
    form = ScheduleForm
    fk_name = "offer"
    extra = 0
    fields = ["freq", "interval", "byday", "opens_at", "closes_at", "valid_from", "valid_to", "notes"]


class OfferLocationInline(ScopedChoicesMixin, TextDirectionMixin, admin.TabularInline):
    model = OfferLocation
    extra = 0
    autocomplete_fields = ["location"]
    fields = ["location", "description"]


class ContactInline(TextDirectionMixin, admin.TabularInline):
    model = Contact
    fk_name = "offer"
    extra = 0
    fields = ["name", "title", "department", "email"]


class PhoneInline(TextDirectionMixin, admin.TabularInline):
    model = Phone
    fk_name = "offer"
    extra = 0
    fields = ["number", "extension", "kind", "description"]


@admin.register(Offer)
class OfferAdmin(
    OfferTranslationsMixin,
    OfferPlansMixin,
    FreshnessAdminMixin,
    PhoneConfirmationMixin,
    ReviewedChangesMixin,
    OpenDataAdminMixin,
    ServiceAdmin,
):
    change_list_template = "backoffice/offer_change_list.html"
    change_form_template = "backoffice/offer_change_form.html"
    create_service = offer_create
    update_service = offer_update
    update_kwarg = "offer"

    list_display = ["name", "organisation", "state", "status", "assured_date", "updated_at"]
    list_filter = [
        "state",
        "status",
        StaleFilter,
        ("terms", admin.RelatedOnlyFieldListFilter),
        ("organisation", admin.RelatedOnlyFieldListFilter),
        "languages",
    ]
    list_select_related = ["organisation"]
    search_fields = ["name", "short_description", "organisation__name"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["terms", "languages", "municipalities", "funding_programmes"]
    readonly_fields = ["slug", "state", "published_at", "assured_date", "assurer", "audit_trail"]
    inlines = [OfferTranslationInline, OfferLocationInline, ScheduleInline, ContactInline, PhoneInline]
    actions = ["submit_for_review", "publish", "archive", "confirm", "export_xliff"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "district",
                    "organisation",
                    "name",
                    "slug",
                    "short_description",
                    "description",
                    "alert",
                ]
            },
        ),
        (gettext_lazy("State"), {"fields": ["state", "published_at", "status", "valid_from", "valid_to"]}),
        (
            gettext_lazy("Categories and languages"),
            {"fields": ["terms", "languages", "interpretation_available"]},
        ),
        (
            gettext_lazy("Who can take part"),
            {"fields": ["minimum_age", "maximum_age", "eligibility_description"]},
        ),
        (
            gettext_lazy("Cost, registration, childcare"),
            {
                "fields": [
                    "cost_free",
                    "cost_amount",
                    "cost_description",
                    "registration_required",
                    "registration_howto",
                    "documents_to_bring",
                    "childcare_available",
                ]
            },
        ),
        (gettext_lazy("Where"), {"fields": ["serves_whole_district", "is_mobile", "municipalities"]}),
        (gettext_lazy("Capacity"), {"fields": ["places", "hours_per_week", "waiting_list"]}),
        (gettext_lazy("Contact and funding"), {"fields": ["url", "email", "funding_programmes"]}),
        (gettext_lazy("Confirmation"), {"fields": ["assured_date", "assurer"]}),
        (gettext_lazy("Change history"), {"fields": ["audit_trail"]}),
    ]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        district = getattr(request, "district", None)
        if district is not None:
            initial.setdefault("district", district.pk)
        return initial

    @admin.action(description=gettext_lazy("Submit selected offers for review"), permissions=["change"])
    def submit_for_review(self, request: HttpRequest, queryset: QuerySet) -> None:
        run_service_action(
            self,
            request,
            queryset,
            offer_submit_for_review,
            "offer",
            _("%(count)s offers submitted for review."),
        )

    @admin.action(description=gettext_lazy("Publish selected offers"), permissions=["publish"])
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        run_service_action(self, request, queryset, offer_publish, "offer", _("%(count)s offers published."))

    @admin.action(description=gettext_lazy("Archive selected offers"), permissions=["publish"])
    def archive(self, request: HttpRequest, queryset: QuerySet) -> None:
        run_service_action(self, request, queryset, offer_archive, "offer", _("%(count)s offers archived."))

    @admin.action(description=gettext_lazy("Confirm selected offers as current"), permissions=["confirm"])
    def confirm(self, request: HttpRequest, queryset: QuerySet) -> None:
        run_service_action(self, request, queryset, offer_confirm, "offer", _("%(count)s offers confirmed."))

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        # "Zur Prüfung einreichen" under the save buttons: saves, then submits (drafts only).
        if obj is None:
            allowed = self.has_add_permission(request)
        else:
            allowed = self.has_change_permission(request, obj) and obj.state in (
                Offer.State.DRAFT,
                Offer.State.ARCHIVED,
            )
        context["can_submit_for_review"] = allowed
        context["can_confirm_by_phone"] = (
            obj is not None
            and obj.state == Offer.State.PUBLISHED
            and has(actor=request.user, permission=permissions.OFFER_CONFIRM, obj=obj)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _submitted(self, request: HttpRequest, obj: Offer) -> HttpResponse:
        try:
            offer_submit_for_review(actor=request.user, offer=Offer.objects.get(pk=obj.pk))
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), level=messages.ERROR)
        else:
            self.message_user(
                request, _("“%(offer)s” was submitted for review.") % {"offer": obj}, level=messages.SUCCESS
            )
        return HttpResponseRedirect(reverse("admin:catalog_offer_change", args=[obj.pk]))

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: Any = None) -> HttpResponse:
        if "_submit_for_review" in request.POST:
            return self._submitted(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request: HttpRequest, obj: Any) -> HttpResponse:
        if "_submit_for_review" in request.POST:
            return self._submitted(request, obj)
        return super().response_change(request, obj)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return bool(districts_for(actor=request.user, permission=permissions.OFFER_PUBLISH) != [])

    def has_confirm_permission(self, request: HttpRequest) -> bool:
        return bool(districts_for(actor=request.user, permission=permissions.OFFER_CONFIRM) != [])
