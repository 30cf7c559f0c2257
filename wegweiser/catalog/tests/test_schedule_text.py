import datetime as dt

import pytest

from wegweiser.catalog.models import Schedule
from wegweiser.catalog.schedule_text import schedule_describe


def schedule(**kwargs: object) -> Schedule:
    return Schedule(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("values", "german", "english"),
    [
        (
            {"byday": "TU,TH", "opens_at": dt.time(9), "closes_at": dt.time(12)},
            "Di und Do, 9–12 Uhr",
            "Tue and Thu, 9:00–12:00",
        ),
        (
            {"byday": "MO,TU,WE,TH,FR", "opens_at": dt.time(8, 30), "closes_at": dt.time(16)},
            "Mo–Fr, 8:30–16:00 Uhr",
            "Mon–Fri, 8:30–16:00",
        ),
        ({"byday": "MO,WE,FR"}, "Mo, Mi und Fr", "Mon, Wed and Fri"),
        (
            {"freq": "MONTHLY", "byday": "1TU", "opens_at": dt.time(14), "closes_at": dt.time(16)},
            "jeden 1. Di im Monat, 14–16 Uhr",
            "every 1st Tue of the month, 14:00–16:00",
        ),
        ({"freq": "MONTHLY", "byday": "-1FR"}, "jeden letzten Fr im Monat", "every last Fri of the month"),
        ({"byday": "SA", "interval": 2}, "alle 2 Wochen Sa", "every 2 weeks Sat"),
        ({}, "nach Vereinbarung", "by appointment"),
    ],
)
def test_schedule_reads_as_plain_words(values: dict, german: str, english: str) -> None:
    assert schedule_describe(schedule(**values), language="de") == german
    assert schedule_describe(schedule(**values), language="en") == english


def test_closing_before_opening_is_explained() -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        schedule(opens_at=dt.time(12), closes_at=dt.time(9)).clean()
    assert "closes_at" in error.value.message_dict
