"""Template tags of the back office."""

from typing import Any

from django import template

from wegweiser.freshness.selectors import StaffSummary
from wegweiser.freshness.selectors import staff_summaries as summaries_for

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_summaries(context: Any) -> list[StaffSummary]:
    """What waits for the logged-in staff member, per district (the start page)."""
    request = context.get("request")
    if request is None:
        return []
    return summaries_for(actor=request.user)
