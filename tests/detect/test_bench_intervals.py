"""bench/semantic.py reports each figure with its 95% Wilson interval, so a difference of a
few messages on a thousand is not read as a change in the model."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from hypothesis import given
from hypothesis import strategies as st

BENCH = Path(__file__).resolve().parents[2] / "bench" / "semantic.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_semantic", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH_MODULE = _bench()


def test_a_known_interval() -> None:
    low, high = BENCH_MODULE.wilson(81, 263)  # a textbook case: 0.308, interval 0.255-0.366
    assert round(low, 3) == 0.255
    assert round(high, 3) == 0.366


def test_the_ends_are_bounded_and_an_empty_count_says_nothing() -> None:
    assert BENCH_MODULE.wilson(0, 0) == (0.0, 1.0)
    assert BENCH_MODULE.wilson(0, 10)[0] == 0.0
    assert BENCH_MODULE.wilson(10, 10)[1] == 1.0


@given(st.integers(1, 5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_the_interval_holds_the_share_and_narrows_with_more_messages(pair: tuple[int, int]) -> None:
    successes, trials = pair
    low, high = BENCH_MODULE.wilson(successes, trials)
    assert 0.0 <= low <= successes / trials <= high <= 1.0
    wider_low, wider_high = BENCH_MODULE.wilson(successes, trials, z=2.58)
    assert wider_low <= low and high <= wider_high


def test_the_newest_wave_is_read_from_the_ids() -> None:
    def example(id_: str) -> object:
        return BENCH_MODULE.Example(
            id=id_, text="x", label="ok", category="praise", audience="pupil",
            channel="sms", register="chatty",
        )  # fmt: skip

    assert BENCH_MODULE.wave_of(example("w9e-0001")) == 9
    assert BENCH_MODULE.wave_of(example("w10a-0001")) == 10
    assert BENCH_MODULE.wave_of(example("b-0001")) == 0
    assert BENCH_MODULE.wave_of(example("w6s-0071")) == 6
