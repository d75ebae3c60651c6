"""End-to-end `saferpractice scan` throughput on the demo school's mail, with --jobs 1 and 2.

Generates a demo school with many messages (deterministic), then times the real command line
on its mbox files, checks that --jobs 2 gives byte-identical findings to --jobs 1, and prints
MB/s and the parallel speed-up.

    .venv/bin/python bench/scan_e2e.py --messages 100000
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AS_OF = "2026-11-24"


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run_scan(school: Path, evidence: Path, jobs: int, out: Path) -> float:
    command = [
        sys.executable, "-m", "saferpractice", "scan", str(school), str(evidence),
        "--as-of", AS_OF, "--jobs", str(jobs), "-q", "-o", str(out),
    ]  # fmt: skip
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        sys.exit(f"scan failed ({result.returncode}): {result.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=100_000, help="messages in the demo school")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=None, help="keep the generated school here")
    parser.add_argument(
        "--all-evidence", action="store_true", help="scan all evidence, not just mail"
    )
    args = parser.parse_args()

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="sp-scan-bench-"))
    if not (workdir / "school").is_dir():
        subprocess.run(
            [sys.executable, "-m", "saferpractice", "demo-school", "--seed", str(args.seed),
             "--messages", str(args.messages), "-o", str(workdir)],
            check=True, capture_output=True,
        )  # fmt: skip
    evidence = workdir / "evidence" if args.all_evidence else workdir / "evidence" / "mail"
    size = folder_bytes(evidence)
    print(f"evidence: {evidence} ({size / 1e6:.1f} MB)")
    timings: dict[int, float] = {}
    outputs: dict[int, bytes] = {}
    for jobs in (1, 2):
        out = workdir / f"findings-jobs{jobs}.jsonl"
        timings[jobs] = run_scan(workdir / "school", evidence, jobs, out)
        outputs[jobs] = out.read_bytes()
        count = outputs[jobs].count(b"\n")
        print(
            f"--jobs {jobs}: {timings[jobs]:.2f} s, {size / 1e6 / timings[jobs]:.2f} MB/s, "
            f"{count} findings"
        )
    identical = outputs[1] == outputs[2]
    print(f"--jobs 2 speed-up: {timings[1] / timings[2]:.2f}x; identical findings: {identical}")
    if not identical:
        sys.exit("the findings differ between --jobs 1 and --jobs 2")


if __name__ == "__main__":
    main()
