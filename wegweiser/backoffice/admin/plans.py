"""Back-office screens for plans (Sozialplanung): planning documents with their goals, measures
with their funding, indicators and status reports, and what an offer serves. Reviewers keep them,
editors and planners read them. Every write goes through ``wegweiser.plans.services``."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.access.permissions import model_permission
from wegweiser.access.policy import scope
from wegweiser.backoffice.admin.base import (
    ScopedChoicesMixin,
    ServiceAdmin,
    TextDirectionMixin,
    run_service_action,
)
from wegweiser.plans.models import (
    Goal,
    Measure,
    MeasureFunding,
    MeasureIndicator,
    MeasureStatusReport,
    OfferFunding,
    PlanningDocument,
    ProgrammeBudget,
    ProgrammeDeadline,
)
from wegweiser.plans.selectors import offer_plan_links
from wegweiser.plans.services import (
    document_adopt,
    document_create,
    document_update,
    document_update_version,
    goal_create,
    goal_delete,
    goal_update,
    measure_create,
    measure_funding_delete,
    measure_funding_set,
    measure_indicator_create,
    measure_indicator_delete,
    measure_indicator_update,
    measure_status_report,
    measure_update,
    offer_funding_delete,
    offer_funding_set,
    programme_budget_delete,
    programme_budget_set,
    programme_deadline_create,
    programme_deadline_delete,
)
from wegweiser.plans.services.goals import FIELDS as GOAL_FIELDS
from wegweiser.plans.services.measures import INDICATOR_FIELDS


def _document_create(*, actor: Any, data: dict[str, Any]) -> PlanningDocument:
    data = dict(data)
    return document_create(actor=actor, district=data.pop("district"), data=data)


def _measure_create(*, actor: Any, data: dict[str, Any]) -> Measure:
    data = dict(data)
    return measure_create(actor=actor, goal=data.pop("goal"), data=data)


class ScopedInlineMixin(ScopedChoicesMixin):
    """Inline rows only of the user's districts (a programme every district shares must not show
    one district's budgets or funded offers to another)."""

    def get_queryset(self, request: HttpRequest) -> Any:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        return scope(actor=request.user, queryset=queryset, permission=model_permission(self.model, "view"))


def _values(form: ModelForm, names: Any) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k in names}


class GoalInline(ScopedInlineMixin, TextDirectionMixin, admin.StackedInline):
    model = Goal
    extra = 0
    fields = ["position", "field_of_action", "title", "description"]


@admin.register(PlanningDocument)
class PlanningDocumentAdmin(ServiceAdmin):
    create_service = _document_create
    update_service = document_update
    update_kwarg = "document"
    list_display = ["title", "decision_number", "decision_date", "adopted_by", "version", "status", "is_demo"]
    list_filter = ["kind", "status", "adopted_by"]
    search_fields = ["title", "decision_number"]
    readonly_fields = ["status", "version", "previous", "audit_trail"]
    inlines = [GoalInline]
    actions = ["adopt", "new_version"]
    fieldsets = [
        (None, {"fields": ["district", "kind", "title", "slug", "summary", "is_demo"]}),
        (
            gettext_lazy("Decision"),
            {"fields": ["adopted_by", "decision_number", "decision_date", "status", "version", "previous"]},
        ),
        (gettext_lazy("Period"), {"fields": ["period_start", "period_end"]}),
        (gettext_lazy("Change history"), {"fields": ["audit_trail"]}),
    ]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        district = getattr(request, "district", None)
        if district is not None:
            initial.setdefault("district", district.pk)
        return initial

    def get_prepopulated_fields(self, request: HttpRequest, obj: Any = None) -> dict[str, Any]:
        return {"slug": ("title",)}

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        document = form.instance
        for goal_form in formset.forms:
            if not goal_form.has_changed() and goal_form.instance.pk is None:
                continue
            goal = goal_form.instance
            if formset.can_delete and goal_form.cleaned_data.get("DELETE"):
                if goal.pk is not None:
                    goal_delete(actor=request.user, goal=Goal.objects.get(pk=goal.pk))
            elif goal.pk is None or goal._state.adding:
                goal_create(actor=request.user, document=document, data=_values(goal_form, GOAL_FIELDS))
            elif goal_form.has_changed():
                goal_update(
                    actor=request.user,
                    goal=Goal.objects.get(pk=goal.pk),
                    data=_values(goal_form, GOAL_FIELDS),
                )

    @admin.action(description=gettext_lazy("Record the decision: mark as adopted"), permissions=["change"])
    def adopt(self, request: HttpRequest, queryset: QuerySet) -> None:
        run_service_action(
            self, request, queryset, document_adopt, "document", _("%(count)s documents adopted.")
        )

    @admin.action(description=gettext_lazy("Start an update (new draft version)"), permissions=["add"])
    def new_version(self, request: HttpRequest, queryset: QuerySet) -> None:
        run_service_action(
            self,
            request,
            queryset,
            document_update_version,
            "document",
            _("%(count)s new draft versions created; the old versions stay valid until adoption."),
        )


