"""The report blocks that read the plans app (``wegweiser.plans``): the measures table of a
planning document and the funding totals per programme and year, as plain snapshot tables."""

from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from wegweiser.districts.models import District


def _money(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return formats.number_format(value, 0, use_l10n=True, force_grouping=True) + " €"


def _date(value: Any) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "–"


def document_find(*, district: District, value: str) -> Any:
    """A planning document of ``district`` by its slug, decision number or title; of several
    versions the newest."""
    from wegweiser.plans.models import PlanningDocument

    documents = PlanningDocument.objects.filter(district=district).order_by("-version")
    return (
        documents.filter(slug=value).first()
        or documents.filter(decision_number=value).first()
        or documents.filter(title__iexact=value).first()
    )


def measures_table(*, actor: Any, district: District, document: Any = None) -> dict[str, Any]:
    from wegweiser.plans.selectors import measures_table as plans_measures_table

    rows = plans_measures_table(actor=actor, district=district, document=document)
    caption = (
        _("Measures of %(document)s") % {"document": str(document)}
        if document is not None
        else pgettext("report", "Measures")
    )
    return {
        "caption": caption,
        "headers": [
            pgettext("report", "Field of action / goal"),
            pgettext("report", "Measure"),
            pgettext("report", "Responsible"),
            pgettext("report", "Period"),
            pgettext("report", "Status"),
            pgettext("report", "Funding"),
        ],
        "numeric": [5],
        "rows": [
            [
                " / ".join(x for x in (r.field_of_action, r.goal_title) if x),
                r.title,
                ", ".join(x for x in (r.responsible_organisation, r.responsible_person) if x) or "–",
                f"{_date(r.period_start)} – {_date(r.period_end)}",
                r.status_label
                + (f" ({_date(r.last_report_on)}: {r.last_report_text})" if r.last_report_on else ""),
                _money(r.funding_amount) if r.funding_amount else "–",
            ]
            for r in rows
        ],
    }


def funding_totals(*, actor: Any, district: District, year_from: int, year_to: int) -> dict[str, Any]:
    from wegweiser.plans.selectors import funding_totals as plans_funding_totals

    totals = plans_funding_totals(actor=actor, district=district, year_from=year_from, year_to=year_to)
    rows = [
        [
            r.programme,
            str(r.year),
            _money(r.amount),
            _money(r.own_share),
            _money(r.budget),
            str(r.measures),
            str(r.offers),
        ]
        for r in totals.rows
    ]
    for year in totals.by_year:
        rows.append(
            [
                pgettext("report", "Total"),
                str(year.year),
                _money(year.amount),
                _money(year.own_share),
                _money(year.budget),
                "",
                "",
            ]
        )
    span = str(year_from) if year_from == year_to else f"{year_from}–{year_to}"
    return {
        "caption": _("Funding per programme and year, %(years)s") % {"years": span},
        "headers": [
            pgettext("report", "Programme"),
            pgettext("report", "Year"),
            pgettext("report", "Funding"),
            pgettext("report", "Own share"),
            pgettext("report", "Budget"),
            pgettext("report", "Measures"),
            pgettext("report", "Offers"),
        ],
        "numeric": [1, 2, 3, 4, 5, 6],
        "rows": rows,
        "total": str(totals.amount),
    }
