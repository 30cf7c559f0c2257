"""Schedules in plain words: "Di und Do, 9–12 Uhr" / "Tue and Thu, 9:00–12:00", and in the
other languages of the printed catalog."""

import datetime as dt
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wegweiser.catalog.models import Schedule

DAY_ORDER = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DAY_NAMES = {
    "de": dict(zip(DAY_ORDER, ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"], strict=True)),
    "en": dict(zip(DAY_ORDER, ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], strict=True)),
    "uk": dict(zip(DAY_ORDER, ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Нд"], strict=True)),
    "ru": dict(zip(DAY_ORDER, ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"], strict=True)),
    "ar": dict(
        zip(DAY_ORDER, ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"], strict=True)
    ),
    "fa": dict(
        zip(DAY_ORDER, ["دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه"], strict=True)
    ),
    "tr": dict(zip(DAY_ORDER, ["Pzt", "Sal", "Çar", "Per", "Cum", "Cmt", "Paz"], strict=True)),
}
WORDS = {
    "de": {
        "and": "und",
        "every_n_weeks": "alle %(n)s Wochen",
        "monthly": "jeden %(ordinal)s %(day)s im Monat",
        "last": "letzten",
        "every_n_months": "alle %(n)s Monate",
        "hours": "%(times)s Uhr",
        "by_appointment": "nach Vereinbarung",
    },
    "en": {
        "and": "and",
        "every_n_weeks": "every %(n)s weeks",
        "monthly": "every %(ordinal)s %(day)s of the month",
        "last": "last",
        "every_n_months": "every %(n)s months",
        "hours": "%(times)s",
        "by_appointment": "by appointment",
    },
    # The printed catalog's other languages (reviewed by native speakers before a real edition).
    "uk": {
        "and": "і",
        "every_n_weeks": "кожні %(n)s тижні",
        "monthly": "%(ordinal)s %(day)s щомісяця",
        "last": "останній",
        "every_n_months": "кожні %(n)s місяці",
        "hours": "%(times)s",
        "by_appointment": "за домовленістю",
    },
    "ru": {
        "and": "и",
        "every_n_weeks": "каждые %(n)s недели",
        "monthly": "%(ordinal)s %(day)s каждого месяца",
        "last": "последний",
        "every_n_months": "каждые %(n)s месяца",
        "hours": "%(times)s",
        "by_appointment": "по договорённости",
    },
    "ar": {
        "and": "و",
        "comma": "، ",
        "every_n_weeks": "كل %(n)s أسابيع",
        "monthly": "%(day)s %(ordinal)s من كل شهر",
        "last": "الأخير",
        "every_n_months": "كل %(n)s أشهر",
        "hours": "%(times)s",
        "by_appointment": "بموعد مسبق",
    },
    "fa": {
        "and": "و",
        "comma": "، ",
        "every_n_weeks": "هر %(n)s هفته",
        "monthly": "%(day)s %(ordinal)s هر ماه",
        "last": "آخر",
        "every_n_months": "هر %(n)s ماه",
        "hours": "%(times)s",
        "by_appointment": "با وقت قبلی",
    },
    "tr": {
        "and": "ve",
        "every_n_weeks": "%(n)s haftada bir",
        "monthly": "her ayın %(ordinal)s %(day)s günü",
        "last": "son",
        "every_n_months": "%(n)s ayda bir",
        "hours": "%(times)s",
        "by_appointment": "randevuyla",
    },
}
EN_ORDINALS = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th"}
BYDAY_RE = re.compile(r"^(-?\d)?(MO|TU|WE|TH|FR|SA|SU)$")


def _join(items: list[str], words: dict[str, str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    comma = words.get("comma", ", ")
    return f"{comma.join(items[:-1])} {words['and']} {items[-1]}"


def _weekdays(codes: list[str], lang: str) -> str:
    names = DAY_NAMES[lang]
    indexes = sorted(DAY_ORDER.index(c) for c in codes)
    groups: list[list[int]] = []
    for i in indexes:
        if groups and groups[-1][-1] == i - 1:
            groups[-1].append(i)
        else:
            groups.append([i])
    parts: list[str] = []
    for group in groups:
        if len(group) >= 3:
            parts.append(f"{names[DAY_ORDER[group[0]]]}–{names[DAY_ORDER[group[-1]]]}")
        else:
            parts.extend(names[DAY_ORDER[i]] for i in group)
    return _join(parts, WORDS[lang])


def _time(value: dt.time, with_minutes: bool) -> str:
    return f"{value.hour}:{value.minute:02d}" if with_minutes else str(value.hour)


def _hours(opens: dt.time | None, closes: dt.time | None, lang: str) -> str:
    if not opens:
        return ""
    on_the_hour = opens.minute == 0 and (closes is None or closes.minute == 0)
    with_minutes = lang != "de" or not on_the_hour
    times = _time(opens, with_minutes)
    if closes:
        times = f"{times}–{_time(closes, with_minutes)}"
    return WORDS[lang]["hours"] % {"times": times}


def _ordinal(n: int, lang: str) -> str:
    if n < 0:
        return WORDS[lang]["last"]
    if lang == "en":
        return EN_ORDINALS.get(n, f"{n}th")
    return f"{n}."


def schedule_describe(schedule: "Schedule", *, language: str) -> str:
    """The schedule in plain words in ``language`` (de, en, uk, ru, ar, fa, tr; others get English)."""
    lang = language if language in WORDS else "en"
    words = WORDS[lang]
    codes = [c for c in (schedule.byday or "").split(",") if c]
    parsed = [m.groups() for c in codes if (m := BYDAY_RE.match(c.strip()))]
    days = ""
    if schedule.freq == "MONTHLY" and parsed:
        phrases = [
            words["monthly"] % {"ordinal": _ordinal(int(n or 1), lang), "day": DAY_NAMES[lang][day]}
            for n, day in parsed
        ]
        days = _join(phrases, words)
        if schedule.interval > 1:
            days = f"{days} ({words['every_n_months'] % {'n': schedule.interval}})"
    elif parsed:
        days = _weekdays([day for _, day in parsed], lang)
        if schedule.interval > 1:
            days = f"{words['every_n_weeks'] % {'n': schedule.interval}} {days}"
    hours = _hours(schedule.opens_at, schedule.closes_at, lang)
    text = words.get("comma", ", ").join(p for p in [days, hours] if p)
    return text or words["by_appointment"]