class MeasureFundingInline(ScopedInlineMixin, admin.TabularInline):
    model = MeasureFunding
    extra = 0
    fields = ["programme", "year", "amount", "own_share"]


class MeasureIndicatorInline(ScopedInlineMixin, TextDirectionMixin, admin.StackedInline):
    model = MeasureIndicator
    extra = 0
    fields = [
        "name",
        "unit",
        "source",
        "planning_indicator",
        "catalog_filter",
        ("baseline_value", "baseline_date"),
        ("target_value", "target_date"),
    ]


class StatusReportForm(forms.ModelForm):
    class Meta:
        model = MeasureStatusReport
        fields = ["reported_on", "status", "text"]

    def clean_reported_on(self) -> dt.date:
        value = self.cleaned_data["reported_on"]
        if value and value > dt.date.today():
            raise ValidationError(_("A status report cannot be dated in the future."))
        return value


class MeasureStatusReportInline(TextDirectionMixin, admin.TabularInline):
    """Reports are history: new ones are added, existing ones are shown, not changed."""

    model = MeasureStatusReport
    form = StatusReportForm
    extra = 0
    fields = ["reported_on", "status", "text", "author"]
    readonly_fields = ["author"]
    ordering = ["-reported_on", "-created_at"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Measure)
class MeasureAdmin(ServiceAdmin):
    create_service = _measure_create
    update_service = measure_update
    update_kwarg = "measure"
    list_display = ["title", "goal", "status", "period_start", "period_end", "responsible_organisation"]
    list_filter = ["status", "goal__document"]
    list_select_related = ["goal", "responsible_organisation"]
    search_fields = ["title", "description", "goal__title", "goal__document__title"]
    autocomplete_fields = ["responsible_organisation", "offers"]
    filter_horizontal = ["target_groups", "municipalities"]
    readonly_fields = ["audit_trail"]
    inlines = [MeasureFundingInline, MeasureIndicatorInline, MeasureStatusReportInline]
    fieldsets = [
        (None, {"fields": ["goal", "title", "description", "position", "status"]}),
        (gettext_lazy("For whom and where"), {"fields": ["target_groups", "municipalities"]}),
        (
            gettext_lazy("Responsibility and period"),
            {"fields": ["responsible_organisation", "responsible_person", "period_start", "period_end"]},
        ),
        (gettext_lazy("Offers that implement it"), {"fields": ["offers"]}),
        (gettext_lazy("Change history"), {"fields": ["audit_trail"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("goal__document")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "goal" and field is not None:
            field.queryset = field.queryset.exclude(document__status=PlanningDocument.Status.SUPERSEDED)
            field.queryset = field.queryset.select_related("document")
            field.label_from_instance = lambda goal: (
                f"{goal.document.title} (v{goal.document.version}) › {goal.title}"
            )
        return field

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        measure = Measure.objects.get(pk=form.instance.pk)
        actor = request.user
        for item in formset.forms:
            instance = item.instance
            deleting = bool(formset.can_delete and item.cleaned_data.get("DELETE"))
            if not item.has_changed() and not deleting:
                continue
            if formset.model is MeasureStatusReport:
                if instance._state.adding:
                    data = item.cleaned_data
                    measure_status_report(
                        actor=actor,
                        measure=measure,
                        reported_on=data["reported_on"],
                        status=data["status"],
                        text=data.get("text", ""),
                    )
                    measure.refresh_from_db()
            elif formset.model is MeasureFunding:
                data = item.cleaned_data
                if instance.pk and not instance._state.adding:
                    stored = MeasureFunding.objects.get(pk=instance.pk)
                    if deleting or (stored.programme_id, stored.year) != (data["programme"].pk, data["year"]):
                        measure_funding_delete(actor=actor, funding=stored)
                if not deleting:
                    measure_funding_set(
                        actor=actor,
                        measure=measure,
                        programme=data["programme"],
                        year=data["year"],
                        amount=data["amount"],
                        own_share=data.get("own_share") or Decimal(0),
                    )
            elif formset.model is MeasureIndicator:
                values = _values(item, INDICATOR_FIELDS)
                if instance._state.adding:
                    if not deleting:
                        measure_indicator_create(actor=actor, measure=measure, data=values)
                elif deleting:
                    measure_indicator_delete(
                        actor=actor, indicator=MeasureIndicator.objects.get(pk=instance.pk)
                    )
                else:
                    measure_indicator_update(
                        actor=actor, indicator=MeasureIndicator.objects.get(pk=instance.pk), data=values
                    )


class OfferPlansMixin:
    """The offer's change page shows (read-only) the measures and decisions the offer serves and
    how long which programme funds it (``backoffice/_offer_plans.html``)."""

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> Any:
        if obj is not None and obj.pk is not None:
            context["plan_links"] = offer_plan_links(actor=request.user, offer=obj)
            context["offer_funding"] = list(
                OfferFunding.objects.filter(offer=obj).select_related("programme").order_by("funded_until")
            )
            context["show_offer_plans"] = True
        return super().render_change_form(request, context, add, change, form_url, obj)  # type: ignore[misc]


class ProgrammeBudgetInline(ScopedInlineMixin, admin.TabularInline):
    model = ProgrammeBudget
    extra = 0
    fields = ["district", "year", "amount"]


class ProgrammeDeadlineInline(ScopedInlineMixin, TextDirectionMixin, admin.TabularInline):
    model = ProgrammeDeadline
    extra = 0
    fields = ["district", "date", "description"]


class OfferFundingInline(ScopedInlineMixin, admin.TabularInline):
    model = OfferFunding
    extra = 0
    fields = ["offer", "funded_from", "funded_until", "amount_per_year"]
    autocomplete_fields = ["offer"]


class FundingProgrammePlansMixin:
    """A funding programme's page also keeps its budget per district and year, its application
    deadlines and the offers it funds with their periods (through ``plans.services``)."""

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        return [ProgrammeBudgetInline, ProgrammeDeadlineInline, OfferFundingInline]

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        programme = form.instance
        actor = request.user
        for item in formset.forms:
            instance = item.instance
            deleting = bool(formset.can_delete and item.cleaned_data.get("DELETE"))
            if not item.has_changed() and not deleting:
                continue
            data = item.cleaned_data
            stored = None if instance._state.adding else type(instance).objects.get(pk=instance.pk)
            if formset.model is ProgrammeBudget:
                if stored is not None and (
                    deleting or (stored.district_id, stored.year) != (data["district"].pk, data["year"])
                ):
                    programme_budget_delete(actor=actor, budget=stored)
                if not deleting:
                    programme_budget_set(
                        actor=actor,
                        programme=programme,
                        district=data["district"],
                        year=data["year"],
                        amount=data["amount"],
                    )
            elif formset.model is ProgrammeDeadline:
                if stored is not None:
                    programme_deadline_delete(actor=actor, deadline=stored)
                if not deleting:
                    programme_deadline_create(
                        actor=actor,
                        programme=programme,
                        district=data["district"],
                        date=data["date"],
                        description=data["description"],
                    )
            elif formset.model is OfferFunding:
                if stored is not None and (deleting or stored.offer_id != data["offer"].pk):
                    offer_funding_delete(actor=actor, funding=stored)
                if not deleting:
                    offer_funding_set(
                        actor=actor,
                        offer=data["offer"],
                        programme=programme,
                        funded_from=data.get("funded_from"),
                        funded_until=data.get("funded_until"),
                        amount_per_year=data.get("amount_per_year"),
                    )
