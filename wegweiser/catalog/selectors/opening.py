"""Filters by opening days, from the offers' schedules (RFC 5545 ``BYDAY`` codes, see
``catalog.models.schedules``): "on a Monday or a Thursday" and "open today".

A schedule belongs to an offer or to one of its places; either counts. Schedules whose validity
has ended do not count, nor (for "today") those that start later.

* Weekday ``MO``: every schedule that names Monday (weekly "MO", monthly "1MO" or "-1MO").
* Today: a weekly schedule that names today's weekday (every n-th week only when its first day
  ``valid_from`` says that this is such a week), or a monthly one for today's place in the month
  ("2TU" on the second Tuesday, "-1FR" on the last Friday). Offers "by appointment" (no days)
  are not "open today".
"""

import calendar
import datetime as dt

from django.db.models import Q
from django.utils import timezone

from wegweiser.catalog.models import Schedule
from wegweiser.catalog.schedule_text import DAY_ORDER

WEEKDAYS = tuple(DAY_ORDER)


def _running(on: dt.date, *, started: bool) -> Q:
    q = Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    if started:
        q &= Q(valid_from__isnull=True) | Q(valid_from__lte=on)
    return q


def _offers_with(schedules: Q) -> Q:
    """Offers having a matching schedule of their own or at one of their places (a condition on
    ``Offer``, as a subquery)."""
    matching = Schedule.objects.filter(schedules)
    return Q(pk__in=matching.filter(offer__isnull=False).values("offer_id")) | Q(
        pk__in=matching.filter(offer_location__isnull=False).values("offer_location__offer_id")
    )


def opening_condition(days: set[str], open_today: bool, today: dt.date | None = None) -> Q:
    """The directory's opening filters as one condition on ``Offer`` (none chosen: no condition)."""
    today = today or timezone.localdate()
    condition = offers_open_on(weekdays=days, today=today)
    if open_today:
        condition &= offers_open_today(today=today)
    return condition


def offers_open_on(*, weekdays: set[str], today: dt.date) -> Q:
    """Offers open on any of ``weekdays`` (codes ``MO`` … ``SU``); unknown codes are ignored."""
    codes = [c for c in WEEKDAYS if c in weekdays]
    if not codes:
        return Q()
    named = Q()
    for code in codes:
        named |= Q(byday__contains=code)
    return _offers_with(named & _running(today, started=False))


def offers_open_today(*, today: dt.date) -> Q:
    """Offers open on ``today`` by their schedules (see the module's note)."""
    code = WEEKDAYS[today.weekday()]
    tokens = [f"{(today.day - 1) // 7 + 1}{code}"]
    if today.day + 7 > calendar.monthrange(today.year, today.month)[1]:
        tokens.append(f"-1{code}")
    running = _running(today, started=True)
    monthly = Q(freq=Schedule.Freq.MONTHLY) & _token_in(tokens)
    weekly = Q(freq=Schedule.Freq.WEEKLY) & _token_in([code])
    every_week = weekly & Q(interval__lte=1)
    # Every n-th week: only with a first day to count from; few rows, checked here.
    irregular = Schedule.objects.filter(weekly & running, interval__gt=1, valid_from__isnull=False)
    fitting = [
        pk
        for pk, start, interval in irregular.values_list("pk", "valid_from", "interval")
        if start is not None and _weeks_since(start, today) % interval == 0
    ]
    return _offers_with((every_week | monthly | Q(pk__in=fitting)) & running)


def _weeks_since(start: dt.date, today: dt.date) -> int:
    """Whole weeks from the Monday of ``start``'s week to ``today``."""
    return (today - (start - dt.timedelta(days=start.weekday()))).days // 7


def _token_in(tokens: list[str]) -> Q:
    """``byday`` (comma-separated codes) holds one of ``tokens`` exactly."""
    q = Q()
    for token in tokens:
        q |= (
            Q(byday=token)
            | Q(byday__startswith=f"{token},")
            | Q(byday__endswith=f",{token}")
            | Q(byday__contains=f",{token},")
        )
    return q
