"""The demo school's fixed calendar: "today", the terms and the school day.

Nothing here reads the real clock: the same seed must give the same bytes on any day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 11, 24)
POLICY_VERSION = "2.0"  # the built-in default policy's current version
PREVIOUS_POLICY_VERSION = "1.1"
POLICY_VERSION_DATE = date(2026, 11, 24)

SCHOOL_START = time(8, 0)
SCHOOL_END = time(17, 0)
SCHOOL_DAYS = ("mon", "tue", "wed", "thu", "fri")

# Term dates (inclusive) and half terms of the evidence period: the school year 2025-26
# and the current autumn term up to the Friday before "today".
TERMS = (
    (date(2025, 9, 3), date(2025, 12, 19)),
    (date(2026, 1, 5), date(2026, 3, 27)),
    (date(2026, 4, 13), date(2026, 7, 22)),
    (date(2026, 9, 2), date(2026, 11, 20)),
)
HALF_TERMS = (
    (date(2025, 10, 27), date(2025, 10, 31)),
    (date(2026, 2, 16), date(2026, 2, 20)),
    (date(2026, 5, 25), date(2026, 5, 29)),
    (date(2026, 10, 26), date(2026, 10, 30)),
)
BANK_HOLIDAYS = (date(2026, 5, 4),)
EVIDENCE_START = date(2025, 9, 1)
EVIDENCE_END = date(2026, 11, 22)
NEW_YEAR_START = date(2026, 9, 2)  # pupils' year groups move up on this day
LEAVING_DAYS = (date(2024, 7, 19), date(2025, 7, 18), date(2026, 7, 22))


def is_school_day(day: date) -> bool:
    if day.weekday() >= 5 or day in BANK_HOLIDAYS:
        return False
    if not any(start <= day <= end for start, end in TERMS):
        return False
    return not any(start <= day <= end for start, end in HALF_TERMS)


def evidence_days() -> list[date]:
    days = []
    day = EVIDENCE_START
    while day <= EVIDENCE_END:
        days.append(day)
        day += timedelta(days=1)
    return days


def school_days() -> list[date]:
    return [day for day in evidence_days() if is_school_day(day)]


def local(day: date, hour: int, minute: int, second: int = 0) -> datetime:
    """An aware Europe/London datetime."""
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=LONDON)


def in_school_hours(moment: datetime) -> bool:
    here = moment.astimezone(LONDON)
    return here.weekday() < 5 and SCHOOL_START <= here.time() < SCHOOL_END


def iso(moment: datetime) -> str:
    """ISO 8601 with the numeric UTC offset in force (as the exports write it)."""
    return moment.isoformat()


def term_name(day: date) -> str:
    if day < date(2026, 1, 1):
        return "2025-autumn"
    if day < date(2026, 4, 1):
        return "2026-spring"
    if day < date(2026, 9, 1):
        return "2026-summer"
    return "2026-autumn"
