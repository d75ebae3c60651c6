"""The review queue's date filter in words (queries.date_span): any text a user can put in
the address bar is either read as a date and said in words, or named as not a date."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from saferpractice.web.review.queries import date_span


def _chosen(since: str = "", until: str = "") -> dict[str, str]:
    return {"since": since, "until": until}


def test_both_ends_one_end_and_none() -> None:
    assert date_span(_chosen("2026-11-01", "2026-11-30")) == (
        "dated from 1 November 2026 to 30 November 2026"
    )
    assert date_span(_chosen("2026-11-01")) == "dated from 1 November 2026"
    assert date_span(_chosen(until="2026-11-30")) == "dated up to 30 November 2026"
    assert date_span(_chosen()) == ""


@given(st.dates(min_value=date(1900, 1, 1)))
def test_a_date_is_said_in_uk_words(day: date) -> None:
    assert date_span(_chosen(day.isoformat())) == f"dated from {day.day} {day:%B %Y}"


@given(st.text(max_size=100))
def test_any_text_is_read_or_named(typed: str) -> None:
    span = date_span(_chosen(typed.strip()))
    assert span == "" or span.startswith("dated from ") or f"\u201c{typed.strip()}\u201d" in span
