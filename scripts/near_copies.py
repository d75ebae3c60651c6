"""Near-copies between corpus messages that must stay apart, so a measurement is not a memory test.

    .venv/bin/python scripts/near_copies.py NEW.jsonl [NEW.jsonl ...] --out-dir DIR
    .venv/bin/python scripts/near_copies.py --audit

Writers of this corpus (people or models) converge: the same idea comes out in nearly the same
words. A held-back message that nearly repeats a training message is found by memory, not by
meaning, and would flatter the model. So before new lines join the corpus, each is compared with
the messages on the other side of the split, and a near-copy is dropped (never reworded):

- a line that will be trained on (by `corpus.is_held_back` of its id) against the held-back
  fifth and the bench sets (bench/data: the independent and selection sets): limit 0.70;
- a line that will be held back against the training part and the bench sets: limit 0.70;
- any line against the lines on its own side (a repeat teaches or measures nothing): 0.85.

Kept lines join the pool in file order, so two new lines are also compared with each other.
Similarity is rapidfuzz's `fuzz.ratio` (normalised Indel distance, the measure difflib's
`SequenceMatcher.ratio` approximates) after `utils.default_process` (lower case, letters and
digits only). `--audit` reports the pairs across the corpus's split and the bench sets that are
already at or above the limit. Needs the dev extra (rapidfuzz).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from saferpractice.detect.semantic.corpus import DEFAULT_CORPUS, is_held_back, load_corpus

BENCH_DATA = Path(__file__).resolve().parents[1] / "bench" / "data"
ACROSS = 0.70  # between training and what the model is measured or chosen on
WITHIN = 0.85  # between two messages on the same side
TRAINING, HELD_BACK, BENCH = "training", "held back", "bench set"


@dataclass(frozen=True)
class Message:
    id: str
    text: str
    side: str


@dataclass(frozen=True)
class NearCopy:
    new: Message
    old: Message
    similarity: float


def side_of(example_id: str) -> str:
    return HELD_BACK if is_held_back(example_id) else TRAINING


def limit(a: Message, b: Message) -> float:
    """The similarity at which `a` counts as a near-copy of `b`."""
    return WITHIN if a.side == b.side and a.side != BENCH else ACROSS


def bench_messages(folder: Path = BENCH_DATA) -> list[Message]:
    found = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                found.append(Message(str(row["id"]), str(row["text"]), BENCH))
    return found


def corpus_messages(corpus_dir: Path = DEFAULT_CORPUS) -> list[Message]:
    return [Message(e.id, e.text, side_of(e.id)) for e in load_corpus(corpus_dir).examples]


def similarities(queries: Sequence[Message], choices: Sequence[Message]) -> object:
    """The matrix of similarity (0 to 1) of every query with every choice."""
    import numpy as np

    scores = process.cdist(
        [m.text for m in queries],
        [m.text for m in choices],
        scorer=fuzz.ratio,
        processor=utils.default_process,
        workers=-1,
    )
    # cdist gives float32 (70 comes back as 69.99999): rounded, a limit means the same everywhere.
    return np.round(scores.astype(np.float64) / 100.0, 4)


def screen(new: Sequence[Message], pool: Sequence[Message]) -> tuple[list[Message], list[NearCopy]]:
    """(kept, dropped): each new message in order against the pool and the new ones kept."""
    import numpy as np

    against_pool = np.asarray(similarities(new, pool)) if pool else np.zeros((len(new), 0))
    among_new = np.asarray(similarities(new, new))
    kept_rows: list[int] = []
    dropped: list[NearCopy] = []
    for row, message in enumerate(new):
        candidates = [(float(s), pool[j]) for j, s in enumerate(against_pool[row])]
        candidates += [(float(among_new[row, k]), new[k]) for k in kept_rows]
        over = [(s, old) for s, old in candidates if s >= limit(message, old)]
        if over:
            similarity, old = max(over, key=lambda pair: pair[0])
            dropped.append(NearCopy(message, old, similarity))
        else:
            kept_rows.append(row)
    return [new[k] for k in kept_rows], dropped


def audit(corpus: Sequence[Message], bench: Sequence[Message]) -> list[NearCopy]:
    """Pairs already in the corpus and bench sets at or above their limit across the split."""
    import numpy as np

    held = [m for m in corpus if m.side == HELD_BACK]
    trained = [m for m in corpus if m.side == TRAINING]
    pairs: list[NearCopy] = []
    for queries, choices in ((held, trained), (bench, trained)):
        matrix = np.asarray(similarities(queries, choices))
        for i, j in zip(*np.nonzero(matrix >= ACROSS), strict=True):
            pairs.append(NearCopy(queries[i], choices[j], float(matrix[i, j])))
    return sorted(pairs, key=lambda p: -p.similarity)


def near_training(queries: Sequence[Message], corpus: Sequence[Message]) -> set[str]:
    """Ids of the queries with a near-copy (at or above ACROSS) in the corpus's training part."""
    import numpy as np

    trained = [m for m in corpus if m.side == TRAINING]
    if not queries or not trained:
        return set()
    matrix = np.asarray(similarities(queries, trained))
    return {queries[i].id for i in np.flatnonzero((matrix >= ACROSS).any(axis=1))}


def _read_new(paths: Sequence[Path]) -> list[tuple[Path, Message, str]]:
    """(file, message, its line) for each readable line; an unreadable line is named and skipped."""
    found: list[tuple[Path, Message, str]] = []
    for path in paths:
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            print(f"{path}: skipped, cannot be read ({error})", file=sys.stderr)
            continue
        for number, line in enumerate(text.split("\n"), start=1):  # JSON Lines: "\n" only
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                message = Message(str(row["id"]), str(row["text"]), side_of(str(row["id"])))
            except (ValueError, KeyError, TypeError) as error:
                print(f"{path}:{number}: skipped, not a corpus line ({error})", file=sys.stderr)
                continue
            found.append((path, message, line))
    return found


def _show(pair: NearCopy) -> str:
    return (
        f"  {pair.similarity:.2f}  {pair.new.id} ({pair.new.side}) {pair.new.text[:70]!r}\n"
        f"        ~ {pair.old.id} ({pair.old.side}) {pair.old.text[:70]!r}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("new", nargs="*", type=Path, help="JSON Lines files of new messages")
    parser.add_argument("--out-dir", type=Path, help="where to write the kept lines of each file")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--audit", action="store_true", help="check the corpus as it stands")
    args = parser.parse_args(argv)
    corpus, bench = corpus_messages(args.corpus), bench_messages()
    if args.audit:
        pairs = audit(corpus, bench)
        print(f"{len(pairs)} pairs at or above {ACROSS} across the split or with a bench set")
        for pair in pairs[:40]:
            print(_show(pair))
        return 0
    if not args.new or args.out_dir is None:
        parser.error("give the new files and --out-dir, or --audit")
    found = _read_new(args.new)
    kept, dropped = screen([m for _, m, _ in found], [*corpus, *bench])
    args.out_dir.mkdir(parents=True, exist_ok=True)
    keep = {id(m) for m in kept}
    for path in dict.fromkeys(source for source, _, _ in found):
        out = [line for source, m, line in found if source == path and id(m) in keep]
        (args.out_dir / path.name).write_text("".join(f"{line}\n" for line in out), "utf-8")
    for pair in dropped:
        print(_show(pair))
    held = sum(m.side == HELD_BACK for m in kept)
    print(f"kept {len(kept)} of {len(found)} ({held} will be held back); dropped {len(dropped)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
