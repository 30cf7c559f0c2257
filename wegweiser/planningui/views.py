"""The planning workspace at /planung/: thin views over ``planningui.analysis``.

Who: staff whose role grants ``PLANNING_VIEW`` (planners, reviewers) in a district; anonymous
visitors are sent to the login, other accounts get 403, a district or municipality of another
district answers 404. Every page reads the same GET parameters (``AnalysisForm``) and offers its
tables, map and charts as downloads (``?download=<id>&format=csv|xlsx|svg|png|pdf``)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wegweiser.access.permissions import PLANNING_VIEW
from wegweiser.access.policy import scope
from wegweiser.districts.models import District, Municipality
from wegweiser.planningui import exports
from wegweiser.planningui.analysis import Table, matrix_build, overview_build, profile_build, query_string
from wegweiser.planningui.demand import demand_build
from wegweiser.planningui.forms import AnalysisForm
from wegweiser.planningui.models import FrozenAnalysis
from wegweiser.planningui.services import frozen_analysis_create, table_from_data

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
    demand = demand_build(actor=request.user, district=district, params=context["params"])
    context |= {"result": result, "page": "overview", "demand": demand}
    tables = {result.table.ident: result.table, result.history.ident: result.history} | demand.tables
    figures = {
        "overview-map": result.map_svg,
        "overview-bars": result.bar_svg,
        "overview-line": result.line_svg,
        "demand-bars": demand.bar_svg,
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
    demand = demand_build(actor=request.user, district=district, params=context["params"], municipality=place)
    context |= {"result": result, "page": "municipality", "municipality": place, "demand": demand}
    tables = {
        t.ident: t
        for t in [*result.by_role, result.distances, result.indicators, result.offers, result.languages]
    } | demand.tables
    download = _download(
        request,
        district,
        tables=tables,
        figures={"profile-map": result.map_svg, "demand-bars": demand.bar_svg},
        data_date=result.data_date,
    )
    return download or render(request, "planningui/municipality.html", context)


def _frozen(request: HttpRequest, district: District) -> QuerySet[FrozenAnalysis]:
    return scope(
        actor=request.user,
        queryset=FrozenAnalysis.objects.filter(district=district),
        permission=PLANNING_VIEW,
    )


@login_required
@require_POST
def frozen_create(request: HttpRequest) -> HttpResponse:
    """Freeze the district overview with the choices it was shown with."""
    district, _districts_all = _district_post(request)
    form = AnalysisForm(request.POST, district=district)
    overview_result = overview_build(district=district, params=form.params())
    demand = demand_build(actor=request.user, district=district, params=form.params())
    try:
        analysis = frozen_analysis_create(
            actor=request.user,
            district=district,
            name=request.POST.get("name", ""),
            overview=overview_result,
            demand=demand,
        )
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400, content_type="text/plain; charset=utf-8")
    return redirect("planningui:frozen_detail", pk=analysis.pk)


def _district_post(request: HttpRequest) -> tuple[District, list[District]]:
    districts = list(_districts(request))
    if not districts:
        raise PermissionDenied(_("You are not allowed to do this."))
    key = request.POST.get("kreis", "")
    for district in districts:
        if not key or district.key == key:
            return district, districts
    raise Http404


@login_required
@require_GET
def frozen_list(request: HttpRequest) -> HttpResponse:
    district, districts = _district(request)
    kreis = district.key if len(districts) > 1 else ""
    context = {
        "district": district,
        "districts": districts,
        "kreis": kreis,
        "query": f"kreis={kreis}" if kreis else "",
        "page": "frozen",
        "analyses": list(_frozen(request, district).select_related("created_by")),
    }
    return render(request, "planningui/frozen_list.html", context)


@login_required
@require_GET
def frozen_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    analysis = get_object_or_404(
        scope(actor=request.user, queryset=FrozenAnalysis.objects.all(), permission=PLANNING_VIEW), pk=pk
    )
    district = analysis.district
    tables = [table_from_data(t) for t in analysis.snapshot.get("tables", [])]
    download = _download(
        request,
        district,
        tables={t.ident: t for t in tables},
        figures={
            "overview-map": analysis.snapshot.get("map_svg", ""),
            "demand-bars": analysis.snapshot.get("demand_svg", ""),
        },
        data_date=analysis.data_date,
    )
    context = {
        "district": district,
        "districts": [district],
        "page": "frozen",
        "query": "",
        "analysis": analysis,
        "figures": analysis.snapshot.get("figures", {}),
        "tables": tables,
        "map_svg": analysis.snapshot.get("map_svg", ""),
        "demand_svg": analysis.snapshot.get("demand_svg", ""),
    }
    return download or render(request, "planningui/frozen_detail.html", context)


def _named(analysis: FrozenAnalysis) -> dict[str, str]:
    return {"name": analysis.name, "date": formats.date_format(analysis.data_date, "SHORT_DATE_FORMAT")}


@login_required
@require_GET
def frozen_compare(request: HttpRequest) -> HttpResponse:
    """Two frozen analyses side by side, with the change per municipality."""
    district, districts = _district(request)
    analyses = _frozen(request, district)
    first = get_object_or_404(analyses, pk=request.GET.get("a") or None)
    second = get_object_or_404(analyses, pk=request.GET.get("b") or None)
    older, newer = sorted([first, second], key=lambda a: (a.data_date, a.created_at))
    a_rows, b_rows = older.snapshot.get("municipalities", {}), newer.snapshot.get("municipalities", {})
    from wegweiser.planningui.analysis import Cell, number

    table = Table(
        ident="compare-table",
        caption=_("Change per municipality from “%(a)s” to “%(b)s”") % {"a": older.name, "b": newer.name},
        headers=[
            _("Municipality"),
            # named as well as dated: two analyses of the same day are told apart
            _("Offers (%(name)s, %(date)s)") % _named(older),
            _("Offers (%(name)s, %(date)s)") % _named(newer),
            _("Change"),
            _("Offers per 1,000 (%(name)s, %(date)s)") % _named(older),
            _("Offers per 1,000 (%(name)s, %(date)s)") % _named(newer),
        ],
        numeric={1, 2, 3, 4, 5},
    )
    for ags in sorted(set(a_rows) | set(b_rows), key=lambda k: (a_rows.get(k) or b_rows.get(k))["name"]):
        a, b = a_rows.get(ags, {}), b_rows.get(ags, {})
        name = (a or b)["name"]
        change = (b.get("offers") or 0) - (a.get("offers") or 0)
        table.rows.append(
            [
                Cell(name),
                Cell(a.get("offers"), number(a.get("offers"))),
                Cell(b.get("offers"), number(b.get("offers"))),
                Cell(change, f"{change:+d}" if change else "±0"),
                Cell(a.get("per_1000"), number(a.get("per_1000"), 1), flag=bool(a.get("gap"))),
                Cell(b.get("per_1000"), number(b.get("per_1000"), 1), flag=bool(b.get("gap"))),
            ]
        )
    kreis = district.key if len(districts) > 1 else ""
    context = {
        "district": district,
        "districts": districts,
        "kreis": kreis,
        "page": "frozen",
        "query": "&".join(
            p for p in [f"kreis={kreis}" if kreis else "", f"a={first.pk}", f"b={second.pk}"] if p
        ),
        "older": older,
        "newer": newer,
        "table": table,
    }
    download = _download(
        request, district, tables={table.ident: table}, figures={}, data_date=newer.data_date
    )
    return download or render(request, "planningui/frozen_compare.html", context)
