"""The back office speaks the district's language whatever the browser asks for."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation


class BackOfficeLanguageMiddleware:
    """Staff see the admin, its JavaScript widgets (``jsi18n``) and its messages in
    ``LANGUAGE_CODE`` (German), also when their browser prefers English. Placed after
    ``LocaleMiddleware``, which keeps choosing the language of the public directory."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(reverse("admin:index")):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE  # type: ignore[attr-defined]
        return self.get_response(request)
