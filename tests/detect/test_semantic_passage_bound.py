"""The semantic detector never hands the tokenizer (or its caches) a whole multi-megabyte
body: every passage is bounded (red team: a 4 MB message of "don't tell " peaked near 1 GB of
RSS in the tokenizer, which splits everything before truncating to the model's 128 tokens)."""

from __future__ import annotations

from saferpractice.detect.semantic import passages
from saferpractice.detect.semantic.detector import MAX_PASSAGE_CHARS


def test_a_huge_message_gives_bounded_passages() -> None:
    for body in ("don't tell " * 400_000, "x" * 3_000_000, "Hello.\n\n" + "a " * 2_000_000):
        found = passages(body)
        assert found and all(len(p) <= MAX_PASSAGE_CHARS for p in found)


def test_an_ordinary_message_is_read_whole() -> None:
    text = "Don't tell your mum, text me on my own phone after school."
    assert passages(text) == [text]
