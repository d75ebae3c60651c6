"""Measure the semantic detector on messages written apart from its training corpus.

    nice -n 10 .venv/bin/python bench/semantic_independent.py [--file FILE ...] [--threads 2]

FILE (default bench/data/independent-messages.jsonl; bench/data/independent-messages-2.jsonl is a
second set by another author) uses the corpus schema and may also be given without --file;
--file may be given more than once to measure several files as one set (the short-message
selection set is two: bench/data/short-selection-a.jsonl and -b.jsonl). Prints
precision and recall of "breach" overall and by category, then every false alarm and every miss
with its probability, so a reader can judge the errors, not only count them. The detector is
judged on the text alone, whatever the audience (in a scan it reads only messages to one
pupil or a pupil's parent, so this is the harder test). A line that is not a JSON object with
text, label and category is reported by number and skipped. Last, the same figures on the
messages with no near-copy in the corpus's training part (scripts/near_copies.py): independent
writers converge on the same phrases, and a near-copy can be found by memory.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

from saferpractice.detect.semantic import SemanticDetector
from semantic import DEFAULT_CORPUS, figures, near_training  # bench/semantic.py

DEFAULT = Path(__file__).resolve().parent / "data" / "independent-messages.jsonl"


def read_rows(path: Path) -> list[dict[str, str]]:
    """The file's labelled rows; a bad line is reported by number and skipped, never fatal."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise SystemExit(f"{path}: cannot read: {error}") from None
    rows: list[dict[str, str]] = []
    skipped = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ValueError("not a JSON object")
            missing = [field for field in ("text", "label", "category") if field not in row]
            if missing:
                raise ValueError(f"missing {', '.join(missing)}")
        except ValueError as error:
            skipped += 1
            print(f"{path} line {number}: skipped: {error}")
            continue
        rows.append(row)
    print(f"{path}: {len(rows)} messages read, {skipped} lines skipped")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--file",
        dest="files",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help=f"labelled messages, JSON lines in the corpus schema (default {DEFAULT.name}); "
        "may be repeated",
    )
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    files = list(dict.fromkeys([*([args.file] if args.file else []), *args.files])) or [DEFAULT]
    rows = [row for path in files for row in read_rows(path)]
    if not rows:
        raise SystemExit("no labelled messages to measure")
    detector = SemanticDetector(threads=args.threads)
    if not detector.available():
        raise SystemExit(f"semantic detector unavailable: {detector.unavailable_reason}")
    cpu = time.process_time()
    verdicts = detector.assess_many([row["text"] for row in rows])
    cpu = time.process_time() - cpu
    copied = near_training([(str(i), row["text"]) for i, row in enumerate(rows)], DEFAULT_CORPUS)
    apart = [0, 0, 0]  # tp, fp, fn on the rows with no near-copy in training
    tp = fp = fn = 0
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrong: list[str] = []
    for number, (row, verdict) in enumerate(zip(rows, verdicts, strict=True)):
        flagged = verdict is not None and verdict.breach
        breach = row["label"] == "breach"
        if str(number) not in copied and (flagged or breach):
            apart[0 if flagged and breach else 1 if flagged else 2] += 1
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
        f"{len(rows)} messages: {figures(tp, fp, fn)} ({tp} found, {fp} false alarms, "
        f"{fn} missed); {len(rows) / max(cpu, 1e-9):.1f} messages per CPU-second"
    )
    for category, (found, total) in sorted(by_category.items()):
        print(f"  {category:<22} {found}/{total}")
    print("\n".join(wrong))
    print(
        f"\n{len(rows) - len(copied)} messages with no near-copy in training "
        f"({len(copied)} left out): {figures(*apart)}"
    )


if __name__ == "__main__":
    main()
