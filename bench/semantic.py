"""Measure the semantic detector on the corpus's held-back fifth (never used in training).

    nice -n 10 .venv/bin/python bench/semantic.py [--corpus corpus/messages] [--threads 1]
        [--model DIR [--threshold T]]   # a candidate (encoder.onnx, model.npz); default shipped

Reports, on the held-back fifth: precision and recall of "breach" overall and by category,
for the risk lexicons alone (the baseline the issue measured), for the semantic detector
alone, and for both together; then the model's size on disk, its load time and its
throughput in messages per second. It also reports the detector on two parts of the held-back
fifth: the messages with no near-copy in the training part (scripts/near_copies.py, 0.70), which
a model cannot find by memory; and the messages added in the newest corpus wave. Figures and
commands are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import re
import sys
import time
from collections import Counter
from pathlib import Path
from types import ModuleType

from saferpractice.detect import RiskMatcher
from saferpractice.detect.semantic import SemanticDetector
from saferpractice.detect.semantic.classifier import model_path
from saferpractice.detect.semantic.corpus import (
    BREACH_CATEGORIES,
    DEFAULT_CORPUS,
    OK_CATEGORIES,
    Example,
    load_corpus,
)
from saferpractice.detect.semantic.embedder import model_files

SCAN_AUDIENCES = ("pupil", "parent")
NEAR_COPIES = Path(__file__).resolve().parents[1] / "scripts" / "near_copies.py"


def wilson(successes: int, trials: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval (95% by default) for a proportion: a thousand held-back
    messages measure precision only to about +-0.01, and seeds alone move it that far."""
    if trials == 0:
        return 0.0, 1.0
    share = successes / trials
    centre = (share + z * z / (2 * trials)) / (1 + z * z / trials)
    spread = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials))
    spread /= 1 + z * z / trials
    # At 0 or all successes the bound is exactly 0 or 1; float rounding would leave 1e-17.
    low = 0.0 if successes == 0 else max(0.0, centre - spread)
    high = 1.0 if successes == trials else min(1.0, centre + spread)
    return low, high


def counts(flagged: list[bool], examples: list[Example]) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives)"""
    tp = sum(f and e.is_breach for f, e in zip(flagged, examples, strict=True))
    fp = sum(f and not e.is_breach for f, e in zip(flagged, examples, strict=True))
    fn = sum(not f and e.is_breach for f, e in zip(flagged, examples, strict=True))
    return tp, fp, fn


def figures(tp: int, fp: int, fn: int) -> str:
    """Precision and recall, each with its 95% interval (every bench script says them so)."""
    (p_low, p_high), (r_low, r_high) = wilson(tp, tp + fp), wilson(tp, tp + fn)
    return (
        f"precision {tp / max(tp + fp, 1):.3f} (95% {p_low:.3f}-{p_high:.3f})  "
        f"recall {tp / max(tp + fn, 1):.3f} (95% {r_low:.3f}-{r_high:.3f})"
    )


def headline(flagged: list[bool], examples: list[Example]) -> str:
    """Precision and recall with their intervals, and the false alarms."""
    tp, fp, fn = counts(flagged, examples)
    return f"{figures(tp, fp, fn)}  false alarms {fp}"


def report(name: str, flagged: list[bool], held: list[Example]) -> None:
    print(f"\n{name}: {headline(flagged, held)}")
    print(f"  {'breach category':<22} {'n':>4} {'recall':>7}")
    for category in BREACH_CATEGORIES:
        rows = [f for f, e in zip(flagged, held, strict=True) if e.category == category]
        if rows:
            print(f"  {category:<22} {len(rows):>4} {sum(rows) / len(rows):>7.3f}")
    print(f"  {'look-alike category':<22} {'n':>4} {'flagged':>7}")
    for category in OK_CATEGORIES:
        rows = [f for f, e in zip(flagged, held, strict=True) if e.category == category]
        if rows:
            print(f"  {category:<22} {len(rows):>4} {sum(rows):>7}")


def detector_for(model: Path | None, threshold: float | None, threads: int) -> SemanticDetector:
    """The shipped detector, or a candidate's files from `model` (at `threshold` if given)."""
    detector = SemanticDetector(threads=threads)
    if model is not None:
        detector.use_folder(model, threshold)
    return detector


def near_copies_module() -> ModuleType:
    """scripts/near_copies.py, loaded by path (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("near_copies", NEAR_COPIES)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["near_copies"] = module  # its dataclasses look the module up by name
    spec.loader.exec_module(module)
    return module


def near_training(pairs: list[tuple[str, str]], corpus_dir: Path) -> set[str]:
    """Of (id, text) pairs, the ids with a near-copy in the corpus's training part."""
    module = near_copies_module()
    queries = [module.Message(id_, text, module.BENCH) for id_, text in pairs]
    return set(module.near_training(queries, module.corpus_messages(corpus_dir)))


