"""Committee reports in the planning workspace (/planung/berichte/): the district's report
templates, each with a one-click "Bericht erstellen" (POST), and the reports built so far with
their DOCX and PDF downloads. Thin views over ``wegweiser.reports``.

Who: planners and reviewers of the district (``REPORT_VIEW`` / ``REPORT_BUILD``); anonymous
visitors go to the login, editors and other accounts get 403, another district's template or
report answers 404. Templates are written in the back office (reviewers)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wegweiser.access.permissions import REPORT_BUILD, REPORT_VIEW
from wegweiser.access.policy import has, scope
from wegweiser.districts.models import District
from wegweiser.reports.models import Report, ReportTemplate
from wegweiser.reports.rendering.docx import report_docx
from wegweiser.reports.rendering.pdf import report_pdf
from wegweiser.reports.selectors import report_get, report_templates_for, reports_for
from wegweiser.reports.services import report_build

FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", report_docx),
    "pdf": ("application/pdf", report_pdf),
}


def _district(request: HttpRequest, key: str) -> tuple[District, list[District]]:
    districts = list(
        scope(actor=request.user, queryset=District.objects.order_by("name"), permission=REPORT_VIEW)
    )
    if not districts:
        raise PermissionDenied(_("You are not allowed to do this."))
    if not key:
        return districts[0], districts
    for district in districts:
        if district.key == key:
            return district, districts
    raise Http404


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    district, districts = _district(request, request.GET.get("kreis", ""))
    kreis = district.key if len(districts) > 1 else ""
    context = {
        "district": district,
        "districts": districts,
        "kreis": kreis,
        "query": f"kreis={kreis}" if kreis else "",
        "page": "reports",
        "templates": list(report_templates_for(actor=request.user, district=district)),
        "reports": list(reports_for(actor=request.user, district=district)),
        "may_build": has(actor=request.user, permission=REPORT_BUILD, district=district),
    }
    return render(request, "planningui/reports/list.html", context)


@login_required
@require_POST
def report_create(request: HttpRequest, pk: Any) -> HttpResponse:
    """One click: freeze the template's figures into a new report, back to the list."""
    template = get_object_or_404(
        scope(
            actor=request.user,
            queryset=ReportTemplate.objects.select_related("district"),
            permission=REPORT_VIEW,
        ),
        pk=pk,
    )
    try:
        report = report_build(actor=request.user, template=template)
    except ValidationError as error:
        messages.error(
            request,
            _("The report could not be built: %(problems)s") % {"problems": " ".join(error.messages)},
        )
    else:
        messages.success(
            request,
            _("Report “%(title)s” built. Download it below as Word or PDF.") % {"title": report.title},
        )
    url = reverse("planningui:report_list")
    districts = scope(actor=request.user, queryset=District.objects.all(), permission=REPORT_VIEW)
    return redirect(f"{url}?kreis={template.district.key}" if districts.count() > 1 else url)


@login_required
@require_GET
def report_download(request: HttpRequest, pk: Any, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    if not has(actor=request.user, permission=REPORT_VIEW):
        raise PermissionDenied(_("You are not allowed to do this."))
    try:
        report = report_get(actor=request.user, pk=pk)
    except (ValidationError, Report.DoesNotExist) as error:
        raise Http404 from error
    content_type, render_to = FORMATS[fmt]
    response = HttpResponse(render_to(report.snapshot), content_type=content_type)
    name = f"{report.template.slug}-{report.data_date.isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
