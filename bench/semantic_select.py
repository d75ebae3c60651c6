"""Choose between candidate semantic models without reading the held-back fifth.

    .venv/bin/python bench/semantic_select.py --model DIR [--model DIR ...] [--threads 2]
        [--demo-gate DIR=T ...]

Each DIR holds a candidate's `encoder.onnx` and `model.npz` (as `finetune` writes them; the
shipped model is src/saferpractice/detect/semantic). For each candidate this script:

1. reads the corpus's validation fold (of the training part: `finetune.is_validation`) exactly
   as `finetune` does, and chooses the threshold by `finetune.choose_threshold` (where the
   smaller of precision and recall is largest), never below the candidate's own floor, nor
   below its demo gate when one is given (`--demo-gate DIR=T`: the candidate's highest reading
   of an ordinary demo message plus 0.05, from bench/semantic_demo_margin.py --model DIR);
2. counts false alarms and misses at that threshold on the validation fold and on the
   short-message selection set (bench/data/short-selection-*.jsonl, never trained on);
3. prints one row per candidate; the rule (docs/benchmarks.md, wave 9) keeps the fewest
   errors over both, and a tie keeps the first `--model` given (the shipped one).

The held-back fifth is not read here: bench/semantic.py measures the chosen model on it.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from saferpractice.detect.semantic.corpus import DEFAULT_CORPUS, load_corpus, parse_lines
from saferpractice.detect.semantic.finetune import (
    THRESHOLD_FLOOR,
    choose_threshold,
    detector_probabilities,
    precision_recall,
    validation_fold,
)

SELECTION = sorted((Path(__file__).resolve().parent / "data").glob("short-selection-*.jsonl"))


@dataclass(frozen=True)
class Errors:
    false_alarms: int
    misses: int

    @property
    def total(self) -> int:
        return self.false_alarms + self.misses


def errors(probability: Any, truth: Any, threshold: float) -> Errors:
    flagged = probability >= threshold
    return Errors(int((flagged & ~truth).sum()), int((~flagged & truth).sum()))


def floor_of(arrays: dict[str, Any]) -> float:
    """The candidate's own floor, from the recipe it was trained with (else today's)."""
    if "recipe" in arrays:
        return float(json.loads(str(arrays["recipe"])).get("THRESHOLD_FLOOR", THRESHOLD_FLOOR))
    return THRESHOLD_FLOOR


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, action="append", required=True, metavar="DIR")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--demo-gate",
        action="append",
        default=[],
        metavar="DIR=T",
        help="the lowest threshold that keeps DIR's ordinary demo messages 0.05 below it",
    )
    args = parser.parse_args()
    gates = {}
    for item in args.demo_gate:
        folder, _, value = item.rpartition("=")
        try:
            gates[Path(folder).resolve()] = float(value)
        except ValueError:
            parser.error(f"--demo-gate {item!r}: expected DIR=THRESHOLD, such as runs/y0=0.6")

    training, _held_back = load_corpus(args.corpus).split()  # the held-back fifth is not read
    validation = validation_fold(training)
    selection = [
        e
        for path in SELECTION
        for e in parse_lines(path.read_text("utf-8").splitlines(), path.name).examples
    ]
    if not validation or not selection:
        sys.exit(f"nothing to choose on: {len(validation)} validation, {len(selection)} selection")
    val_truth = np.array([e.is_breach for e in validation])
    sel_truth = np.array([e.is_breach for e in selection])
    print(
        f"validation fold {len(validation)} ({int(val_truth.sum())} breaches); selection set "
        f"{len(selection)} ({int(sel_truth.sum())} breaches)"
    )
    print(
        f"{'candidate':<40} {'rule':>5} {'used':>5} {'val P':>6} {'val R':>6} "
        f"{'val FA/miss':>11} {'sel FA/miss':>11} {'score':>5}"
    )
    best: tuple[int, Path] | None = None
    for folder in args.model:
        arrays = dict(np.load(folder / "model.npz", allow_pickle=False))
        encoder = folder / "encoder.onnx"
        val_p = detector_probabilities(encoder, arrays, [e.text for e in validation], args.threads)
        sel_p = detector_probabilities(encoder, arrays, [e.text for e in selection], args.threads)
        rule, _, _ = choose_threshold(val_p, val_truth)
        used = max(rule, floor_of(arrays), gates.get(folder.resolve(), 0.0))
        precision, recall = precision_recall(val_p, val_truth, used)
        on_val, on_sel = errors(val_p, val_truth, used), errors(sel_p, sel_truth, used)
        score = on_val.total + on_sel.total
        print(
            f"{str(folder)[-40:]:<40} {rule:>5.2f} {used:>5.2f} {precision:>6.3f} {recall:>6.3f} "
            f"{on_val.false_alarms:>5}/{on_val.misses:<5} "
            f"{on_sel.false_alarms:>5}/{on_sel.misses:<5} {score:>5}"
        )
        if best is None or score < best[0]:
            best = (score, folder)
    assert best is not None
    print(f"\nchosen by the rule: {best[1]} ({best[0]} errors)")


if __name__ == "__main__":
    main()
