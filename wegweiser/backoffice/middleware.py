"""The back office speaks the district's language whatever the browser asks for."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation


class BackOfficeLanguageMiddleware:
    """Staff see the admin, its JavaScript widgets (``jsi18n``) and its messages in
    ``LANGUAGE_CODE`` (German), also when their browser prefers English. The planning pages
    (no language in their path) speak only ``STAFF_LANGUAGES``: a visitor's language cookie
    or Accept-Language asking for Arabic gives German there. Placed after ``LocaleMiddleware``,
    which keeps choosing the language of the public directory and the partner portal."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        staff_only = (
            path.startswith("/planung/") and translation.get_language() not in settings.STAFF_LANGUAGES
        )
        if path.startswith(reverse("admin:index")) or staff_only:
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE  # type: ignore[attr-defined]
        return self.get_response(request)