WAVE_ID = re.compile(r"w(\d+)[a-z]*-")  # "w9e-0001": wave 9; earlier files have other ids


def wave_of(example: Example) -> int:
    found = WAVE_ID.match(example.id)
    return int(found.group(1)) if found else 0


def parts(flags: list[bool], held: list[Example], corpus_dir: Path) -> None:
    """The detector on the held-back messages it cannot know by memory, and on the newest."""
    copied = near_training([(e.id, e.text) for e in held], corpus_dir)
    apart = [i for i, e in enumerate(held) if e.id not in copied]
    print(
        f"\nsemantic detector on the {len(apart)} held-back messages with no near-copy in "
        f"training ({len(copied)} left out): "
        f"{headline([flags[i] for i in apart], [held[i] for i in apart])}"
    )
    wave = max(wave_of(e) for e in held)
    if wave:
        new = [i for i, e in enumerate(held) if wave_of(e) == wave]
        print(
            f"semantic detector on the {len(new)} held-back messages of the newest wave "
            f"(wave {wave}): {headline([flags[i] for i in new], [held[i] for i in new])}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--model", type=Path, help="a candidate's folder (default: shipped)")
    parser.add_argument("--threshold", type=float, help="override the model's threshold")
    args = parser.parse_args()

    corpus = load_corpus(args.corpus)
    training, held_back = corpus.split()
    held = list(held_back)
    counts = Counter(e.label for e in held)
    print(
        f"corpus {len(corpus.examples)} messages ({len(corpus.problems)} invalid lines skipped); "
        f"training {len(training)}, held back {len(held)} "
        f"({counts['breach']} breaches, {counts['ok']} look-alikes)"
    )
    if not held:
        raise SystemExit(f"{args.corpus}: no held-back messages to measure (is it the corpus?)")

    lexicons = RiskMatcher()
    lexicon_flags = [bool(lexicons.find(e.text)) for e in held]

    detector = detector_for(args.model, args.threshold, args.threads)
    started = time.perf_counter()
    if not detector.available():
        raise SystemExit(f"semantic detector unavailable: {detector.unavailable_reason}")
    detector.embedder.load()  # a candidate's (--model) is otherwise loaded at its first message
    load_seconds = time.perf_counter() - started
    started, cpu_started = time.perf_counter(), time.process_time()
    verdicts = detector.assess_many([e.text for e in held])
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started  # fair on a shared machine
    semantic_flags = [v is not None and v.breach for v in verdicts]
    right_category = sum(
        v is not None and v.breach and v.category.id == e.category
        for v, e in zip(verdicts, held, strict=True)
    )
    detected = sum(semantic_flags[i] and e.is_breach for i, e in enumerate(held))

    report("risk lexicons alone (baseline)", lexicon_flags, held)
    report("semantic detector alone", semantic_flags, held)
    # A scan gives the detector only messages to one pupil or a parent (message_context.py):
    # the held-back look-alikes sent to a whole class are never read there.
    in_scope = [i for i, e in enumerate(held) if e.audience in SCAN_AUDIENCES]
    scoped = headline([semantic_flags[i] for i in in_scope], [held[i] for i in in_scope])
    print(
        f"\nsemantic detector on the {len(in_scope)} held-back messages a scan would give it "
        f"(to one pupil or a parent): {scoped}"
    )
    parts(semantic_flags, held, args.corpus)
    report(
        "lexicons or semantic detector",
        [a or b for a, b in zip(lexicon_flags, semantic_flags, strict=True)],
        held,
    )
    print(
        f"\nsemantic category named correctly for {right_category} of {detected} breaches "
        "it detected"
    )
    files = model_files()
    onnx = args.model / "encoder.onnx" if args.model else files.onnx
    npz = args.model / "model.npz" if args.model else model_path()
    onnx_mb = onnx.stat().st_size / 1e6
    extra_kb = (files.tokenizer.stat().st_size + npz.stat().st_size) / 1e3
    lexicon_start = time.perf_counter()
    for example in held:
        lexicons.find(example.text)
    lexicon_rate = len(held) / (time.perf_counter() - lexicon_start)
    print(
        f"model: {onnx_mb:.1f} MB ONNX + {extra_kb:.0f} kB tokenizer and classifier; "
        f"load {load_seconds:.2f} s; {len(held) / seconds:.1f} messages/s wall clock on "
        f"{args.threads} thread(s), {len(held) / cpu_seconds:.1f} messages per CPU-second "
        f"(lexicons: {lexicon_rate:.0f} messages/s; ratio "
        f"{lexicon_rate / (len(held) / seconds):.0f}x)"
    )


if __name__ == "__main__":
    main()
