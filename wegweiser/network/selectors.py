"""Reads of the network app: the public body page, its meetings and the calendar file."""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from wegweiser.districts.models import District
from wegweiser.network.models import AgendaItem, Body, Meeting


def body_public_get(*, district: District, slug: str) -> Body | None:
    """A public body of the district, or None."""
    return Body.objects.filter(district=district, slug=slug, is_public=True).first()


def bodies_public(*, district: District) -> QuerySet[Body]:
    return Body.objects.filter(district=district, is_public=True).order_by("name")


def _public_meetings(body: Body) -> QuerySet[Meeting]:
    public_items = Prefetch(
        "agenda_items", queryset=AgendaItem.objects.filter(is_public=True).order_by("position")
    )
    return (
        Meeting.objects.filter(body=body, is_public=True)
        .exclude(status=Meeting.Status.CANCELLED)
        .prefetch_related(public_items)
    )


def meetings_public_upcoming(*, body: Body, now: Any = None) -> QuerySet[Meeting]:
    """Public meetings of ``body`` that have not ended, soonest first (with their public items)."""
    now = now or timezone.now()
    return _public_meetings(body).filter(ends_at__gte=now).order_by("starts_at")


def meetings_public_with_minutes(*, body: Body, now: Any = None) -> QuerySet[Meeting]:
    """Public meetings of ``body`` whose minutes are published, newest first."""
    now = now or timezone.now()
    return (
        _public_meetings(body)
        .filter(minutes_published_at__isnull=False, minutes_published_at__lte=now)
        .exclude(minutes="")
        .order_by("-starts_at")
    )


def meeting_public_get(*, body: Body, meeting_id: Any) -> Meeting | None:
    """A public, not cancelled meeting of a public body (for the .ics download), or None."""
    return _public_meetings(body).filter(Q(pk=meeting_id)).select_related("body__district").first()


def body_member_addresses(*, body: Body, on: Any = None) -> list[tuple[str, str]]:
    """(name, e-mail) of the body's seats whose term covers ``on`` (default today): the person's
    address, else the organisation's; each address once; anonymised persons and seats without an
    address are left out. Recipient lists that follow a body read their addresses here."""
    on = on or timezone.localdate()
    seats = (
        body.members.filter(
            Q(term_from__isnull=True) | Q(term_from__lte=on), Q(term_to__isnull=True) | Q(term_to__gte=on)
        )
        .select_related("person", "organisation")
        .order_by("pk")
    )
    result: list[tuple[str, str]] = []
    seen: set[str] = set()
    for member in seats:
        if member.person_id and member.person and member.person.anonymised_at:
            continue
        address = member.email.strip()
        if address and address.lower() not in seen:
            seen.add(address.lower())
            result.append((str(member), address))
    return result
