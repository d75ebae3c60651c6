"""Retraining from the corpus reproduces the shipped classifier's decisions on the held-back
fifth: anyone can rebuild model.npz with the training script and get the same detector."""

from __future__ import annotations

import numpy as np
import pytest

from saferpractice.detect.semantic.classifier import Classifier, model_path
from saferpractice.detect.semantic.corpus import DEFAULT_CORPUS, load_corpus
from saferpractice.detect.semantic.embedder import Embedder
from saferpractice.detect.semantic.features import featurise
from saferpractice.detect.semantic.train import fingerprint, train_on

RETRAIN = "python -m saferpractice.detect.semantic.train"


@pytest.mark.slow
def test_retraining_reproduces_the_shipped_decisions_on_the_held_back_fifth() -> None:
    if not DEFAULT_CORPUS.is_dir():
        pytest.skip(f"{DEFAULT_CORPUS} is not in this checkout")
    corpus = load_corpus(DEFAULT_CORPUS)
    training, held = corpus.split()
    with np.load(model_path(), allow_pickle=False) as shipped_arrays:
        shipped_fingerprint = str(shipped_arrays["fingerprint"])
    assert fingerprint(training) == shipped_fingerprint, (
        f"the corpus's training part changed since model.npz was trained: run `{RETRAIN}`"
    )
    embedder = Embedder(threads=2)
    retrained = Classifier(
        train_on(training, featurise(embedder, [e.text for e in training])).arrays
    )
    shipped = Classifier.load()
    assert retrained.threshold == pytest.approx(shipped.threshold)
    held_vectors = featurise(embedder, [e.text for e in held])
    old = shipped.read(held_vectors)
    new = retrained.read(held_vectors)
    old_decisions = [(r.breach_probability >= shipped.threshold, r.breach_category) for r in old]
    new_decisions = [(r.breach_probability >= retrained.threshold, r.breach_category) for r in new]
    changed = [e.id for e, a, b in zip(held, old_decisions, new_decisions, strict=True) if a != b]
    assert changed == [], f"retraining changed {len(changed)} decisions, e.g. {changed[:5]}"
    probabilities_old = np.array([r.breach_probability for r in old])
    probabilities_new = np.array([r.breach_probability for r in new])
    assert np.allclose(probabilities_old, probabilities_new, atol=1e-3)
