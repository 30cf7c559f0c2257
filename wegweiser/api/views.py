"""HSDS 3.0 API endpoints (read-only, published offers of the district served by this host)."""

import json
import re
import uuid
from collections.abc import Callable, Iterable
from typing import Any, cast

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from wegweiser.api.http import (
    api_view,
    bad_parameter,
    district_of,
    ndjson,
    not_found,
    page_envelope,
    page_params,
    param_bool,
    param_choice,
    param_datetime,
    param_float,
    param_pattern,
    param_text,
    param_uuid,
)
from wegweiser.api.openapi import openapi_document
from wegweiser.catalog.models import Offer, OfferLocation, Organisation, Taxonomy, TaxonomyTerm
from wegweiser.catalog.selectors.facets import as_uuid
from wegweiser.hsds.objects import (
    Options,
    organization_object,
    service_at_location_object,
    service_object,
    taxonomy_object,
    taxonomy_term_object,
)
from wegweiser.hsds.profile import PATCHES, PROFILE_VERSION
from wegweiser.hsds.selectors import (
    Point,
    ServiceFilters,
    language_codes,
    location_prefetch,
    organisation_prefetch,
    postcode_point,
    public_organisations,
    public_places,
    public_services,
    search_only,
    service_filter,
    service_lookups,
    service_prefetch,
    service_search_ranked,
    term_known,
    term_queryset,
)
from wegweiser.search.selectors import FirstHits, RankedHits


def _options(request: HttpRequest, language: str) -> Options:
    return Options(language=language, base_url=request.build_absolute_uri("/").rstrip("/"))


def _id(pk: str) -> uuid.UUID:
    try:
        return uuid.UUID(pk)
    except ValueError:
        raise not_found() from None


POSTCODE = re.compile(r"[0-9]{5}")
MUNICIPALITY_KEY = re.compile(r"[0-9]{8}")


def _term(request: HttpRequest, name: str, role: str) -> str:
    value = param_text(request, name)
    if value and not term_known(role, value):
        raise bad_parameter(name, f"Unknown term {value}.", f"Unbekannter Begriff {value}.")
    return value


def _filters(request: HttpRequest, language: str) -> ServiceFilters:
    lat, lon = param_float(request, "lat", -90, 90), param_float(request, "lon", -180, 180)
    radius = param_float(request, "radius", 1, 500_000)
    proximity = param_float(request, "proximity", 1, 500_000)
    near = Point(lat, lon) if lat is not None and lon is not None else None
    if (lat is None) != (lon is None) or (radius and near is None) or (near and not radius):
        name = "lat" if lat is None else "lon" if lon is None else "radius"
        raise bad_parameter(
            name, "Give lat, lon and radius together.", "lat, lon und radius bitte zusammen angeben."
        )
    postcode = param_pattern(request, "postcode", POSTCODE, "99734")
    if proximity and not postcode:
        raise bad_parameter(
            "proximity", "Give proximity together with postcode.", "proximity bitte mit postcode angeben."
        )
    if postcode and proximity:
        near, radius = postcode_point(postcode), proximity
        if near is None:
            raise bad_parameter(
                "postcode", f"Unknown postcode {postcode}.", f"Unbekannte Postleitzahl {postcode}."
            )
    delivery_language = param_text(request, "delivery_language", max_length=20)
    if delivery_language:
        known = {code.lower(): code for code in language_codes()}
        if delivery_language.lower() not in known:
            raise bad_parameter(
                "delivery_language",
                f"Unknown language {delivery_language}.",
                f"Unbekannte Sprache {delivery_language}.",
            )
        delivery_language = known[delivery_language.lower()]
    return ServiceFilters(
        search=param_text(request, "search"),
        search_languages=tuple(dict.fromkeys((language, "de"))),
        taxonomy_term_id=param_uuid(request, "taxonomy_term_id"),
        taxonomy_id=param_uuid(request, "taxonomy_id"),
        organization_id=param_uuid(request, "organization_id"),
        modified_after=param_datetime(request, "modified_after"),
        postcode=postcode,
        near=near,
        radius_m=radius if near else None,
        municipality_key=param_pattern(request, "municipality", MUNICIPALITY_KEY, "16062041"),
        delivery_language=delivery_language,
        field_of_action=_term(request, "field_of_action", Taxonomy.Role.FIELD_OF_ACTION),
        target_group=_term(request, "target_group", Taxonomy.Role.TARGET_GROUP),
        free_of_charge=param_bool(request, "free"),
    )


