"""Excerpts keep only the evidence behind a finding, with spans that still point at it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from saferpractice.checks.excerpt import MAX_EXCERPT, blank_ranges, excerpt_around
from saferpractice.scan.html_report import highlight


def test_span_text_survives_rebasing() -> None:
    text = "x" * 500 + "call me on 07700 900123 tonight" + "y" * 500
    start = text.index("07700")
    excerpt, spans = excerpt_around(text, [(start, start + 12, "phone")])
    assert len(excerpt) < len(text)
    assert excerpt.startswith("…") and excerpt.endswith("…")
    ((s, e, label),) = spans
    assert excerpt[s:e] == "07700 900123"
    assert label == "phone"


def test_far_apart_spans_are_joined_by_an_ellipsis() -> None:
    text = "alpha " + "." * 1000 + " omega"
    excerpt, spans = excerpt_around(text, [(0, 5, "a"), (len(text) - 5, len(text), "b")])
    assert " … " in excerpt
    assert [excerpt[s:e] for s, e, _ in spans] == ["alpha", "omega"]


def test_blank_ranges_keeps_offsets_and_newlines() -> None:
    text = "hello\n> quoted line\nbye"
    blanked = blank_ranges(text, [(6, 19)])
    assert len(blanked) == len(text)
    assert "quoted" not in blanked
    assert blanked.endswith("\nbye")


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]]]:
    text = draw(st.text(min_size=1, max_size=2000))
    spans = []
    for _ in range(draw(st.integers(0, 5))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, min(len(text), start + 40)))
        spans.append((start, end, draw(st.sampled_from(["phone", "email", "secrecy"]))))
    return text, spans


@given(text_and_spans())
def test_every_rebased_span_points_at_the_same_text(
    case: tuple[str, list[tuple[int, int, str]]],
) -> None:
    text, spans = case
    excerpt, rebased = excerpt_around(text, spans)
    assert len(excerpt) <= MAX_EXCERPT + 1
    originals = {text[s:e] for s, e, _ in spans}
    for s, e, _ in rebased:
        assert excerpt[s:e] in originals


def test_highlight_escapes_attacker_controlled_evidence() -> None:
    excerpt = "<script>alert(1)</script> call <b>07700 900123</b>"
    start = excerpt.index("07700")
    html = str(highlight(excerpt, [(start, start + 12, "personal <phone>")]))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark" in html and "07700 900123" in html
    assert "personal &lt;phone&gt;" in html


@given(st.text(max_size=300))
def test_highlight_never_emits_raw_angle_brackets_from_evidence(excerpt: str) -> None:
    html = str(highlight(excerpt, [(0, min(3, len(excerpt)), "x")] if excerpt else []))
    stripped = html.replace("<mark", "").replace("</mark>", "").replace('<span class="tag">', "")
    stripped = stripped.replace("</span>", "")
    assert "<" not in stripped.replace('title="x">', "")
