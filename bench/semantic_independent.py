"""Measure the semantic detector on messages written apart from its training corpus.

    nice -n 10 .venv/bin/python bench/semantic_independent.py [FILE] [--threads 2]

FILE (default bench/data/independent-messages.jsonl) uses the corpus schema. Prints precision
and recall of "breach" overall and by category, then every false alarm and every miss with
its probability, so a reader can judge the errors, not only count them. The detector is
judged on the text alone, whatever the audience (in a scan it reads only messages to one
pupil or a pupil's parent, so this is the harder test).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

from saferpractice.detect.semantic import SemanticDetector

DEFAULT = Path(__file__).resolve().parent / "data" / "independent-messages.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines()]
    detector = SemanticDetector(threads=args.threads)
    if not detector.available():
        raise SystemExit(f"semantic detector unavailable: {detector.unavailable_reason}")
    cpu = time.process_time()
    verdicts = detector.assess_many([row["text"] for row in rows])
    cpu = time.process_time() - cpu
    tp = fp = fn = 0
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrong: list[str] = []
    for row, verdict in zip(rows, verdicts, strict=True):
        flagged = verdict is not None and verdict.breach
        breach = row["label"] == "breach"
        probability = f"{verdict.probability:.2f}" if verdict else "-"
        if breach:
            by_category[row["category"]][0] += flagged
            by_category[row["category"]][1] += 1
        if flagged and breach:
            tp += 1
        elif flagged:
            fp += 1
            wrong.append(f"  false alarm {probability} [{row['category']}] {row['text']}")
        elif breach:
            fn += 1
            wrong.append(f"  missed      {probability} [{row['category']}] {row['text']}")
    print(
        f"{len(rows)} messages: precision {tp / max(tp + fp, 1):.3f}, "
        f"recall {tp / max(tp + fn, 1):.3f} ({tp} found, {fp} false alarms, {fn} missed); "
        f"{len(rows) / cpu:.1f} messages per CPU-second"
    )
    for category, (found, total) in sorted(by_category.items()):
        print(f"  {category:<22} {found}/{total}")
    print("\n".join(wrong))


if __name__ == "__main__":
    main()
