"""How close ordinary demo-school messages come to the semantic detector's threshold.

    .venv/bin/python bench/semantic_demo_margin.py [--seeds 1 2 3 4 5 6] [--top 15]
        [--model DIR --threshold T]   # a candidate model (encoder.onnx, model.npz) at T

The demo-school truth tests (tests/scan/test_scan_truth.py) fail on any extra finding, so a
model or threshold that reads ordinary letters to parents as grooming is caught there. This
script shows the margin behind that pass or fail: it scans the same demo schools, records every
message the semantic detector reads (staff to one pupil or a parent), and prints the highest
readings, so the lead can see which ordinary messages sit just under the threshold, and says
for each school whether the scan agrees with its truth. A candidate's demo gate is the lowest
threshold T (at or above its rule's) at which the scans agree at T - 0.05: then every reading
that would add a finding is at least 0.05 below T.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from datetime import date
from pathlib import Path

from saferpractice.demo.generate import generate
from saferpractice.detect.semantic import SemanticDetector
from saferpractice.detect.semantic.detector import Verdict
from saferpractice.scan.engine import ScanOptions, load_context, run_scan

AS_OF = date(2026, 11, 24)
SMALL = {"pupils": 150, "messages": 3000, "images": 80}  # as the truth tests generate


class RecordingDetector(SemanticDetector):
    """The shipped detector (or a candidate), keeping every (text, verdict) it is asked for."""

    def __init__(self, model: Path | None = None, threshold: float | None = None) -> None:
        super().__init__()
        self.seen: dict[str, Verdict] = {}
        if model is not None:
            self.use_folder(model, threshold)

    def assess(self, text: str) -> Verdict | None:
        verdict = super().assess(text)
        if verdict is not None:
            self.seen[text] = verdict
        return verdict


def _truth(folder: Path) -> set[tuple[str, str]]:
    rows = (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    return {(row["rule"], row["ref"]) for row in map(json.loads, rows)}


def scan_demo(
    seed: int, secondary: bool, model: Path | None = None, threshold: float | None = None
) -> tuple[list[tuple[float, bool, str]], list[str]]:
    """(probability, reported, text) for each message read; and how the scan disagrees with
    the school's truth.jsonl ("extra contact.grooming-pattern <ref>"), as the truth tests see it."""
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        generate(seed, folder, secondary=secondary, **SMALL)  # type: ignore[arg-type]
        options = ScanOptions(as_of=AS_OF)
        ctx = load_context(folder / "school", options)
        recorder = RecordingDetector(model, threshold)
        ctx.__dict__["semantic"] = recorder  # the cached property, filled in advance
        result = run_scan(ctx, [folder / "evidence"], options)
        found = {(f.rule, f.evidence.ref) for f in result.findings}
        truth = _truth(folder)
        disagree = [f"missing {r} {ref}" for r, ref in sorted(truth - found)]
        disagree += [f"extra {r} {ref}" for r, ref in sorted(found - truth)]
        seen = [(v.probability, v.breach, text) for text, v in recorder.seen.items()]
        return seen, disagree


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5, 6])
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--model", type=Path, help="a candidate's folder (default: shipped)")
    parser.add_argument("--threshold", type=float, help="the candidate's threshold")
    args = parser.parse_args()
    threshold = RecordingDetector(args.model, args.threshold).threshold
    rows: list[tuple[float, bool, int, str]] = []
    for seed in args.seeds:
        found, disagree = scan_demo(seed, seed == 6, args.model, args.threshold)
        rows += [(p, b, seed, t) for p, b, t in found]
        above = sum(b for _, b, _ in found)
        agrees = "agrees with its truth" if not disagree else "; ".join(disagree)
        print(
            f"seed {seed}: {len(found)} messages read, {above} at or above {threshold:.2f}; "
            f"the scan {agrees}"
        )
    rows.sort(reverse=True)
    print(f"\nhighest readings (threshold {threshold:.2f}):")
    for probability, _breach, seed, text in rows[: args.top]:
        flat = " ".join(text.split())
        print(f"  {probability:.3f}  seed {seed}  {flat[:150]}")


if __name__ == "__main__":
    main()
