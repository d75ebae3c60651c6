"""Time the demo school generator and its peak memory.

Baseline: the same generator with --messages 0 (the school folder, photos, social and web
only), so the ratio shows what streaming the messages costs. Peak memory is measured in a
child process per run (ru_maxrss), to show that memory stays flat as messages grow.

    .venv/bin/python bench/demo_generate.py --help
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(seed: int, messages: int, pupils: int, images: int) -> tuple[float, float]:
    """(seconds, peak MB) for one generation in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        code = (
            "import resource, sys; from pathlib import Path; "
            "from saferpractice.demo import generate; "
            f"generate({seed}, Path(sys.argv[1]), pupils={pupils}, "
            f"messages={messages}, images={images}); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
        )
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", code, str(Path(tmp) / "out")],
            check=True,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - start
    return elapsed, int(done.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pupils", type=int, default=400)
    parser.add_argument("--images", type=int, default=300)
    parser.add_argument(
        "--messages",
        type=int,
        nargs="+",
        default=[20000, 200000],
        help="message counts to time (add 1000000 for the big run)",
    )
    args = parser.parse_args()
    base, base_mb = run(args.seed, 0, args.pupils, args.images)
    print(f"baseline --messages 0: {base:.2f} s, peak {base_mb:.0f} MB")
    for count in args.messages:
        seconds, peak = run(args.seed, count, args.pupils, args.images)
        print(
            f"--messages {count}: {seconds:.2f} s ({count / seconds:,.0f} messages/s), "
            f"peak {peak:.0f} MB, {seconds / base:.1f}x the baseline time"
        )


if __name__ == "__main__":
    main()
