"""Reading how current a district's catalog is: the share of published offers confirmed within
the district's period (overall, per organisation, per field of action, per municipality), the
measured trend, the overdue offers and the unanswered confirmation requests. Every aggregate is
one SQL query; nothing here loops over offers.

An offer is *confirmed within the period* when its last confirmation (``Offer.assured_date``,
which publication sets too) lies at most ``District.stale_after_months`` calendar months back;
it is *overdue* otherwise (never confirmed included)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from wegweiser.access import permissions
from wegweiser.access.policy import scope
from wegweiser.catalog.models import Offer, OfferLocation, Taxonomy, TaxonomyTerm
from wegweiser.catalog.selectors.public import offer_public_queryset
from wegweiser.districts.models import District, Municipality
from wegweiser.freshness.models import ConfirmationRequest, FreshnessSnapshot
from wegweiser.freshness.periods import months_after, months_before


def confirmed_since(*, district: District, today: dt.date | None = None) -> dt.date:
    """The earliest confirmation date that still counts as confirmed within the period."""
    return months_before(today or timezone.localdate(), district.stale_after_months)


def offer_due_date(*, district: District, offer: Offer) -> dt.date | None:
    """When the offer's next confirmation is due (None: never confirmed, due now)."""
    if offer.assured_date is None:
        return None
    return months_after(offer.assured_date, district.stale_after_months)


def offer_is_overdue(*, district: District, offer: Offer, today: dt.date | None = None) -> bool:
    return offer.assured_date is None or offer.assured_date < confirmed_since(district=district, today=today)


def offers_published(*, district: District) -> QuerySet[Offer]:
    """The offers the freshness figures are about: published and running, hidden overdue ones
    included (they are the ones most in need of attention)."""
    return offer_public_queryset(district=district, include_hidden_overdue=True)


def _confirmed_q(since: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}assured_date__gte": since})


@dataclass(frozen=True)
class Share:
    """``confirmed`` of ``total`` published offers confirmed within the period."""

    key: Any
    label: str
    total: int
    confirmed: int

    @property
    def overdue(self) -> int:
        return self.total - self.confirmed

    @property
    def percent(self) -> int:
        """Rounded down, so that 99.6 % does not read as "all confirmed"."""
        return (100 * self.confirmed // self.total) if self.total else 0


def freshness_overall(*, district: District, today: dt.date | None = None) -> Share:
    since = confirmed_since(district=district, today=today)
    counts = offers_published(district=district).aggregate(
        total=Count("pk"), confirmed=Count("pk", filter=_confirmed_q(since))
    )
    return Share(district.pk, district.name, counts["total"], counts["confirmed"])


def freshness_by_organisation(*, district: District, today: dt.date | None = None) -> list[Share]:
    """Organisations with published offers, the least current first."""
    since = confirmed_since(district=district, today=today)
    rows = (
        offers_published(district=district)
        .order_by()
        .values("organisation_id", "organisation__name")
        .annotate(total=Count("pk"), confirmed=Count("pk", filter=_confirmed_q(since)))
    )
    shares = [Share(r["organisation_id"], r["organisation__name"], r["total"], r["confirmed"]) for r in rows]
    return sorted(shares, key=lambda s: (s.percent, -s.total, s.label.casefold()))


def freshness_by_field_of_action(*, district: District, today: dt.date | None = None) -> list[Share]:
    """Fields of action (taxonomy role ``field_of_action``) in their vocabulary order."""
    since = confirmed_since(district=district, today=today)
    published = offers_published(district=district)
    condition = Q(offers__in=published.values("pk"))
    rows = (
        TaxonomyTerm.objects.filter(taxonomy__role=Taxonomy.Role.FIELD_OF_ACTION)
        .annotate(
            total=Count("offers", filter=condition),
            confirmed=Count("offers", filter=condition & _confirmed_q(since, "offers__")),
        )
        .filter(total__gt=0)
        .order_by("sort_order", "name")
        .values("pk", "name", "total", "confirmed")
    )
    return [Share(r["pk"], r["name"], r["total"], r["confirmed"]) for r in rows]


def freshness_by_municipality(*, district: District, today: dt.date | None = None) -> list[Share]:
    """Per municipality, the offers that take place there (a location in it), serve it (service
    area) or serve the whole district; one offer may count for several municipalities."""
    since = confirmed_since(district=district, today=today)
    municipality = OuterRef(OuterRef("pk"))
    there = (
        Q(serves_whole_district=True)
        | Exists(OfferLocation.objects.filter(offer=OuterRef("pk"), location__municipality=municipality))
        | Exists(Offer.municipalities.through.objects.filter(offer=OuterRef("pk"), municipality=municipality))
    )

    def count(condition: Q) -> Any:
        offers = (
            offers_published(district=district)
            .filter(there & condition)
            .order_by()
            .values("district")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        return Coalesce(Subquery(offers, output_field=IntegerField()), 0)

    rows = (
        Municipality.objects.filter(district=district)
        .annotate(total=count(Q()), confirmed=count(_confirmed_q(since)))
        .order_by("name")
        .values("pk", "name", "total", "confirmed")
    )
    return [Share(r["pk"], r["name"].split(",")[0], r["total"], r["confirmed"]) for r in rows]


def freshness_trend(*, district: District, days: int = 365, today: dt.date | None = None) -> list[Any]:
    """The measured snapshots of the last ``days`` days, oldest first. Days without a snapshot
    stay gaps: nothing is reconstructed (see docs/freshness.md)."""
    start = (today or timezone.localdate()) - dt.timedelta(days=days)
    return list(FreshnessSnapshot.objects.filter(district=district, day__gte=start).order_by("day"))


def offers_overdue(*, district: District, today: dt.date | None = None) -> QuerySet[Offer]:
    """Published offers not confirmed within the period, the longest overdue first."""
    since = confirmed_since(district=district, today=today)
    return (
        offers_published(district=district)
        .filter(Q(assured_date__lt=since) | Q(assured_date__isnull=True))
        .select_related("organisation")
        .order_by(F("assured_date").asc(nulls_first=True), "name")
    )


def confirmation_requests_unanswered(*, district: District) -> QuerySet[ConfirmationRequest]:
    """Requests sent to a provider and not answered yet, the oldest due date first."""
    return (
        ConfirmationRequest.objects.filter(
            district=district, requested_at__isnull=False, answered_at__isnull=True
        )
        .select_related("offer", "organisation")
        .order_by("due_date", "offer__name")
    )


@dataclass(frozen=True)
class StaffSummary:
    """What waits for the staff of one district (the back office's start page)."""

    district: District
    changes_pending: int
    offers_overdue: int
    requests_unanswered: int


def staff_summaries(*, actor: Any, today: dt.date | None = None) -> list[StaffSummary]:
    """One summary per district the actor works for (three queries per district)."""
    from wegweiser.revisions.models import Revision

    districts = scope(
        actor=actor, queryset=District.objects.order_by("name"), permission=permissions.OFFER_VIEW
    )
    result = []
    for district in districts:
        result.append(
            StaffSummary(
                district=district,
                changes_pending=Revision.objects.filter(
                    district=district, state=Revision.State.PENDING
                ).count(),
                offers_overdue=offers_overdue(district=district, today=today).count(),
                requests_unanswered=confirmation_requests_unanswered(district=district).count(),
            )
        )
    return result