def _ndjson_wanted(request: HttpRequest) -> bool:
    return param_choice(request, "format", {"json", "ndjson"}, default="json") == "ndjson"


@api_view
def root(request: HttpRequest, language: str) -> dict[str, Any]:
    return {
        "version": "3.0",
        "profile": request.build_absolute_uri(reverse("api:profile")),
        "openapi_url": request.build_absolute_uri(reverse("api:openapi")),
    }


# -- services --------------------------------------------------------------------------------


@api_view
def service_list(request: HttpRequest, language: str) -> Any:
    filters = _filters(request, language)
    district = district_of(request)
    minimal, full = bool(param_bool(request, "minimal")), bool(param_bool(request, "full"))
    options = _options(request, language)

    def load(items: QuerySet[Offer]) -> Iterable[Offer]:
        return items if minimal else service_prefetch(items, language=language, full=full)

    def render_loaded(offers: Iterable[Offer]) -> list[dict[str, Any]]:
        return [service_object(o, options, full=full, minimal=minimal) for o in offers]

    def render_items(items: Iterable[Offer]) -> list[dict[str, Any]]:
        return render_loaded(load(cast(QuerySet[Offer], items)))

    ndjson_wanted = _ndjson_wanted(request)
    if search_only(filters) and not ndjson_wanted:  # ranked by the index, best first (as the directory)
        page_number, per_page = page_params(request)
        first = page_number * per_page  # where the page ``page_envelope`` cuts ends, at most
        ranked = service_search_ranked(district=district, filters=filters, first=first)
        return page_envelope(cast(Any, _RankedIds(ranked, load)), request, render_loaded)
    # Built only here: filtering by text parses the query (vocabulary look-ups), which the
    # ranked search above does itself.
    queryset = service_filter(
        public_services(district=district, text_search=bool(filters.search.strip())),
        district=district,
        filters=filters,
    ).order_by("name", "id")
    if ndjson_wanted:
        return ndjson(queryset, render_items)
    paged: Any = _PagedByIds(queryset) if filters.search.strip() else queryset
    return page_envelope(paged, request, render_items)


class _RankedIds:
    """The ranked hits of a text search for ``page_envelope``: the count is their number; a
    page's offers are read by id (``load``: one query, plus its prefetches) and put in the order
    of the ranking here (an ``ORDER BY CASE`` over fifty ids costs more to build than the query
    takes)."""

    def __init__(
        self, hits: RankedHits | FirstHits, load: Callable[[QuerySet[Offer]], Iterable[Offer]]
    ) -> None:
        self.hits = hits
        self.load = load

    def count(self) -> int:
        return len(self.hits)

    def __getitem__(self, item: slice) -> list[Offer]:
        rows = self.hits.page(start=item.start or 0, stop=item.stop or len(self.hits))
        page = [as_uuid(pk) for pk, _rank in rows]
        found = {offer.pk: offer for offer in self.load(Offer.objects.filter(pk__in=page))}
        return [found[pk] for pk in page if pk in found]


class _PagedByIds:
    """``queryset`` for ``page_envelope`` when searching: the page is chosen over the ids only
    (the database sorts the hits as narrow rows, not as whole offers), then its offers are read
    by id in the same order (one query more, whatever the number of hits)."""

    def __init__(self, queryset: QuerySet[Offer]) -> None:
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, item: slice) -> QuerySet[Offer]:
        ids = list(self.queryset.values_list("pk", flat=True)[item])
        return Offer.objects.filter(pk__in=ids).order_by(*self.queryset.query.order_by)


