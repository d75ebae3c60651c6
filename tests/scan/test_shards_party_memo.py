"""Address resolution is memoised per context (issue 15): the memo never changes an answer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from saferpractice.checks import context as context_module
from saferpractice.scan.engine import ScanOptions, load_context

FIXTURE = Path(__file__).resolve().parents[1] / "checks" / "fixtures" / "school"
CTX = load_context(FIXTURE, ScanOptions(as_of=date(2026, 11, 24)))
KNOWN = [
    "pat.smith78@gmail.com", "Pat.Smith@HeatonLane.sch.uk", "07700 900456", "+447700900123",
    "karen.jones@example.com", "0161 496 0000", "someone@elsewhere.example",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(raw=st.one_of(st.sampled_from(KNOWN), st.text(max_size=40)))
def test_a_memoised_party_equals_a_fresh_resolution(raw: str) -> None:
    first = CTX.party(raw)
    assert first == CTX._resolve_party(raw)
    assert CTX.party(raw) is first  # resolved once


def test_the_memo_is_bounded(monkeypatch: object) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(context_module, "PARTY_MEMO", 3)
    ctx = load_context(FIXTURE, ScanOptions(as_of=date(2026, 11, 24)))
    for raw in KNOWN:
        ctx.party(raw)
    assert len(ctx._parties) <= 3
    assert ctx.party(KNOWN[0]) == ctx._resolve_party(KNOWN[0])
