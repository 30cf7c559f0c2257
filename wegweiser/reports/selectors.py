"""Reads of committee reports: the templates and reports a user may see, and the offers a report
counts and lists (the planning workspace's facts, ``planning.supply.offer_facts_for``, plus the
providers and funding programmes)."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from wegweiser.access.permissions import REPORT_TEMPLATE_VIEW, REPORT_VIEW
from wegweiser.access.policy import require, scope
from wegweiser.catalog.models import FundingProgramme, Offer, TaxonomyTerm
from wegweiser.districts.models import District, Municipality
from wegweiser.planning.supply import OfferFacts, offer_facts_cached, places_for, supply_filter
from wegweiser.reports.models import Report, ReportTemplate


def report_templates_for(*, actor: Any, district: District) -> QuerySet[ReportTemplate]:
    require(actor=actor, permission=REPORT_TEMPLATE_VIEW, district=district)
    return scope(
        actor=actor,
        queryset=ReportTemplate.objects.filter(district=district),
        permission=REPORT_TEMPLATE_VIEW,
    ).order_by("title")


def reports_for(*, actor: Any, district: District, limit: int = 50) -> QuerySet[Report]:
    """The latest reports built in ``district`` (without their snapshots), newest first."""
    require(actor=actor, permission=REPORT_VIEW, district=district)
    return (
        scope(actor=actor, queryset=Report.objects.filter(district=district), permission=REPORT_VIEW)
        .select_related("template", "created_by")
        .defer("snapshot", "body")
        .order_by("-created_at")[:limit]
    )


def report_get(*, actor: Any, pk: Any) -> Report:
    """One report the actor may see; another district's id raises Report.DoesNotExist."""
    return scope(actor=actor, queryset=Report.objects.all(), permission=REPORT_VIEW).get(pk=pk)


def report_previous(*, template: ReportTemplate) -> Report | None:
    """The last report built from ``template`` (the base of "changes since the last report")."""
    return Report.objects.filter(template=template).order_by("-created_at").first()


@dataclass
class ReportOffer:
    facts: OfferFacts
    organisation: str = ""
    programmes: set[Any] = field(default_factory=set)


@dataclass
class OfferData:
    """Every offer of the district that is or was public, with what the report blocks filter by
    and show, loaded once per report (eight queries)."""

    district: District
    offers: list[ReportOffer]
    term_names: dict[Any, str]
    programme_names: dict[Any, str]
    municipality_names: dict[Any, str]

    def current(
        self, *, terms: list[Any], programme: Any = None, municipality: Any = None
    ) -> list[ReportOffer]:
        """The offers the public directory shows today (the planning workspace's rule), matching
        every given term (a term matches its children too), the programme and the municipality
        (offers available there: located there, serving its area, outreach, whole district)."""
        selection = supply_filter(terms=terms)
        found = []
        for offer in self.offers:
            if not selection.matches(offer.facts):
                continue
            if programme is not None and programme not in offer.programmes:
                continue
            if municipality is not None and offer.facts.reason_in(municipality) is None:
                continue
            found.append(offer)
        return sorted(found, key=lambda o: (o.facts.name.casefold(), str(o.facts.id)))


def offer_data_load(*, district: District) -> OfferData:
    """The facts are the planning workspace's, kept per district while its catalog is unchanged
    (``offer_facts_cached``: the overview's map and charts of the same report read them too).
    Providers and programmes are read as plain values, joined in SQL: no per-row converters."""
    facts = offer_facts_cached(district=district, places=places_for(district=district))
    by_id = {f.id: ReportOffer(facts=f) for f in facts}
    by_key = {str(pk).replace("-", ""): offer for pk, offer in by_id.items()}
    offers = Offer.objects.filter(district=district)
    for key, organisation in _raw_rows(offers.values_list("id", "organisation__name")):
        if (offer := by_key.get(key)) is not None:
            offer.organisation = organisation or ""
    links = Offer.funding_programmes.through.objects.filter(offer__district=district)
    programme_ids = {str(p.pk).replace("-", ""): p.pk for p in programmes_for(district=district)}
    for key, programme_key in _raw_rows(links.values_list("offer_id", "fundingprogramme_id")):
        offer = by_key.get(key)
        if offer is not None and (programme := programme_ids.get(str(programme_key).replace("-", ""))):
            offer.programmes.add(programme)
    return OfferData(
        district=district,
        offers=list(by_id.values()),
        term_names=dict(TaxonomyTerm.objects.values_list("id", "name")),
        programme_names={p.pk: str(p) for p in programmes_for(district=district)},
        municipality_names=dict(Municipality.objects.filter(district=district).values_list("id", "name")),
    )


def _raw_rows(queryset: QuerySet) -> list[tuple[str, Any]]:
    """The rows of a two-column ``values_list`` with the first column (a UUID) as its database
    text without dashes, read without Django's per-value converters (on SQLite the UUID
    converter was a tenth of a report's build over 4,500 offers)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(str(a).replace("-", ""), b) for a, b in cursor.fetchall()]


def programmes_for(*, district: District) -> QuerySet[FundingProgramme]:
    """The district's funding programmes and those every district shares."""
    return FundingProgramme.objects.filter(Q(district=district) | Q(district__isnull=True))


def term_find(*, role: str, value: str) -> TaxonomyTerm | None:
    """A term of the vocabulary with ``role`` by its slug or (case-insensitively) its name."""
    terms = TaxonomyTerm.objects.filter(taxonomy__role=role)
    return terms.filter(slug=value).first() or terms.filter(name__iexact=value).first()


def programme_find(*, district: District, value: str) -> FundingProgramme | None:
    programmes = programmes_for(district=district)
    return (
        programmes.filter(slug=value).first()
        or programmes.filter(short_name__iexact=value).first()
        or programmes.filter(name__iexact=value).first()
    )


def municipality_find(*, district: District, value: str) -> Municipality | None:
    municipalities = Municipality.objects.filter(district=district)
    return (
        municipalities.filter(ags=value).first()
        or municipalities.filter(slug=value).first()
        or municipalities.filter(name__iexact=value).first()
        or municipalities.filter(name__istartswith=f"{value},").first()
    )


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
