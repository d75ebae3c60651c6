"""Training weights each message so that length is not a sign of a breach: within each band
of length, breaches and look-alikes carry the same total weight (finetune.length_weights).
Pure Python; torch is not needed."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given
from hypothesis import strategies as st

from saferpractice.detect.semantic.corpus import BREACH_CATEGORIES, OK_CATEGORIES
from saferpractice.detect.semantic.finetune import Item, length_band, length_weights

BREACH = sorted(BREACH_CATEGORIES)[0]
OK = sorted(OK_CATEGORIES)[0]


def test_bands_end_at_six_twelve_and_twenty_five_words() -> None:
    assert [length_band("w " * n) for n in (1, 6, 7, 12, 13, 25, 26, 300)] == [
        0, 0, 1, 1, 2, 2, 3, 3
    ]  # fmt: skip


@given(st.lists(st.tuples(st.integers(1, 40), st.booleans()), min_size=1, max_size=60))
def test_breaches_and_look_alikes_weigh_the_same_within_a_band(
    rows: list[tuple[int, bool]],
) -> None:
    items = [Item("word " * words, BREACH if breach else OK) for words, breach in rows]
    weights = length_weights(items)
    total: dict[tuple[int, bool], float] = defaultdict(float)
    for item in items:
        key = (length_band(item.text), item.is_breach)
        total[key] += weights[key]
    for band in {band for band, _ in total}:
        breach, ok = total.get((band, True), 0.0), total.get((band, False), 0.0)
        if breach and ok:
            assert abs(breach - ok) < 1e-9
            # and the band keeps its share: its total weight is its number of messages
            in_band = sum(1 for item in items if length_band(item.text) == band)
            assert abs(breach + ok - in_band) < 1e-9
        else:
            assert all(weights[key] == 1.0 for key in total if key[0] == band)
