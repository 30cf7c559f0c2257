"""Attach the district served by the requested host name to every request."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from wegweiser.districts.selectors import district_for_host


class DistrictMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.district = district_for_host(host=request.get_host())  # type: ignore[attr-defined]
        return self.get_response(request)
