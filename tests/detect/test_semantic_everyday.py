"""Everyday scraps ("ok", "see you tomorrow") never read as grooming patterns.

An independent attack found that one- and two-word texts and short logistics scored 0.9 to
1.0: the training corpus had few short benign messages. The detector now leaves texts of
fewer than three words to the lexicons, and short everyday messages are in the corpus.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from saferpractice.detect.semantic import SemanticDetector
from saferpractice.detect.semantic.detector import MIN_WORDS, has_enough_words

SCRAPS = ["ok", "hello", "x", "12345", "yes", "will do", "cheers", "thank you", "👍", "ok ok"]
EVERYDAY = [
    "Bring your PE kit on Thursday",
    "Are you coming to the revision session?",
    "Running late, start the warm-up without me",
    "Have a restful half term everyone",
    "Please can you hand your book in at break",
    "Is your dad collecting you after the concert?",
]


@pytest.fixture(scope="module")
def detector() -> SemanticDetector:
    found = SemanticDetector()
    assert found.available(), found.unavailable_reason
    return found


def test_scraps_of_fewer_than_three_words_are_not_read(detector: SemanticDetector) -> None:
    assert detector.assess_many(SCRAPS) == [None] * len(SCRAPS)


# Every one of these is read as ordinary. Until wave 8 two were known false alarms, kept as
# strict expected failures ("Running late, start the warm-up without me" and "Have a restful
# half term everyone"); the wave 8 model reads both as ordinary, so they are plain cases now.
def test_everyday_logistics_are_not_grooming_patterns(detector: SemanticDetector) -> None:
    verdicts = detector.assess_many(EVERYDAY)
    flagged = [t for t, v in zip(EVERYDAY, verdicts, strict=True) if v is not None and v.breach]
    assert flagged == []


def test_a_short_breach_is_still_read(detector: SemanticDetector) -> None:
    verdict = detector.assess("send me a pic of you in bed")
    assert verdict is not None and verdict.breach


@given(st.lists(st.sampled_from(["ok", "hi", "see", "you", "7", "!", "x", "😀"]), max_size=8))
def test_the_word_gate_counts_words_of_two_letters_or_more(words: list[str]) -> None:
    text = " ".join(words)
    real = [w for w in words if len(w) >= 2 and w.isalpha()]
    assert has_enough_words(text) == (len(real) >= MIN_WORDS)
