"""CPU time per input of an atheris harness, calling its `test_one_input` in a loop over a
corpus (no libFuzzer): what one fuzz run costs, apart from the box's load.

    nice -n 10 .venv/bin/python bench/fuzz_harness_cpu.py fuzz/fuzz_csv.py CORPUS [--repeats 20]

The harness is imported as the fuzzer imports it (so its `instrument_imports` applies);
an old version can be compared with `git show REV:fuzz/fuzz_csv.py > /tmp/old_fuzz_csv.py`.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("harness", type=Path)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    sys.path.insert(0, str(FUZZ))  # fuzz/seeds.py, as when the harness runs as a script
    spec = importlib.util.spec_from_file_location("harness", args.harness)
    if spec is None or spec.loader is None:
        sys.exit(f"cannot import {args.harness}")
    harness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(harness)
    inputs = [path.read_bytes() for path in sorted(args.corpus.iterdir()) if path.is_file()]
    for data in inputs:  # warm up: caches, first-time imports
        harness.test_one_input(data)
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(args.repeats):
        for data in inputs:
            harness.test_one_input(data)
    runs = args.repeats * len(inputs)
    print(
        f"{args.harness}: {runs} inputs, {1e3 * (time.process_time() - cpu) / runs:.3f} ms "
        f"CPU and {1e3 * (time.perf_counter() - wall) / runs:.3f} ms wall each"
    )


if __name__ == "__main__":
    main()
