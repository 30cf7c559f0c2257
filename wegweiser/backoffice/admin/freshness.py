"""The freshness pages of the back office: how current the catalog is (shares, trend), the
overdue offers and the unanswered confirmation requests. Thin views over
``wegweiser.freshness.selectors``; every staff role of the district may read them."""

import datetime as dt
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.access import permissions
from wegweiser.access.policy import has
from wegweiser.backoffice.admin.open_data import _chosen_district, _districts
from wegweiser.backoffice.charts import bar_chart, line_chart
from wegweiser.catalog.models import Offer
from wegweiser.districts.models import District
from wegweiser.freshness.periods import months_after
from wegweiser.freshness.selectors import (
    confirmation_requests_unanswered,
    confirmed_since,
    freshness_by_field_of_action,
    freshness_by_municipality,
    freshness_by_organisation,
    freshness_overall,
    freshness_trend,
    offers_overdue,
)

ORGANISATIONS_SHOWN = 15  # in the chart; the table lists every organisation
TREND_DAYS = 365
PAGE_SIZE = 50


class FreshnessAdminMixin:
    """Adds the freshness pages under the offers' admin URLs."""

    admin_site: admin.AdminSite

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("freshness/", wrap(self.freshness_view), name="catalog_freshness"),
            path("freshness/overdue/", wrap(self.freshness_overdue_view), name="catalog_freshness_overdue"),
            path(
                "freshness/requests/", wrap(self.freshness_requests_view), name="catalog_freshness_requests"
            ),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def _freshness_district(self, request: HttpRequest) -> District | None:
        """The district asked for (``?district=``; another district's id answers 404)."""
        if not has(actor=request.user, permission=permissions.OFFER_VIEW):
            raise PermissionDenied
        return _chosen_district(request, permissions.OFFER_VIEW)

    def _freshness_context(self, request: HttpRequest, title: str, district: District) -> dict[str, Any]:
        districts = list(_districts(request, permissions.OFFER_VIEW)[:50])
        several = len(districts) > 1
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": Offer._meta,
            "district": district,
            "other_districts": [d for d in districts if d.pk != district.pk] if several else [],
            "district_query": f"?district={district.pk}" if several else "",
        }

    def _choose(self, request: HttpRequest) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": _("Choose a district"),
            "opts": Offer._meta,
            "districts": _districts(request, permissions.OFFER_VIEW),
        }
        return render(request, "backoffice/district_choice.html", context)

    def freshness_view(self, request: HttpRequest) -> HttpResponse:
        district = self._freshness_district(request)
        if district is None:
            return self._choose(request)
        today = timezone.localdate()
        organisations = freshness_by_organisation(district=district, today=today)
        fields = freshness_by_field_of_action(district=district, today=today)
        municipalities = freshness_by_municipality(district=district, today=today)
        trend = freshness_trend(district=district, days=TREND_DAYS, today=today)
        context = self._freshness_context(request, _("Freshness of the catalog"), district)
        context |= {
            "today": today,
            "since": confirmed_since(district=district, today=today),
            "overall": freshness_overall(district=district, today=today),
            "organisations": organisations,
            "organisations_chart": bar_chart(organisations, limit=ORGANISATIONS_SHOWN),
            "organisations_shown": min(ORGANISATIONS_SHOWN, len(organisations)),
            "fields": fields,
            "fields_chart": bar_chart(fields),
            "municipalities": municipalities,
            "municipalities_chart": bar_chart(municipalities),
            "trend": trend,
            "trend_chart": line_chart(trend, start=today - dt.timedelta(days=TREND_DAYS), end=today),
            "trend_has_demo": any(s.is_demo for s in trend),
            "overdue_count": offers_overdue(district=district, today=today).count(),
            "requests_count": confirmation_requests_unanswered(district=district).count(),
        }
        return render(request, "backoffice/freshness_dashboard.html", context)

    def freshness_overdue_view(self, request: HttpRequest) -> HttpResponse:
        district = self._freshness_district(request)
        if district is None:
            return self._choose(request)
        today = timezone.localdate()
        page = Paginator(offers_overdue(district=district, today=today), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        rows = [
            {
                "offer": offer,
                "due": months_after(offer.assured_date, district.stale_after_months)
                if offer.assured_date
                else None,
            }
            for offer in page.object_list
        ]
        context = self._freshness_context(request, _("Overdue offers"), district)
        context |= {"page": page, "rows": rows, "today": today}
        return render(request, "backoffice/freshness_overdue.html", context)

    def freshness_requests_view(self, request: HttpRequest) -> HttpResponse:
        district = self._freshness_district(request)
        if district is None:
            return self._choose(request)
        page = Paginator(confirmation_requests_unanswered(district=district), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context = self._freshness_context(request, _("Unanswered confirmation requests"), district)
        context |= {"page": page, "today": timezone.localdate()}
        return render(request, "backoffice/freshness_requests.html", context)
