"""How often the risk lexicons fire on real, informal text, by the text's human label.

Reads the Davidson et al. (2017) labelled tweets in place (../shared/data/davidson-hate-offensive,
MIT; contains offensive language) and reports, per class (hate speech, offensive, neither),
the share of tweets with at least one lexicon match, by category. The "neither" class is
benign but informal text: its hit rate is a false-alarm rate, the measure of alert fatigue.
The upstream classifier's published scores are printed beside ours for context; they answer
a different question (is this tweet hateful or offensive?), so they are not a like-for-like
baseline.

    .venv/bin/python bench/lexicon_davidson.py
    .venv/bin/python bench/lexicon_davidson.py --fold   # as the checks read it: folded first

With `--fold` each tweet is read as the message checks read a message, after
`checks.disguise.fold` (invisible characters, look-alikes, digits for letters, overrides),
and the tweets whose matches changed are counted: the fold's own false alarms show there.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter
from pathlib import Path

from saferpractice.checks.disguise import fold
from saferpractice.detect import RiskMatcher, load_lexicons

DATA = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "davidson-hate-offensive"
    / "labeled_data.csv"
)
CLASSES = {"0": "hate speech", "1": "offensive", "2": "neither"}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--examples", type=int, default=0, help="print N false alarms")
    parser.add_argument("--fold", action="store_true", help="read the folded text")
    args = parser.parse_args()
    matcher = RiskMatcher(load_lexicons())
    totals: Counter[str] = Counter()
    any_hit: Counter[str] = Counter()
    by_category: dict[str, Counter[str]] = {name: Counter() for name in CLASSES.values()}
    false_alarms: list[tuple[str, str]] = []
    fold_changed: Counter[str] = Counter()  # tweets whose matches the fold changed
    fold_examples: list[str] = []
    start = time.perf_counter()
    with args.data.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            label = CLASSES[row["class"]]
            totals[label] += 1
            matches = matcher.find(row["tweet"])
            if args.fold:
                folded = matcher.find(fold(row["tweet"]).text)
                if {m.category for m in folded} != {m.category for m in matches}:
                    fold_changed[label] += 1
                    if len(fold_examples) < args.examples:
                        fold_examples.append(f"{label}: {row['tweet'][:140]}")
                matches = folded
            if matches:
                any_hit[label] += 1
                for category in {m.category for m in matches}:
                    by_category[label][category] += 1
                if label == "neither" and len(false_alarms) < args.examples:
                    false_alarms.append((matches[0].category, row["tweet"]))
    elapsed = time.perf_counter() - start
    print(f"{sum(totals.values()):,} tweets in {elapsed:.2f} s")
    print(f"{'class':12} {'tweets':>7} {'any hit':>8}  top categories")
    for label in CLASSES.values():
        share = any_hit[label] / totals[label]
        top = ", ".join(
            f"{c} {n / totals[label]:.1%}" for c, n in by_category[label].most_common(4)
        )
        print(f"{label:12} {totals[label]:7,} {share:8.1%}  {top}")
    print("Upstream classifier (held-out 10%): hate P 0.44 R 0.59; offensive P 0.96 R 0.91;")
    print("neither P 0.83 R 0.94 (not like-for-like: it classifies tweets, we flag phrases).")
    for category, tweet in false_alarms:
        print(f"  [{category}] {tweet[:140]}")
    if args.fold:
        changed = ", ".join(f"{label} {fold_changed[label]}" for label in CLASSES.values())
        print(f"tweets whose categories the fold changed: {changed}")
        for example in fold_examples:
            print(f"  {example}")


if __name__ == "__main__":
    main()
