"""Public pages of the district's public bodies: upcoming public meetings (each with a calendar
file) and published minutes. Nothing personal beyond the names of the members shown."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from wegweiser.directory.views import _language_context
from wegweiser.districts.requests import district_of
from wegweiser.network.models import VOTING_ROLES
from wegweiser.network.selectors import (
    body_public_get,
    meeting_public_get,
    meetings_public_upcoming,
    meetings_public_with_minutes,
)
from wegweiser.network.services.meetings import meeting_calendar


def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    district = district_of(request)
    body = body_public_get(district=district, slug=slug)
    if body is None:
        raise Http404("No such body.")
    context = _language_context(request, district)
    members = (
        body.members.filter(role__in=VOTING_ROLES)
        .select_related("organisation", "person")
        .order_by("role", "organisation__name", "person__name")
    )
    return render(
        request,
        "directory/body_detail.html",
        context
        | {
            "body": body,
            "upcoming": list(meetings_public_upcoming(body=body)),
            "with_minutes": list(meetings_public_with_minutes(body=body)),
            "organisations": sorted({m.organisation.name for m in members if m.organisation_id}),
        },
    )


def meeting_ics(request: HttpRequest, slug: str, meeting_id: str) -> HttpResponse:
    """The public meeting as an iCalendar file (METHOD:PUBLISH: no attendees)."""
    district = district_of(request)
    body = body_public_get(district=district, slug=slug)
    meeting = meeting_public_get(body=body, meeting_id=meeting_id) if body else None
    if meeting is None:
        raise Http404(_("No such meeting."))
    text = meeting_calendar(meeting, method="PUBLISH")
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sitzung-{meeting.starts_at:%Y-%m-%d}.ics"'
    return response
