"""Reading council inquiries: the deadline list (overdue, due soon, later) of a user's districts."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from wegweiser.access.permissions import INQUIRY_VIEW
from wegweiser.access.policy import scope
from wegweiser.council.models import Inquiry
from wegweiser.council.services.inquiries import DUE_SOON_DAYS

OPEN = [Inquiry.Status.RECEIVED, Inquiry.Status.IN_PROGRESS]


@dataclass
class DeadlineList:
    today: dt.date
    overdue: list[Inquiry] = field(default_factory=list)
    soon: list[Inquiry] = field(default_factory=list)
    later: list[Inquiry] = field(default_factory=list)


def inquiry_deadlines(*, actor: Any, today: dt.date | None = None, district: Any = None) -> DeadlineList:
    """Open inquiries (received, in progress) of the districts where ``actor`` may read them,
    by deadline: overdue, due within ``DUE_SOON_DAYS`` days, later. One query."""
    today = today or timezone.localdate()
    queryset = scope(
        actor=actor, queryset=Inquiry.objects.filter(status__in=OPEN), permission=INQUIRY_VIEW
    ).select_related("responsible", "district")
    if district is not None:
        queryset = queryset.filter(district=district)
    result = DeadlineList(today=today)
    for inquiry in queryset.order_by("deadline", "received_on"):
        if inquiry.deadline < today:
            result.overdue.append(inquiry)
        elif inquiry.deadline <= today + dt.timedelta(days=DUE_SOON_DAYS):
            result.soon.append(inquiry)
        else:
            result.later.append(inquiry)
    return result
