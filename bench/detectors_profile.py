"""Where a detector run's time goes, per function: the scan's detector set (contacts + risk
lexicons, `bench/detectors.py`'s "ours: contacts + risk lexicons") on its two corpora, under
pyinstrument (a sampling profiler: it does not slow many small calls the way cProfile does).

    nice -n 10 .venv/bin/python bench/detectors_profile.py --messages 3000 --emails 300

Needs `pip install pyinstrument` (a bench-only tool, not a dependency). Prints, per corpus,
the wall time per text, and the functions that hold more than 2% of the samples.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from detectors import clear_caches, email_bodies, ours_factory, raw_baseline_factory, short_messages


def main() -> None:
    from pyinstrument import Profiler

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--emails", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3, help="passes over each corpus")
    args = parser.parse_args()
    ours = ours_factory(with_risk=True)
    raw = raw_baseline_factory()
    for name, corpus in (
        ("short messages", short_messages(args.messages)),
        ("email bodies", email_bodies(args.emails)),
    ):
        for label, fn in (("raw baseline", raw), ("ours (a scan's set)", ours)):
            clear_caches()
            started = time.perf_counter()
            for text in corpus.texts:
                fn(text)
            cold = time.perf_counter() - started
            print(
                f"{name}, {label}: {cold / len(corpus.texts) * 1e6:,.0f} µs per text (unprofiled)"
            )
        clear_caches()
        profiler = Profiler(interval=0.0002)
        profiler.start()
        for _ in range(args.repeat):
            clear_caches()
            for text in corpus.texts:
                ours(text)
        profiler.stop()
        print(f"\n== {name}: ours (a scan's set), {args.repeat} passes ==")
        print(
            profiler.output_text(unicode=True, color=False, show_all=False, time="percent_of_total")
        )


if __name__ == "__main__":
    main()
