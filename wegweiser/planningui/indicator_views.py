"""Actual values of a measure's manual indicator in the planning workspace
(/planung/plaene/indikatoren/<id>/): the values entered so far and, for reviewers, a form to
enter or correct one. Saving goes through ``plans.services.measure_indicator_value_set`` (audited)
and leads back to the document's monitoring.

Who: reviewers enter values; planners and editors read the page (``PLAN_VIEW``) and get 403 when
they post; anonymous visitors go to the login; another district's indicator answers 404."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wegweiser.access.permissions import PLAN_CHANGE
from wegweiser.access.policy import has
from wegweiser.planningui.forms import IndicatorValueForm
from wegweiser.planningui.plans_views import _common, _plan_district
from wegweiser.plans.models import MeasureIndicator, PlanningDocument
from wegweiser.plans.selectors.indicators import indicator_values, measure_indicator_get
from wegweiser.plans.selectors.progress import indicator_progress
from wegweiser.plans.services import measure_indicator_value_set


def _form_errors(form: IndicatorValueForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_values_view(request: HttpRequest, pk: Any) -> HttpResponse:
    district, districts = _plan_district(request)
    indicator = measure_indicator_get(actor=request.user, district=district, pk=pk)
    measure = indicator.measure
    document = measure.goal.document
    manual = indicator.source == MeasureIndicator.Source.MANUAL
    superseded = document.status == PlanningDocument.Status.SUPERSEDED
    may_edit = manual and not superseded and has(actor=request.user, permission=PLAN_CHANGE, obj=document)
    context = _common(request, district, districts, "plans")
    form = IndicatorValueForm(initial={"date": timezone.localdate()})
    if request.method == "POST":
        if not has(actor=request.user, permission=PLAN_CHANGE, obj=document):
            # planners and editors read: 403 whatever they send (the service checks it again)
            raise PermissionDenied(_("You are not allowed to do this."))
        form = IndicatorValueForm(request.POST)
        if form.is_valid():
            try:
                measure_indicator_value_set(
                    actor=request.user,
                    indicator=indicator,
                    date=form.cleaned_data["date"],
                    value=form.cleaned_data["value"],
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Actual value %(value)s of %(date)s saved for “%(indicator)s”.")
                    % {
                        "value": formats.number_format(form.cleaned_data["value"], use_l10n=True),
                        "date": formats.date_format(form.cleaned_data["date"], "SHORT_DATE_FORMAT"),
                        "indicator": indicator.name,
                    },
                )
                url = reverse("planningui:plans_detail", args=[document.pk])
                query = f"?kreis={context['kreis']}" if context["kreis"] else ""
                return redirect(f"{url}{query}#measure-{measure.pk}")
    context |= {
        "document": document,
        "measure": measure,
        "indicator": indicator,
        "progress": indicator_progress(indicator),
        "values": indicator_values(indicator=indicator),
        "manual": manual,
        "superseded": superseded,
        "may_edit": may_edit,
        "form": form,
    }
    return render(request, "planningui/plans/indicator.html", context, status=400 if form.errors else 200)
