"""The language chooser: one GET form at the top of every public and portal page."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path, override


def switched_url(url: str, code: str, content: str = "") -> str:
    """``url`` (a local path with query) in interface language ``code``: the same page, search
    and filters. The content language (``?lang=``) follows the interface language unless
    ``content`` names another one."""
    parts = urlsplit(url)
    query = QueryDict(parts.query, mutable=True)
    query.pop("lang", None)
    if content and content != code:
        query["lang"] = content
    try:  # i18n_patterns resolve only under their own language
        with override(get_language_from_path(parts.path) or settings.LANGUAGE_CODE):
            match = resolve(parts.path)
    except Resolver404:
        match = None
    if match is None or not match.view_name:
        path = reverse_home(code)
    else:
        kwargs = dict(match.kwargs)
        if "lang" in kwargs:  # the partner portal names its language in the path itself
            kwargs["lang"] = code
        with override(code):
            path = reverse(match.view_name, args=match.args, kwargs=kwargs)
    return urlunsplit(("", "", path, query.urlencode(), ""))


def reverse_home(code: str) -> str:
    with override(code):
        return reverse("directory:home")


def language_choose(request: HttpRequest) -> HttpResponse:
    """``?language=ar&content=&next=/de/angebote/?q=…`` → the same page in Arabic, the choice
    remembered in the language cookie (only set here, when a visitor chooses)."""
    code = request.GET.get("language", "")
    next_url = request.GET.get("next", "")
    safe = next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if code not in dict(settings.LANGUAGES):
        return HttpResponseRedirect(next_url if safe else "/")
    target = switched_url(next_url if safe else reverse_home(code), code, request.GET.get("content", ""))
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # "Lax" in settings
    )
    return response
