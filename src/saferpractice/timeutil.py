"""Safe time conversions for moments that come from evidence.

Evidence is written by outsiders, so a `Date:` header, an SMS `sent_at`, a web-log time or an
EXIF capture time may name any moment `datetime` can hold, including 9999-12-31 23:59 -12:00
or 0001-01-01 00:00 +14:00. Converting those to UTC or to the school's zone leaves the years
`datetime` can represent and raises `OverflowError`. Every conversion of an evidence moment
goes through this module instead of calling `astimezone` directly, so no date can stop a scan:

- `to_zone(moment, zone)` is the moment in `zone`, or, when that would leave the range, the
  same moment as it was written (its own offset), which is the nearest faithful answer;
- `local_date(moment, zone)` is its calendar date in `zone` on the same terms;
- `to_utc(moment)` is the moment in UTC, clamped to the first or last representable moment;
- `from_timestamp(seconds)` is a Unix time as an aware UTC datetime, or None when it is not a
  finite number inside the representable range.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, tzinfo

EARLIEST = datetime.min.replace(tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)


def to_zone(moment: datetime, zone: tzinfo) -> datetime:
    """`moment` in `zone`; a naive moment is taken as already local and returned unchanged.

    A moment whose conversion would leave the years 1-9999 is returned as written: its wall
    clock and offset are still a true statement of when it happened.
    """
    if moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(zone)
    except (OverflowError, ValueError):
        return moment


def local_date(moment: datetime, zone: tzinfo) -> date:
    """The calendar date of `moment` in `zone` (see `to_zone` for the out-of-range case)."""
    return to_zone(moment, zone).date()


def to_utc(moment: datetime) -> datetime:
    """`moment` in UTC; a moment beyond the representable range is clamped to its end.

    A naive moment is returned unchanged (it has no offset to convert from).
    """
    if moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        offset = moment.utcoffset()
        ahead = offset is not None and offset.total_seconds() > 0
        return EARLIEST if ahead else LATEST


def from_timestamp(seconds: float) -> datetime | None:
    """A Unix time as an aware UTC datetime, or None if it is not a representable moment."""
    if not math.isfinite(seconds):
        return None
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def uk_date(day: date) -> str:
    """A date as a UK reader writes it: '17 December 2025'."""
    return f"{day.day} {day:%B %Y}"