@api_view
def service_detail(request: HttpRequest, pk: str, language: str) -> dict[str, Any]:
    queryset = service_prefetch(
        public_services(district=district_of(request)).filter(pk=_id(pk)), language=language, full=True
    )
    offer = queryset.first()
    if offer is None:
        raise not_found()
    return service_object(offer, _options(request, language), full=True)


# -- organisations ---------------------------------------------------------------------------


def _organisation_services(orgs: list[Organisation], request: HttpRequest, language: str, full: bool) -> dict:
    offers = service_prefetch(
        public_services(district=district_of(request)).filter(organisation__in=orgs).order_by("name"),
        language=language,
        full=full,
    )
    grouped: dict[Any, list] = {}
    for offer in offers:
        grouped.setdefault(offer.organisation_id, []).append(
            service_object(offer, _options(request, language), full=full)
        )
    return grouped


@api_view
def organization_list(request: HttpRequest, language: str) -> Any:
    queryset = public_organisations(district=district_of(request)).order_by("name", "id")
    if search := param_text(request, "search"):
        queryset = queryset.filter(Q(name__icontains=search) | Q(alternate_name__icontains=search))
    full, full_service = bool(param_bool(request, "full")), bool(param_bool(request, "full_service"))
    options = _options(request, language)

    def render_items(items: Iterable[Organisation]) -> list[dict[str, Any]]:
        orgs = list(items.prefetch_related(*organisation_prefetch(language, full=full)))  # type: ignore[attr-defined]
        services = _organisation_services(orgs, request, language, full_service) if full else {}
        result = []
        for org in orgs:
            data = organization_object(org, options, full=full)
            if full:
                data["services"] = services.get(org.pk, [])
            result.append(data)
        return result

    if _ndjson_wanted(request):
        return ndjson(queryset, render_items)
    return page_envelope(queryset, request, render_items)


@api_view
def organization_detail(request: HttpRequest, pk: str, language: str) -> dict[str, Any]:
    org = (
        public_organisations(district=district_of(request))
        .filter(pk=_id(pk))
        .prefetch_related(*organisation_prefetch(language, full=True))
        .first()
    )
    if org is None:
        raise not_found()
    data = organization_object(org, _options(request, language), full=True)
    full_service = bool(param_bool(request, "full_service"))
    data["services"] = _organisation_services([org], request, language, full_service).get(org.pk, [])
    return data


# -- services at locations -------------------------------------------------------------------


def _places(request: HttpRequest, language: str, *, full: bool) -> QuerySet[OfferLocation]:
    """Public offers at locations, filtered like services, with everything their objects show."""
    offers = service_filter(
        public_services(district=district_of(request)),
        district=district_of(request),
        filters=_filters(request, language),
    )
    return (
        OfferLocation.objects.filter(offer__in=offers.values("pk"))
        .select_related("location__municipality", "offer__organisation")
        .prefetch_related(
            *[_prefixed(p, "location") for p in location_prefetch(language)],
            *(["schedules__translations"] if full else []),
            *[_prefixed(p, "offer") for p in service_lookups(language=language, full=full)],
        )
    )


def _prefixed(lookup: Any, prefix: str) -> Any:
    if isinstance(lookup, Prefetch):
        return Prefetch(f"{prefix}__{lookup.prefetch_through}", queryset=lookup.queryset)
    return f"{prefix}__{lookup}"


@api_view
def place_list(request: HttpRequest, language: str) -> Any:
    full = bool(param_bool(request, "full"))
    queryset = _places(request, language, full=full).order_by("offer__name", "location__name", "id")
    options = _options(request, language)

    def render_items(items: Iterable[OfferLocation]) -> list[dict[str, Any]]:
        return [service_at_location_object(p, options, full=full, with_service=True) for p in items]

    if _ndjson_wanted(request):
        return ndjson(queryset, render_items)
    return page_envelope(queryset, request, render_items)


