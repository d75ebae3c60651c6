"""Short excerpts of evidence text with their spans rebased, for findings and reports."""

from __future__ import annotations

from collections.abc import Sequence

CONTEXT = 80  # characters either side of a span
MAX_EXCERPT = 600
GAP = " … "


def excerpt_around(
    text: str, spans: Sequence[tuple[int, int, str]], context: int = CONTEXT
) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """Cut `text` to windows around `spans`, joined by an ellipsis, with spans rebased.

    Only the evidence behind a finding is kept, not the whole message.
    """
    if not spans:
        head = text[: context * 2]
        return (head + ("…" if len(text) > len(head) else ""), ())
    ordered = sorted(spans)
    windows: list[list[int]] = []
    for start, end, _ in ordered:
        lo, hi = max(0, start - context), min(len(text), end + context)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    pieces: list[str] = []
    shifts: list[tuple[int, int, int]] = []  # (window start, window end, offset in excerpt)
    position = 0
    for index, (lo, hi) in enumerate(windows):
        prefix = "…" if index == 0 and lo > 0 else (GAP if index else "")
        pieces.append(prefix)
        position += len(prefix)
        shifts.append((lo, hi, position))
        piece = text[lo:hi]
        pieces.append(piece)
        position += len(piece)
    if windows[-1][1] < len(text):
        pieces.append("…")
    excerpt = "".join(pieces)
    rebased: list[tuple[int, int, str]] = []
    for start, end, label in ordered:
        for lo, hi, offset in shifts:
            if lo <= start and end <= hi:
                rebased.append((offset + start - lo, offset + end - lo, label))
                break
    if len(excerpt) > MAX_EXCERPT:
        excerpt = excerpt[:MAX_EXCERPT] + "…"
        rebased = [span for span in rebased if span[1] <= MAX_EXCERPT]
    return excerpt, tuple(rebased)


def blank_ranges(text: str, ranges: Sequence[tuple[int, int]]) -> str:
    """Replace the given ranges with spaces, keeping every other offset unchanged."""
    if not ranges:
        return text
    chars = list(text)
    for start, end in ranges:
        for index in range(max(0, start), min(len(chars), end)):
            if chars[index] not in "\r\n":
                chars[index] = " "
    return "".join(chars)
