"""Calendar arithmetic of the confirmation period (no database, no imports of other apps)."""

import calendar
import datetime as dt


def months_before(day: dt.date, months: int) -> dt.date:
    """``day`` minus ``months`` calendar months (31 March − 1 month = 28/29 February)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_after(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months."""
    return months_before(day, -months)
