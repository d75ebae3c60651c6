"""`timeutil`: no representable moment, in any offset, makes a conversion raise."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from saferpractice.timeutil import from_timestamp, local_date, to_utc, to_zone, uk_date

LONDON = ZoneInfo("Europe/London")
EDGES = [
    datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-12))),
    datetime(1, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=14))),
]

offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


def test_the_edge_dates_that_raised_overflow_now_convert() -> None:
    for moment in EDGES:
        with pytest.raises(OverflowError):
            moment.astimezone(LONDON)
        assert to_zone(moment, LONDON) == moment  # kept as written
        assert local_date(moment, LONDON) == moment.date()
    assert to_utc(EDGES[0]) == datetime.max.replace(tzinfo=UTC)
    assert to_utc(EDGES[1]) == datetime.min.replace(tzinfo=UTC)


def test_ordinary_moments_convert_as_astimezone_does() -> None:
    moment = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert to_zone(moment, LONDON).hour == 13
    assert local_date(datetime(2026, 7, 1, 23, 30, tzinfo=UTC), LONDON) == date(2026, 7, 2)


@given(st.datetimes(), offsets)
def test_no_moment_in_any_offset_raises(naive: datetime, offset: timezone) -> None:
    moment = naive.replace(tzinfo=offset)
    local = to_zone(moment, LONDON)
    assert local == moment or local.tzinfo is moment.tzinfo
    assert abs(local_date(moment, LONDON) - moment.date()) <= timedelta(days=1)
    assert to_utc(moment).tzinfo is UTC


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_from_timestamp_never_raises(seconds: float) -> None:
    result = from_timestamp(seconds)
    assert result is None or result.tzinfo is UTC


@given(st.dates())
def test_uk_dates_read_day_month_year(day: date) -> None:
    words = uk_date(day).split(" ")
    assert int(words[0]) == day.day and int(words[2]) == day.year
    assert words[1] == day.strftime("%B")
