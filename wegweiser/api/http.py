"""The API's HTTP mechanics: parameters, errors, language, paging envelope, caching with
ETag/Last-Modified and 304 Not Modified."""

import datetime as dt
import hashlib
import json
import math
import re
import uuid
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import http_date, quote_etag
from django.utils.translation import trans_real

from wegweiser.districts import requests
from wegweiser.districts.models import District
from wegweiser.districts.selectors import district_content_languages

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000
DIGITS = re.compile(r"[0-9]{1,12}")
NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?")
TRUE = {"true", "1", "yes"}
FALSE = {"false", "0", "no"}


# The ``error`` field of the JSON error body per HTTP status.
ERROR_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    412: "precondition_failed",
}


def error_response(status: int, message: str, message_de: str, parameter: str | None = None) -> JsonResponse:
    """The one JSON error body of the API (documented as ``Error`` in the OpenAPI document):
    ``{"error": "bad_request", "status": 400, "message": "…", "message_de": "…", "parameter": "…"}``;
    ``parameter`` names the refused query parameter and is left out when there is none."""
    body: dict[str, Any] = {
        "error": ERROR_CODES.get(status, "error"),
        "status": status,
        "message": message,
        "message_de": message_de,
    }
    if parameter is not None:
        body["parameter"] = parameter
    return JsonResponse(body, status=status)


class ApiError(Exception):
    def __init__(self, status: int, message: str, message_de: str, parameter: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.message_de, self.parameter = status, message, message_de, parameter

    def response(self) -> JsonResponse:
        return error_response(self.status, self.message, self.message_de, self.parameter)


def bad_parameter(name: str, message: str, message_de: str) -> ApiError:
    return ApiError(400, message, message_de, parameter=name)


def district_of(request: HttpRequest) -> District:
    """The district served under the request's host name, or a JSON 404."""
    try:
        return requests.district_of(request)
    except requests.NoDistrict:
        raise ApiError(
            404, "No district is served here.", "Unter dieser Adresse wird kein Landkreis angeboten."
        ) from None


def not_found() -> ApiError:
    return ApiError(404, "Not found.", "Nicht gefunden.")


def param_text(request: HttpRequest, name: str, max_length: int = 200) -> str:
    """A free text parameter, stripped; too long is refused (NUL bytes are refused for every
    parameter by ``api_view``)."""
    value = request.GET.get(name, "").strip()
    if len(value) > max_length:
        raise bad_parameter(
            name,
            f"Parameter {name} may have at most {max_length} characters.",
            f"Der Parameter {name} darf höchstens {max_length} Zeichen haben.",
        )
    return value


def param_pattern(request: HttpRequest, name: str, pattern: re.Pattern[str], example: str) -> str:
    value = request.GET.get(name, "").strip()
    if value and not pattern.fullmatch(value):
        raise bad_parameter(
            name,
            f"Parameter {name} must look like {example}.",
            f"Der Parameter {name} muss wie {example} aussehen.",
        )
    return value


def param_choice(request: HttpRequest, name: str, choices: Iterable[str], default: str = "") -> str:
    value = request.GET.get(name, "").strip().lower() or default
    allowed = sorted(choices)
    if value and value not in allowed:
        raise bad_parameter(
            name,
            f"Parameter {name} must be one of {', '.join(allowed)}.",
            f"Der Parameter {name} muss einer dieser Werte sein: {', '.join(allowed)}.",
        )
    return value


def param_uuid(request: HttpRequest, name: str) -> uuid.UUID | None:
    value = request.GET.get(name, "").strip()
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise bad_parameter(
            name, f"Parameter {name} must be a UUID.", f"Der Parameter {name} muss eine UUID sein."
        ) from None


def param_bool(request: HttpRequest, name: str) -> bool | None:
    value = request.GET.get(name, "").strip().lower()
    if not value:
        return None
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise bad_parameter(
        name, f"Parameter {name} must be true or false.", f"Der Parameter {name} muss true oder false sein."
    )


def param_float(request: HttpRequest, name: str, low: float, high: float) -> float | None:
    value = request.GET.get(name, "").strip()
    if not value:
        return None
    number = float(value) if NUMBER.fullmatch(value) else math.nan
    if not low <= number <= high:
        raise bad_parameter(
            name,
            f"Parameter {name} must be a number between {low:g} and {high:g}.",
            f"Der Parameter {name} muss eine Zahl zwischen {low:g} und {high:g} sein.",
        )
    return number


def param_int(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    value = request.GET.get(name, "").strip()
    if not value:
        return default
    if not DIGITS.fullmatch(value) or not low <= int(value) <= high:
        raise bad_parameter(
            name,
            f"Parameter {name} must be a whole number from {low} to {high}.",
            f"Der Parameter {name} muss eine ganze Zahl von {low} bis {high} sein.",
        )
    return int(value)


def param_datetime(request: HttpRequest, name: str) -> dt.datetime | None:
    """A date or date-time (ISO 8601; without offset in the server's time zone)."""
    value = request.GET.get(name, "").strip()
    if not value:
        return None
    try:
        parsed = parse_datetime(value.replace("Z", "+00:00").replace(" ", "+"))
        if parsed is None and (day := parse_date(value)) is not None:
            parsed = dt.datetime.combine(day, dt.time(0))
        if parsed is not None:
            parsed = parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
            parsed.astimezone(dt.UTC)  # the database compares in UTC: years 1 to 9999 only
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None:
        raise bad_parameter(
            name,
            f"Parameter {name} must be a date or date-time (ISO 8601).",
            f"Der Parameter {name} muss ein Datum oder Zeitpunkt (ISO 8601) sein.",
        )
    return parsed


def content_language(request: HttpRequest) -> str:
    """``?lang=`` (one of the district's languages), else the best Accept-Language match, else German."""
    wanted = request.GET.get("lang", "").strip().lower()
    accepted = trans_real.parse_accept_lang_header(request.headers.get("Accept-Language", ""))
    if not wanted and not accepted:  # German, without asking which languages are offered
        return "de"
    offered = list(district_content_languages(district=district_of(request)).values_list("code", flat=True))
    if wanted:
        if wanted not in offered:
            raise bad_parameter(
                "lang",
                f"Language {wanted} is not offered; choose one of {', '.join(sorted(offered))}.",
                f"Die Sprache {wanted} wird nicht angeboten; möglich sind {', '.join(sorted(offered))}.",
            )
        return wanted
    for code, _quality in accepted:
        base = code.split("-")[0].lower()
        if base in offered:
            return base
    return "de"


def refuse_nul_bytes(request: HttpRequest) -> None:
    """NUL bytes in a parameter (PostgreSQL refuses them in text) are a bad request."""
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            raise bad_parameter(
                name.replace("\x00", ""),
                f"Parameter {name!r} contains a NUL byte.",
                f"Der Parameter {name!r} enthält ein NUL-Zeichen.",
            )


def page_params(request: HttpRequest) -> tuple[int, int]:
    """The requested page number and page size."""
    return param_int(request, "page", 1, 1, 10**9), param_int(
        request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE
    )


def page_envelope(queryset: QuerySet, request: HttpRequest, render: Callable[[Iterable[Any]], list]) -> dict:
    """The HSDS Page object with ``contents``: one count query and one page query (plus the
    renderer's prefetches), whatever the page size."""
    page_number, per_page = page_params(request)
    total = queryset.count()
    total_pages = max(1, math.ceil(total / per_page))
    start = (page_number - 1) * per_page
    items = render(queryset[start : start + per_page]) if start < total else []
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(items),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": total == 0,
        "contents": items,
    }


def ndjson(
    queryset: QuerySet, render: Callable[[Iterable[Any]], list], chunk: int = 500
) -> StreamingHttpResponse:
    """Every result, one JSON object per line, without pagination (``format=ndjson``)."""

    def lines() -> Iterable[bytes]:
        ids = list(queryset.values_list("pk", flat=True))
        for start in range(0, len(ids), chunk):
            part = queryset.filter(pk__in=ids[start : start + chunk])
            for item in render(part):
                yield json.dumps(item, ensure_ascii=False).encode() + b"\n"

    return StreamingHttpResponse(lines(), content_type="application/x-ndjson")


def _cache_key(request: HttpRequest, language: str) -> str:
    district = district_of(request)
    query = sorted((k, v) for k, v in request.GET.lists() if k != "lang")
    parts = [
        str(district.pk),
        str(district.catalog_version),
        timezone.localdate().isoformat(),  # offers leave the directory after their last day
        request.path,
        json.dumps(query),
        language,
        request.get_host(),
    ]
    return "hsds:" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:40]


