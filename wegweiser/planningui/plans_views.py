"""Plans, measures and funding in the planning workspace (/planung/plaene/, /planung/foerderung/):
thin views over ``wegweiser.plans.selectors``.

Who: staff whose role grants ``PLAN_VIEW`` in a district (reviewers, planners, editors: all read;
reviewers change plans in the back office and enter indicator values in ``indicator_views``).
Anonymous visitors are sent to the login, other accounts get 403, another district's document
answers 404. Tables download as CSV or Excel (``?download=<id>&format=csv|xlsx``) like the
other planning tables."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wegweiser.access.permissions import PLAN_CHANGE, PLAN_VIEW, PLANNING_VIEW
from wegweiser.access.policy import has, scope
from wegweiser.catalog.models import FundingProgramme
from wegweiser.districts.models import District
from wegweiser.planningui import exports
from wegweiser.planningui.analysis import Cell, Table, number
from wegweiser.plans.models import PlanningDocument, ProgrammeDeadline
from wegweiser.plans.selectors import (
    document_compare,
    document_get,
    document_progress,
    document_versions,
    documents_list,
    funding_ending,
    funding_totals,
    measures_table,
)
from wegweiser.plans.selectors.progress import STATUS_ORDER

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _money(value: Decimal | None) -> str:
    return "–" if value is None else f"{number(value, 0)} €"


def _date(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "–"


def _plan_district(request: HttpRequest) -> tuple[District, list[District]]:
    """The district (``?kreis=<key>``, else the first of the user's with ``PLAN_VIEW``); none: 403;
    another district's key: 404."""
    districts = list(
        scope(actor=request.user, queryset=District.objects.order_by("name"), permission=PLAN_VIEW)
    )
    if not districts:
        raise PermissionDenied(_("You are not allowed to do this."))
    key = request.GET.get("kreis", "")
    if not key:
        return districts[0], districts
    for district in districts:
        if district.key == key:
            return district, districts
    raise Http404


def _common(request: HttpRequest, district: District, districts: list[District], page: str) -> dict[str, Any]:
    kreis = district.key if len(districts) > 1 else ""
    return {
        "district": district,
        "districts": districts,
        "kreis": kreis,
        "page": page,
        # editors read plans but not the analyses: the nav hides what they cannot open
        "plans_only": not has(actor=request.user, permission=PLANNING_VIEW, district=district),
    }


def _download(request: HttpRequest, district: District, tables: dict[str, Table]) -> HttpResponse | None:
    ident = request.GET.get("download")
    if not ident:
        return None
    fmt = request.GET.get("format", "csv")
    if ident not in tables or fmt not in CONTENT_TYPES:
        raise Http404
    stamp = timezone.localdate().isoformat()
    table = tables[ident]
    if fmt == "csv":
        body = exports.table_csv(table)
    else:
        note = _("%(district)s, as of %(date)s. Wegweiser planning workspace.") % {
            "district": district.name,
            "date": stamp,
        }
        body = exports.table_xlsx(table, note=note)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{district.key}-{ident}-{stamp}.{fmt}"'
    return response


def _query(request: HttpRequest, *names: str) -> str:
    data = request.GET.copy()
    for name in ("download", "format"):
        data.pop(name, None)
    return data.urlencode() if not names else "&".join(f"{n}={data[n]}" for n in names if data.get(n))


def _measures_table(rows: list[Any], *, ident: str, caption: str) -> Table:
    table = Table(
        ident=ident,
        caption=caption,
        headers=[
            _("Measure"),
            _("Document"),
            _("Decision"),
            _("Field of action"),
            _("Goal"),
            _("Status"),
            _("Last report"),
            _("Responsible"),
            _("Period"),
            _("Target groups"),
            _("Municipalities"),
            _("Offers"),
            _("Funding programmes"),
            _("Funding (EUR)"),
            _("Own share (EUR)"),
        ],
        numeric={13, 14},
    )
    for r in rows:
        responsible = ", ".join(x for x in (r.responsible_organisation, r.responsible_person) if x)
        table.rows.append(
            [
                Cell(r.title),
                Cell(r.document_title),
                Cell(r.decision_number or ""),
                Cell(r.field_of_action or ""),
                Cell(r.goal_title),
                Cell(r.status_label),
                Cell(r.last_report_on, _date(r.last_report_on)),
                Cell(responsible),
                Cell(f"{_date(r.period_start)} – {_date(r.period_end)}"),
                Cell(", ".join(r.target_groups)),
                Cell(", ".join(r.municipalities)),
                Cell(", ".join(r.offers)),
                Cell(", ".join(r.programmes)),
                Cell(r.funding_amount, number(r.funding_amount, 0)),
                Cell(r.funding_own_share, number(r.funding_own_share, 0)),
            ]
        )
    return table


@login_required
@require_GET
def plans_list(request: HttpRequest) -> HttpResponse:
    """The district's planning documents (every version) and all their measures."""
    district, districts = _plan_district(request)
    documents = list(documents_list(actor=request.user, district=district))
    table = _measures_table(
        measures_table(actor=request.user, district=district),
        ident="massnahmen",
        caption=_("Measures of all documents"),
    )
    download = _download(request, district, {table.ident: table})
    context = _common(request, district, districts, "plans") | {
        "documents": documents,
        "table": table,
        "query": _query(request),
    }
    return download or render(request, "planningui/plans/list.html", context)


def _progress_table(progress: Any) -> Table:
    table = Table(
        ident="fortschritt",
        caption=_("Progress per field of action and goal"),
        headers=[
            _("Field of action"),
            _("Goal"),
            _("Measures"),
            *[str(label) for _s, label, _n in progress.status_counts],
            _("Targets reached"),
        ],
        numeric=set(range(2, 4 + len(STATUS_ORDER))),
        row_headers=False,
    )
    for field in progress.fields:
        for goal in field.goals:
            table.rows.append(
                [
                    Cell(field.name or _("without field of action")),
                    Cell(goal.title),
                    Cell(len(goal.measures)),
                    *[Cell(n) for _s, _l, n in goal.status_counts],
                    Cell(
                        f"{goal.targets_reached}/{goal.targets_total}",
                        _("%(reached)s of %(total)s")
                        % {"reached": goal.targets_reached, "total": goal.targets_total},
                    ),
                ]
            )
    return table


@login_required
@require_GET
def plans_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    """One document: the decision, its versions, and the monitoring of its measures."""
    district, districts = _plan_district(request)
    document = document_get(actor=request.user, district=district, pk=pk)
    progress = document_progress(actor=request.user, document=document)
    versions = document_versions(document=document)
    progress_table = _progress_table(progress)
    table = _measures_table(
        measures_table(actor=request.user, district=district, document=document),
        ident="massnahmen",
        caption=_("Measures of this document"),
    )
    download = _download(request, district, {table.ident: table, progress_table.ident: progress_table})
    context = _common(request, district, districts, "plans") | {
        "document": document,
        "progress": progress,
        "progress_table": progress_table,
        "table": table,
        "versions": versions,
        "attachments": list(document.attachments.all()),
        "done_percent": round(progress.done * 100 / progress.measures) if progress.measures else 0,
        "query": _query(request, "kreis"),
        "compare_url": reverse("planningui:plans_compare"),
        "may_enter_values": document.status != PlanningDocument.Status.SUPERSEDED
        and has(actor=request.user, permission=PLAN_CHANGE, obj=document),
    }
    return download or render(request, "planningui/plans/detail.html", context)


@login_required
@require_GET
def plans_compare(request: HttpRequest) -> HttpResponse:
    """Two versions side by side (``?alt=<id>&neu=<id>``; without them the document ``?neu``
    against its previous version)."""
    district, districts = _plan_district(request)
    new = document_get(actor=request.user, district=district, pk=request.GET.get("neu", ""))
    old_id = request.GET.get("alt") or new.previous_id
    if not old_id:
        raise Http404
    old = document_get(actor=request.user, district=district, pk=old_id)
    comparison = document_compare(actor=request.user, old=old, new=new)
    context = _common(request, district, districts, "plans") | {
        "old": old,
        "new": new,
        "comparison": comparison,
        "versions": document_versions(document=new),
    }
    return render(request, "planningui/plans/compare.html", context)


def _year(value: str | None, default: int) -> int:
    try:
        year = int(value or default)
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


def _day(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


@login_required
@require_GET
def funding_overview(request: HttpRequest) -> HttpResponse:
    """Who funds what: programmes with their terms, totals per programme and year, and the offers
    whose funding ends within a chosen period (optionally of one programme)."""
    district, districts = _plan_district(request)
    today = timezone.localdate()
    year_from = _year(request.GET.get("von"), today.year)
    year_to = max(year_from, min(_year(request.GET.get("bis"), today.year + 2), year_from + 15))
    end_start = _day(request.GET.get("ende_ab"), dt.date(today.year + 1, 1, 1))
    end_end = max(end_start, _day(request.GET.get("ende_bis"), dt.date(today.year + 1, 12, 31)))
    programmes = list(
        scope(
            actor=request.user,
            queryset=FundingProgramme.objects.filter(Q(district=district) | Q(district__isnull=True)),
            permission=PLAN_VIEW,
        ).order_by("name")
    )
    chosen = next((p for p in programmes if p.slug == request.GET.get("programm")), None)
    totals = funding_totals(actor=request.user, district=district, year_from=year_from, year_to=year_to)
    ending = funding_ending(
        actor=request.user, district=district, start=end_start, end=end_end, programme=chosen
    )
    totals_table = Table(
        ident="foerdersummen",
        caption=_("Funding per programme and year"),
        headers=[
            _("Programme"),
            _("Funder"),
            _("Year"),
            _("Funding of measures (EUR)"),
            _("Own share (EUR)"),
            _("Budget (EUR)"),
            _("Measures"),
            _("Offers"),
            _("Offer funding per year (EUR)"),
        ],
        numeric={2, 3, 4, 5, 6, 7, 8},
    )
    for r in totals.rows:
        totals_table.rows.append(
            [
                Cell(r.programme),
                Cell(r.funder),
                Cell(r.year, str(r.year)),
                Cell(r.amount, number(r.amount)),
                Cell(r.own_share, number(r.own_share)),
                Cell(r.budget, number(r.budget) if r.budget is not None else "–"),
                Cell(r.measures),
                Cell(r.offers),
                Cell(r.offer_amount, number(r.offer_amount)),
            ]
        )
    for y in totals.by_year:
        totals_table.rows.append(
            [
                Cell(_("All programmes")),
                Cell(""),
                Cell(y.year, str(y.year)),
                Cell(y.amount, number(y.amount)),
                Cell(y.own_share, number(y.own_share)),
                Cell(y.budget, number(y.budget)),
                Cell(None, ""),
                Cell(None, ""),
                Cell(None, ""),
            ]
        )
    ending_table = Table(
        ident="foerderende",
        caption=_("Offers whose funding ends between %(start)s and %(end)s")
        % {"start": _date(end_start), "end": _date(end_end)},
        headers=[
            _("Offer"),
            _("Provider"),
            _("Programme"),
            _("Funded until"),
            _("Amount per year (EUR)"),
            _("Measures"),
            _("Other funding continues"),
            _("Falls away"),
        ],
        numeric={4},
    )
    for e in ending:
        until = _date(e.funded_until) + (f" ({_('end of programme')})" if e.from_programme_period else "")
        ending_table.rows.append(
            [
                Cell(e.offer),
                Cell(e.organisation),
                Cell(e.programme),
                Cell(e.funded_until, until),
                Cell(e.amount_per_year, number(e.amount_per_year) if e.amount_per_year is not None else "–"),
                Cell(", ".join(e.measures)),
                Cell(", ".join(e.continuing)),
                Cell(e.falls_away, _("yes") if e.falls_away else _("no"), flag=e.falls_away),
            ]
        )
    download = _download(
        request, district, {totals_table.ident: totals_table, ending_table.ident: ending_table}
    )
    deadlines = scope(
        actor=request.user,
        queryset=ProgrammeDeadline.objects.filter(district=district, date__gte=today).select_related(
            "programme"
        ),
        permission=PLAN_VIEW,
    ).order_by("date")[:20]
    context = _common(request, district, districts, "funding") | {
        "programmes": programmes,
        "chosen": chosen,
        "totals": totals,
        "totals_table": totals_table,
        "ending_table": ending_table,
        "ending_count": len(ending),
        "falls_away": sum(1 for e in ending if e.falls_away),
        "deadlines": list(deadlines),
        "year_from": year_from,
        "year_to": year_to,
        "end_start": end_start,
        "end_end": end_end,
        "query": _query(request),
    }
    return download or render(request, "planningui/plans/funding.html", context)
