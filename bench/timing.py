"""Timing helpers shared by the bench scripts (run as `python bench/NAME.py`)."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(run: Callable[[str], object], text: str, repeats: int = 3) -> float:
    """The fastest of `repeats` wall-clock timings of `run(text)`, in seconds."""
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        run(text)
        times.append(time.perf_counter() - began)
    return min(times)
