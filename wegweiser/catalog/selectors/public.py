"""What the public may see: published, running offers of one district."""

import datetime as dt
import uuid
from functools import lru_cache

from django.conf import settings
from django.db import connection, models
from django.db.models import F, Field, Func, Prefetch, Q, QuerySet
from django.utils import timezone

from wegweiser.catalog.models import (
    Offer,
    OfferLocation,
    OfferTranslation,
    Organisation,
    OrganisationTranslation,
    Schedule,
    ScheduleTranslation,
    TaxonomyTerm,
    TaxonomyTermTranslation,
)
from wegweiser.districts.models import District
from wegweiser.freshness.periods import months_before
from wegweiser.search.services import PUBLIC_STATUSES


def offer_public_queryset(
    *, district: District, include_hidden_overdue: bool = False, text_search: bool = False
) -> QuerySet[Offer]:
    """Published offers of ``district`` that run (not defunct or inactive, not ended) and, if the
    district hides offers overdue for confirmation by more than ``hide_overdue_after_months``,
    are not hidden (``include_hidden_overdue``: the back office's freshness figures).

    ``text_search``: the caller filters by the search index's matches (a subquery on the
    primary key). On SQLite the district, state and status conditions are then written so that
    no index serves them (``+column``): SQLite (without statistics) would otherwise walk every
    public offer of the district through that index and test each against the matches, where
    looking the matches up by primary key touches only them. PostgreSQL plans this from its
    statistics, so nothing changes there."""
    today = timezone.localdate()
    queryset: QuerySet[Offer]
    if text_search and connection.vendor == "sqlite":
        queryset = Offer.objects.alias(
            plus_district=_unindexed("district_id", Offer._meta.get_field("district").target_field),
            plus_state=_unindexed("state", Offer._meta.get_field("state")),
            plus_status=_unindexed("status", Offer._meta.get_field("status")),
        ).filter(plus_district=district.pk, plus_state=Offer.State.PUBLISHED, plus_status__in=PUBLIC_STATUSES)
    else:
        queryset = Offer.objects.filter(
            district=district, state=Offer.State.PUBLISHED, status__in=PUBLIC_STATUSES
        )
    queryset = queryset.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    if not include_hidden_overdue:
        queryset = offers_hidden_overdue_exclude(queryset, district=district)
    return queryset


def _unindexed(column: str, output_field: Field) -> Func:
    return Func(F(column), template="+%(expressions)s", output_field=output_field)


def offers_hidden_overdue_exclude(queryset: QuerySet[Offer], *, district: District) -> QuerySet[Offer]:
    """``queryset`` without the offers the district hides for being overdue for confirmation by
    more than ``hide_overdue_after_months`` (due ``stale_after_months`` after the last
    confirmation, hidden N months after that); unchanged when the district hides nothing."""
    if district.hide_overdue_after_months is None:
        return queryset
    months = district.stale_after_months + district.hide_overdue_after_months
    limit = months_before(timezone.localdate(), months)
    return queryset.exclude(assured_date__lt=limit).exclude(
        assured_date__isnull=True, published_at__date__lt=limit
    )


def offer_public_exceptions(*, district: District) -> QuerySet[Offer]:
    """The district's searchable offers (published, running: what the search index holds) that
    are not public today: ended (``valid_to`` passed) or hidden for being overdue for
    confirmation (``offers_hidden_overdue_exclude``). Usually few; served by the index on
    (district, state, status, valid_to)."""
    today = timezone.localdate()
    searchable = Offer.objects.filter(
        district=district, state=Offer.State.PUBLISHED, status__in=PUBLIC_STATUSES
    )
    condition = Q(valid_to__lt=today)
    if district.hide_overdue_after_months is not None:
        months = district.stale_after_months + district.hide_overdue_after_months
        limit = months_before(today, months)
        condition |= Q(assured_date__lt=limit) | Q(assured_date__isnull=True, published_at__date__lt=limit)
    return searchable.filter(condition).order_by()  # no ordering: the index above serves it


def offer_public_exceptions_sql(*, district: District) -> tuple[str, tuple]:
    """``SELECT id`` of ``offer_public_exceptions``, as SQL and parameters for a search statement
    to leave them out. Compiled once per district, day, freshness setting and time zone (the
    ORM took 0.3 ms to compile it, on every search)."""
    return _exceptions_sql(
        district.pk,
        district.stale_after_months,
        district.hide_overdue_after_months,
        timezone.localdate(),
        timezone.get_current_timezone_name(),
        connection.vendor,
    )


@lru_cache(maxsize=512)
def _exceptions_sql(
    district_id: uuid.UUID,
    stale_after_months: int,
    hide_overdue_after_months: int | None,
    today: dt.date,
    time_zone: str,
    vendor: str,
) -> tuple[str, tuple]:
    district = District(
        pk=district_id,
        stale_after_months=stale_after_months,
        hide_overdue_after_months=hide_overdue_after_months,
    )
    sql, params = offer_public_exceptions(district=district).values("pk").query.sql_with_params()
    return sql, tuple(params)


def translations_for(model: type[models.Model], language: str) -> QuerySet:
    """Translation rows in ``language`` and in the interface languages (the fallbacks)."""
    codes = {language, *(code for code, _name in settings.LANGUAGES)}
    return model._default_manager.filter(language_id__in=codes)


def with_card_data(
    queryset: QuerySet[Offer], *, language: str, places: QuerySet | None = None
) -> QuerySet[Offer]:
    """Everything a result card shows, in a constant number of queries."""
    if places is None:
        places = OfferLocation.objects.select_related("location__municipality")
    return queryset.select_related("organisation").prefetch_related(
        Prefetch("translations", queryset=translations_for(OfferTranslation, language)),
        Prefetch(
            "terms",
            queryset=TaxonomyTerm.objects.select_related("taxonomy").prefetch_related(
                Prefetch("translations", queryset=translations_for(TaxonomyTermTranslation, language))
            ),
        ),
        "languages",
        Prefetch("offer_locations", queryset=places),
        "municipalities",
    )


def offer_public_detail(*, district: District, slug: str, language: str) -> Offer | None:
    """One public offer with everything its page shows."""
    schedules = Schedule.objects.prefetch_related(
        Prefetch("translations", queryset=translations_for(ScheduleTranslation, language))
    )
    places = OfferLocation.objects.select_related("location__municipality").prefetch_related(
        Prefetch("schedules", queryset=schedules), "location__translations"
    )
    queryset = with_card_data(offer_public_queryset(district=district), language=language, places=places)
    queryset = queryset.prefetch_related(
        Prefetch("schedules", queryset=schedules),
        "contacts",
        "phones",
        "funding_programmes",
        Prefetch(
            "organisation__translations",
            queryset=translations_for(OrganisationTranslation, language),
        ),
    )
    return queryset.filter(slug=slug).first()


def organisation_public_detail(*, district: District, slug: str, language: str) -> Organisation | None:
    return (
        Organisation.objects.filter(district=district, slug=slug)
        .prefetch_related(
            Prefetch("translations", queryset=translations_for(OrganisationTranslation, language)),
            "phones",
        )
        .first()
    )


def organisation_public_offer_ids(*, organisation: Organisation) -> list:
    queryset = offer_public_queryset(district=organisation.district).filter(organisation=organisation)
    return list(queryset.order_by("name").values_list("pk", flat=True))
