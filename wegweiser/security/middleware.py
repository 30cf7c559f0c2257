"""Refuse malformed input before any view or database sees it.

NUL bytes cannot be stored in PostgreSQL text (psycopg raises, which used to answer 500), and
bytes that are not UTF-8 (or encode surrogates) are never meaningful input. Such requests get
400: the API's JSON error on ``/api/``, a small German page elsewhere. This is the global safety
net; views still validate their own parameters."""

from collections.abc import Callable, Iterable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _strict_text(raw: str) -> str | None:
    """A percent-encoded WSGI string (latin-1 code points) decoded strictly as UTF-8."""
    try:
        data = unquote_to_bytes(raw.replace("+", " ").encode("latin-1"))
        return data.decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def _has_nul(values: Iterable[str]) -> bool:
    return any("\x00" in value for value in values)


def _bad_parameter(query: str) -> str | None:
    """The name of the first query parameter whose name or value is malformed (NUL bytes removed
    from the name), so that the API's error can name it."""
    for pair in query.split("&"):
        key, _sep, value = pair.partition("=")
        name, text = _strict_text(key), _strict_text(value)
        if name is None or text is None or "\x00" in name or "\x00" in text:
            return (name or "").replace("\x00", "")
    return None


def malformed_input(request: HttpRequest) -> str:
    """Which part of the request is malformed ("" if none)."""
    if "\x00" in request.path or "\x00" in request.META.get("PATH_INFO", ""):
        return "path"
    query = _strict_text(request.META.get("QUERY_STRING", ""))
    if query is None or "\x00" in query:
        return "query"
    if "\x00" in request.META.get("HTTP_COOKIE", "") or _has_nul(
        [*request.COOKIES, *request.COOKIES.values()]
    ):
        return "cookie"
    if request.method == "POST" and request.content_type in FORM_TYPES:
        if request.content_type == FORM_TYPES[0]:
            body = _strict_text(request.body.decode("latin-1"))
            if body is None or "\x00" in body:
                return "form"
        else:
            for key, values in request.POST.lists():
                if _has_nul([key, *values]):
                    return "form"
    return ""


def bad_request(request: HttpRequest, part: str) -> HttpResponse:
    with translation.override("de"):
        message_de = _("The request contains characters that are not allowed (in the %(part)s).") % {
            "part": {"path": _("address"), "query": _("address"), "cookie": _("cookies"), "form": _("form")}[
                part
            ]
        }
    if request.path.startswith("/api/"):
        from wegweiser.api.http import ApiError  # the API's own error shape

        message = f"The request's {part} contains NUL bytes or bytes that are not UTF-8."
        parameter = _bad_parameter(request.META.get("QUERY_STRING", "")) if part == "query" else None
        return ApiError(400, message, message_de, parameter=parameter).response()
    html = render_to_string("security/bad_request.html", {"message": message_de})
    return HttpResponse(html, status=400, content_type="text/html; charset=utf-8")


class RejectMalformedInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        part = malformed_input(request)
        if part:
            return bad_request(request, part)
        return self.get_response(request)


# Back-office paths a user who still needs a second factor may open.
SETUP_PATHS = ("/admin/zwei-faktor/", "/admin/logout/", "/admin/login/", "/admin/jsi18n/")


class TwoFactorMiddleware:
    """In the back office (``/admin/``): a user with a confirmed device whose session was not
    verified with a code is logged out and sent to the login; staff of a district that requires
    a second factor and have none yet are sent to the setup page until they have one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.contrib.auth import logout
        from django.contrib.auth.views import redirect_to_login
        from django.shortcuts import redirect

        from wegweiser.security.two_factor import confirmed_device, two_factor_required

        if not request.path.startswith("/admin/") or request.path.startswith(SETUP_PATHS):
            return self.get_response(request)  # checked before touching the session
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if confirmed_device(user) is not None:
                if not user.is_verified():  # type: ignore[union-attr]
                    logout(request)
                    return redirect_to_login(request.get_full_path(), "admin:login")
            elif user.is_staff and two_factor_required(user):
                return redirect("security:two_factor_setup")
        return self.get_response(request)