def api_view(view: Callable[..., Any]) -> Callable[..., HttpResponse]:
    """Wrap a view that returns a JSON-able object: errors as JSON, conditional GET (ETag from
    the catalog version and the request; Last-Modified from the catalog's last change), and the
    body cached until the catalog changes. Views may return an HttpResponse to bypass this."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return ApiError(405, "Read-only API: use GET.", "Nur lesend: bitte GET verwenden.").response()
        try:
            refuse_nul_bytes(request)
            language = content_language(request)
            key = _cache_key(request, language)
            etag = quote_etag(key[6:])
            district = district_of(request)
            changed = district.catalog_changed_at or district.created_at
            last_modified = changed.replace(microsecond=0)
            conditional = get_conditional_response(
                request, etag=etag, last_modified=int(last_modified.timestamp())
            )
            if conditional is not None and conditional.status_code == 412:
                raise ApiError(412, "Precondition failed.", "Vorbedingung nicht erfüllt.")
            if conditional is not None:  # 304 Not Modified
                response = conditional
            else:
                body = cache.get(key)
                if body is None:
                    result = view(request, *args, language=language, **kwargs)
                    if isinstance(result, HttpResponseBase):
                        return _headers(result, language)
                    body = json.dumps(result, ensure_ascii=False).encode()
                    cache.set(key, body, settings.WEGWEISER_API_CACHE_SECONDS)
                response = HttpResponse(body, content_type="application/json")
        except ApiError as error:
            return _headers(error.response(), "de")
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified.timestamp())
        return _headers(response, language)

    return wrapper


def _headers(response: Any, language: str) -> Any:
    response["Content-Language"] = language
    response["Vary"] = "Accept-Language"
    response["Cache-Control"] = "public, max-age=60"
    response["Access-Control-Allow-Origin"] = "*"
    return response
