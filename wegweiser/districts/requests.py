"""The district a request is served for (set by ``DistrictMiddleware`` from the host name)."""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from wegweiser.districts.models import District


class NoDistrict(Http404):
    """No district is served under the requested host name."""


def district_of(request: HttpRequest) -> District:
    """The district served under the request's host name; raises ``NoDistrict`` (a 404) if none."""
    district: District | None = getattr(request, "district", None)
    if district is None:
        raise NoDistrict(_("No district is configured."))
    return district
