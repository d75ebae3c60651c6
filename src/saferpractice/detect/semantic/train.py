"""Train the semantic classifier on the corpus's training part and write model.npz.

    python -m saferpractice.detect.semantic.train [--corpus corpus/messages] [--out FILE]

Needs scikit-learn (a development dependency). Only the training part of the corpus is
read: the held-back fifth (`Corpus.split`) is never seen here, so the regularisation and
the reporting threshold are both chosen by cross-validation within the training part.
The result is deterministic for a given corpus, so a retrain reproduces the shipped model.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from saferpractice.detect.semantic.categories import categories
from saferpractice.detect.semantic.classifier import model_path
from saferpractice.detect.semantic.corpus import DEFAULT_CORPUS, Example, load_corpus
from saferpractice.detect.semantic.embedder import Embedder

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

REGULARISATION = (0.5, 1.0, 2.0, 4.0, 8.0)  # inverse strengths tried by cross-validation
FOLDS = 5
PROTOTYPES_PER_CATEGORY = 24
SEED = 20260  # fixes the folds, so retraining is reproducible


@dataclass(frozen=True, slots=True)
class Trained:
    arrays: dict[str, Any]
    regularisation: float
    threshold: float
    cv_precision: float
    cv_recall: float


def fingerprint(examples: Sequence[Example]) -> str:
    """A hash of the training examples: it changes whenever the training part changes."""
    digest = hashlib.blake2b(digest_size=16)
    for example in sorted(examples, key=lambda e: e.id):
        for value in (example.id, example.text, example.category):
            digest.update(value.encode("utf-8") + b"\x1f")
    return digest.hexdigest()


def _classifier(regularisation: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=regularisation, max_iter=5000, class_weight="balanced")


def _breach_probability(probs: Any, classes: Sequence[str]) -> Any:
    import numpy as np

    known = categories()
    columns = np.array([known[c].is_breach for c in classes])
    return probs[:, columns].sum(axis=1)


def _precision_recall(predicted: Any, truth: Any) -> tuple[float, float]:
    tp = int((predicted & truth).sum())
    fp = int((predicted & ~truth).sum())
    fn = int((~predicted & truth).sum())
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / max(precision + recall, 1e-12)


def train_on(examples: Sequence[Example], vectors: npt.NDArray[np.float32]) -> Trained:
    """Fit the classifier on embedded training examples (deterministic)."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    labels = np.array([e.category for e in examples])
    truth = np.array([e.is_breach for e in examples])
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED)
    best: tuple[float, float, float, float, float] | None = None  # f1, C, threshold, p, r
    for regularisation in REGULARISATION:
        probs = cross_val_predict(
            _classifier(regularisation), vectors, labels, cv=folds, method="predict_proba"
        )
        breach = _breach_probability(probs, sorted(set(labels)))
        for threshold in np.round(np.arange(0.30, 0.71, 0.02), 2):
            precision, recall = _precision_recall(breach >= threshold, truth)
            score = (_f1(precision, recall), -abs(threshold - 0.5))
            if best is None or score > (best[0], -abs(best[2] - 0.5)):
                best = (score[0], regularisation, float(threshold), precision, recall)
    assert best is not None
    _, regularisation, threshold, precision, recall = best
    model = _classifier(regularisation).fit(vectors, labels)
    classes = [str(c) for c in model.classes_]
    proto_vectors, proto_ids, proto_categories = _prototypes(examples, vectors, labels)
    arrays = {
        "classes": np.array(classes),
        "coef": model.coef_.astype(np.float32),
        "intercept": model.intercept_.astype(np.float32),
        "threshold": np.float32(threshold),
        "proto_vectors": proto_vectors.astype(np.float16),
        "proto_ids": np.array(proto_ids),
        "proto_categories": np.array(proto_categories),
        "fingerprint": np.array(fingerprint(examples)),
        "training_size": np.int32(len(examples)),
        "regularisation": np.float32(regularisation),
    }
    return Trained(arrays, regularisation, threshold, precision, recall)


def _prototypes(
    examples: Sequence[Example], vectors: npt.NDArray[np.float32], labels: Any
) -> tuple[Any, list[str], list[str]]:
    """Per category, the training examples nearest the category's centre."""
    import numpy as np

    chosen: list[int] = []
    for category in sorted(set(labels)):
        rows = np.flatnonzero(labels == category)
        centre = vectors[rows].mean(axis=0)
        order = np.argsort(-(vectors[rows] @ centre), kind="stable")
        chosen.extend(int(rows[i]) for i in order[:PROTOTYPES_PER_CATEGORY])
    return (
        vectors[chosen],
        [examples[i].id for i in chosen],
        [examples[i].category for i in chosen],
    )


def train(corpus_dir: Path, threads: int = 1) -> tuple[Trained, int]:
    """Load the corpus, embed its training part and fit. Returns (model, problems skipped)."""
    corpus = load_corpus(corpus_dir)
    training, _held_back = corpus.split()
    if not training:
        raise click.ClickException(f"{corpus_dir}: no training examples")
    vectors = Embedder(threads=threads).embed([e.text for e in training])
    return train_on(training, vectors), len(corpus.problems)


def save(trained: Trained, out: Path) -> None:
    import numpy as np

    np.savez_compressed(out, **trained.arrays)


@click.command()
@click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_CORPUS,
    show_default=True,
    help="Folder of labelled *.jsonl files.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Where to write the model (default: the package's model.npz).",
)
@click.option("--threads", type=int, default=1, show_default=True, help="Embedding threads.")
def main(corpus_dir: Path, out: Path | None, threads: int) -> None:
    """Train the semantic classifier on the corpus's training part (never the held-back fifth)."""
    started = time.perf_counter()
    trained, skipped = train(corpus_dir, threads)
    target = out or model_path()
    save(trained, target)
    click.echo(
        f"trained on {int(trained.arrays['training_size'])} examples "
        f"({skipped} corpus line(s) skipped as invalid) in {time.perf_counter() - started:.1f}s; "
        f"C={trained.regularisation}, threshold={trained.threshold:.2f}, cross-validated "
        f"precision {trained.cv_precision:.3f} recall {trained.cv_recall:.3f}; wrote {target}",
        err=True,
    )


if __name__ == "__main__":
    sys.exit(main())
