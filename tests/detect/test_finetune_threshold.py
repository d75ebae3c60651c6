"""The reporting threshold rule: the balance of precision and recall, not precision alone."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from saferpractice.detect.semantic.finetune import THRESHOLDS, choose_threshold


def _balance(probability: np.ndarray, truth: np.ndarray, threshold: float) -> float:
    flagged = probability >= threshold
    tp = int((flagged & truth).sum())
    return min(tp / max(int(flagged.sum()), 1), tp / max(int(truth.sum()), 1))


def test_the_threshold_trades_a_little_precision_for_recall_when_that_balances_them() -> None:
    # Ten breaches (six read 0.95, four 0.5) and ten look-alikes (the highest reads 0.4).
    breaches = [0.95] * 6 + [0.5] * 4
    lookalikes = [0.1] * 9 + [0.4]
    probability = np.array(breaches + lookalikes)
    truth = np.array([True] * 10 + [False] * 10)
    threshold, precision, recall = choose_threshold(probability, truth)
    assert threshold == 0.5  # the highest threshold that still finds all ten
    assert (precision, recall) == (1.0, 1.0)
    # One look-alike now reads 0.6, above the four weaker breaches. Precision alone would ask
    # for 0.61 (P 1.0, R 0.6); the balance is at 0.5 (P 10/11, R 1.0).
    probability[-1] = 0.6
    threshold, precision, recall = choose_threshold(probability, truth)
    assert threshold == 0.5 and recall == 1.0 and round(precision, 3) == round(10 / 11, 3)


@given(
    st.lists(st.tuples(st.floats(0, 1), st.booleans()), min_size=1, max_size=60).filter(
        lambda rows: any(t for _, t in rows)
    )
)
def test_no_threshold_on_the_grid_balances_precision_and_recall_better(
    rows: list[tuple[float, bool]],
) -> None:
    probability = np.array([p for p, _ in rows])
    truth = np.array([t for _, t in rows])
    threshold, precision, recall = choose_threshold(probability, truth)
    chosen = min(precision, recall)
    assert chosen == _balance(probability, truth, threshold)
    assert all(_balance(probability, truth, t) <= chosen for t in THRESHOLDS)
    # Ties go to the higher threshold: nothing above the choice balances as well.
    assert all(_balance(probability, truth, t) < chosen for t in THRESHOLDS if t > threshold)
