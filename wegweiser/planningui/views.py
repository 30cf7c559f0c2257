"""The planning workspace at /planung/: thin views over ``planningui.analysis``.

Who: staff whose role grants ``PLANNING_VIEW`` (planners, reviewers) in a district; anonymous
visitors are sent to the login, other accounts get 403, a district or municipality of another
district answers 404. Every page reads the same GET parameters (``AnalysisForm``) and offers its
tables, map and charts as downloads (``?download=<id>&format=csv|xlsx|svg|png|pdf``)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wegweiser.access.permissions import PLANNING_VIEW
from wegweiser.access.policy import scope
from wegweiser.districts.models import District, Municipality
from wegweiser.planningui import exports
from wegweiser.planningui.analysis import Table, matrix_build, overview_build, profile_build, query_string
from wegweiser.planningui.forms import AnalysisForm

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "svg": "image/svg+xml",
    "png": "image/png",
    "pdf": "application/pdf",
}


def _districts(request: HttpRequest) -> QuerySet[District]:
    return scope(actor=request.user, queryset=District.objects.order_by("name"), permission=PLANNING_VIEW)


def _district(request: HttpRequest) -> tuple[District, list[District]]:
    """The district the page is about (``?kreis=<key>``, else the first of the user's) and all
    the user may plan for. No planning district at all: 403; another district's key: 404."""
    districts = list(_districts(request))
    if not districts:
        raise PermissionDenied(_("You are not allowed to do this."))
    key = request.GET.get("kreis", "")
    if not key:
        return districts[0], districts
    for district in districts:
        if district.key == key:
            return district, districts
    raise Http404


def _form(request: HttpRequest, district: District) -> AnalysisForm:
    data = request.GET.copy()
    for name in ("kreis", "download", "format"):
        data.pop(name, None)
    return AnalysisForm(data or None, district=district)


def _download(
    request: HttpRequest,
    district: District,
    *,
    tables: dict[str, Table],
    figures: dict[str, str],
    data_date: Any,
    pdf_html: Any = None,
) -> HttpResponse | None:
    ident = request.GET.get("download")
    if not ident:
        return None
    fmt = request.GET.get("format", "csv")
    stamp = data_date.isoformat()
    note = _("%(district)s, data as of %(date)s. Wegweiser planning workspace.") % {
        "district": district.name,
        "date": stamp,
    }
    body: bytes
    if ident in tables and fmt == "csv":
        body = exports.table_csv(tables[ident])
    elif ident in tables and fmt == "xlsx":
        body = exports.table_xlsx(tables[ident], note=note)
    elif ident in figures and fmt == "svg":
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n' + figures[ident]).encode("utf-8")
    elif ident in figures and fmt == "png":
        body = exports.svg_png(figures[ident])
    elif ident == "analysis" and fmt == "pdf" and pdf_html is not None:
        body = exports.html_pdf(pdf_html())
    else:
        raise Http404
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{district.key}-{ident}-{stamp}.{fmt}"'
    return response


def _common(request: HttpRequest, district: District, districts: list[District], form: AnalysisForm) -> dict:
    params = form.params()
    kreis = district.key if len(districts) > 1 else ""
    return {
        "district": district,
        "districts": districts,
        "form": form,
        "params": params,
        "kreis": kreis,
        "query": query_string(params, kreis=kreis),
    }


def _profile_link(district: District, districts: list[District], query: str) -> Any:
    suffix = f"?{query}" if query else ""

    def link(ags: str) -> str:
        return reverse("planningui:municipality", args=[ags]) + suffix

    return link


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """The start page: the district overview with the map, supply against need per
    municipality, change since a chosen date, the charts."""
    district, districts = _district(request)
    form = _form(request, district)
    context = _common(request, district, districts, form)
    result = overview_build(
        district=district, params=context["params"], link=_profile_link(district, districts, context["query"])
    )
    context |= {"result": result, "page": "overview"}
    tables = {result.table.ident: result.table, result.history.ident: result.history}
    figures = {
        "overview-map": result.map_svg,
        "overview-bars": result.bar_svg,
        "overview-line": result.line_svg,
    }

    def pdf_html() -> str:
        return render_to_string(
            "planningui/analysis_print.html", context | {"generated": timezone.now()}, request
        )

    download = _download(
        request, district, tables=tables, figures=figures, data_date=result.data_date, pdf_html=pdf_html
    )
    return download or render(request, "planningui/overview.html", context)


@login_required
@require_GET
def matrix(request: HttpRequest) -> HttpResponse:
    """Municipalities × fields of action."""
    district, districts = _district(request)
    form = _form(request, district)
    context = _common(request, district, districts, form)
    result = matrix_build(
        district=district, params=context["params"], link=_profile_link(district, districts, context["query"])
    )
    context |= {"result": result, "page": "matrix"}
    download = _download(
        request, district, tables={result.table.ident: result.table}, figures={}, data_date=result.data_date
    )
    return download or render(request, "planningui/matrix.html", context)


@login_required
@require_GET
def municipality(request: HttpRequest, ags: str) -> HttpResponse:
    """One municipality's profile."""
    district, districts = _district(request)
    place = get_object_or_404(Municipality, district=district, ags=ags)
    form = _form(request, district)
    context = _common(request, district, districts, form)
    result = profile_build(district=district, municipality=place, params=context["params"])
    context |= {"result": result, "page": "municipality", "municipality": place}
    tables = {
        t.ident: t
        for t in [*result.by_role, result.distances, result.indicators, result.offers, result.languages]
    }
    download = _download(
        request, district, tables=tables, figures={"profile-map": result.map_svg}, data_date=result.data_date
    )
    return download or render(request, "planningui/municipality.html", context)