@api_view
def place_detail(request: HttpRequest, pk: str, language: str) -> dict[str, Any]:
    public = public_places(district=district_of(request)).filter(pk=_id(pk))
    place = _places(request, language, full=True).filter(pk__in=public.values("pk")).first()
    if place is None:
        raise not_found()
    return service_at_location_object(place, _options(request, language), full=True, with_service=True)


# -- taxonomies ------------------------------------------------------------------------------


@api_view
def taxonomy_list(request: HttpRequest, language: str) -> Any:
    queryset = Taxonomy.objects.order_by("name", "id")
    if search := param_text(request, "search"):
        queryset = queryset.filter(name__icontains=search)

    def render_items(items: Iterable[Taxonomy]) -> list[dict[str, Any]]:
        return [taxonomy_object(t) for t in items]

    if _ndjson_wanted(request):
        return ndjson(queryset, render_items)
    return page_envelope(queryset, request, render_items)


@api_view
def taxonomy_detail(request: HttpRequest, pk: str, language: str) -> dict[str, Any]:
    taxonomy = Taxonomy.objects.filter(pk=_id(pk)).first()
    if taxonomy is None:
        raise not_found()
    return taxonomy_object(taxonomy)


@api_view
def term_list(request: HttpRequest, language: str) -> Any:
    queryset = term_queryset(language).order_by("taxonomy__name", "sort_order", "name", "id")
    if taxonomy_id := param_uuid(request, "taxonomy_id"):
        queryset = queryset.filter(taxonomy_id=taxonomy_id)
    if parent_id := param_uuid(request, "parent_id"):
        queryset = queryset.filter(parent_id=parent_id)
    if param_bool(request, "top_only"):
        queryset = queryset.filter(parent__isnull=True)
    if search := param_text(request, "search"):
        queryset = queryset.filter(
            Q(name__icontains=search) | Q(translations__name__icontains=search)
        ).distinct()
    options = Options(language=language)

    def render_items(items: Iterable[TaxonomyTerm]) -> list[dict[str, Any]]:
        return [taxonomy_term_object(t, options) for t in items]

    if _ndjson_wanted(request):
        return ndjson(queryset, render_items)
    return page_envelope(queryset, request, render_items)


@api_view
def term_detail(request: HttpRequest, pk: str, language: str) -> dict[str, Any]:
    term = term_queryset(language).filter(pk=_id(pk)).first()
    if term is None:
        raise not_found()
    return taxonomy_term_object(term, Options(language=language))


# -- documentation ---------------------------------------------------------------------------


@require_GET
def openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document(request), json_dumps_params={"ensure_ascii": False, "indent": 1})


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    document = openapi_document(request)
    operations = [
        {"path": path, "method": method.upper(), **operation}
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and method == "get"
    ]
    parameters = document["components"]["parameters"]
    for operation in operations:
        operation["params"] = [
            parameters[p["$ref"].rsplit("/", 1)[1]] if "$ref" in p else p
            for p in operation.get("parameters", [])
        ]
    return render(
        request,
        "api/docs.html",
        {
            "document": document,
            "operations": operations,
            "patches": sorted(PATCHES),
            "version": PROFILE_VERSION,
        },
    )


@require_GET
def profile_index(request: HttpRequest) -> HttpResponse:
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(
            {
                "name": "Wegweiser profile",
                "version": PROFILE_VERSION,
                "hsds_version": "3.0",
                "profile": {
                    name: request.build_absolute_uri(reverse("api:profile_file", args=[name]))
                    for name in sorted(PATCHES)
                },
            }
        )
    return render(request, "api/profile.html", {"patches": PATCHES, "version": PROFILE_VERSION})


@require_GET
def profile_file(request: HttpRequest, name: str) -> HttpResponse:
    if name not in PATCHES:
        raise Http404
    return HttpResponse(
        json.dumps(PATCHES[name], indent=1, ensure_ascii=False), content_type="application/json"
    )
