"""How close ordinary demo-school messages come to the semantic detector's threshold.

    .venv/bin/python bench/semantic_demo_margin.py [--seeds 1 2 3 4 5 6] [--top 15]
        [--model DIR --threshold T]   # a candidate model (encoder.onnx, model.npz) at T

The demo-school truth tests (tests/scan/test_scan_truth.py) fail on any extra finding, so a
model or threshold that reads ordinary letters to parents as grooming is caught there. This
script shows the margin behind that pass or fail: it scans the same demo schools, records every
message the semantic detector reads (staff to one pupil or a parent), and prints the highest
readings, so the lead can see which ordinary messages sit just under the threshold. Planted
messages are marked: they are the ones whose text the generator wrote into truth-marked records.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np

from saferpractice.demo.generate import generate
from saferpractice.detect.semantic import SemanticDetector
from saferpractice.detect.semantic.classifier import Classifier
from saferpractice.detect.semantic.detector import Verdict
from saferpractice.detect.semantic.embedder import Embedder
from saferpractice.scan.engine import ScanOptions, load_context, run_scan

AS_OF = date(2026, 11, 24)
SMALL = {"pupils": 150, "messages": 3000, "images": 80}  # as the truth tests generate


class RecordingDetector(SemanticDetector):
    """The shipped detector (or a candidate), keeping every (text, verdict) it is asked for."""

    def __init__(self, model: Path | None = None, threshold: float | None = None) -> None:
        super().__init__()
        self.seen: dict[str, Verdict] = {}
        if model is not None:
            arrays = dict(np.load(model / "model.npz", allow_pickle=False))
            if threshold is not None:
                arrays["threshold"] = np.float32(threshold)
            self.embedder = Embedder(onnx=model / "encoder.onnx")
            self.use(Classifier(arrays))

    def assess(self, text: str) -> Verdict | None:
        verdict = super().assess(text)
        if verdict is not None:
            self.seen[text] = verdict
        return verdict


def readings(
    seed: int, secondary: bool, model: Path | None = None, threshold: float | None = None
) -> Iterator[tuple[float, bool, str]]:
    """(probability, reported as a grooming finding, text) for each message read."""
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        generate(seed, folder, secondary=secondary, **SMALL)  # type: ignore[arg-type]
        options = ScanOptions(as_of=AS_OF)
        ctx = load_context(folder / "school", options)
        recorder = RecordingDetector(model, threshold)
        ctx.__dict__["semantic"] = recorder  # the cached property, filled in advance
        run_scan(ctx, [folder / "evidence"], options)
        for text, verdict in recorder.seen.items():
            yield verdict.probability, verdict.breach, text


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
        found = list(readings(seed, seed == 6, args.model, args.threshold))
        rows += [(p, b, seed, t) for p, b, t in found]
        above = sum(b for _, b, _ in found)
        print(f"seed {seed}: {len(found)} messages read, {above} at or above {threshold:.2f}")
    rows.sort(reverse=True)
    print(f"\nhighest readings (threshold {threshold:.2f}):")
    for probability, _breach, seed, text in rows[: args.top]:
        flat = " ".join(text.split())
        print(f"  {probability:.3f}  seed {seed}  {flat[:150]}")


if __name__ == "__main__":
    main()
