"""What the classifier sees of a passage: its meaning as a whole and sentence by sentence.

A grooming move is often one sentence inside a friendly, professional message ("Please don't
discuss it with your father"). The mean embedding of the whole message dilutes it, so the
features are three vectors side by side:
- the embedding of the whole passage;
- the mean of its sentences' embeddings (re-normalised);
- the element-wise maximum over its sentences' embeddings, which keeps what one sentence
  says strongly.
Training (train.py) and reading (detector.py) both build features here, so they agree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from saferpractice.detect.semantic.embedder import DIMENSIONS, Embedder

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

FEATURES = 3 * DIMENSIONS
MIN_SENTENCE_CHARS = 4
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str) -> list[str]:
    """The sentences of a text (line breaks end a sentence too); at least the text itself."""
    found = [s.strip() for s in _SENTENCE_END.split(text)]
    kept = [s for s in found if len(s) >= MIN_SENTENCE_CHARS]
    return kept or [text.strip()]


def featurise(
    embedder: Embedder,
    texts: Sequence[str],
    cache: dict[str, npt.NDArray[np.float32]] | None = None,
) -> npt.NDArray[np.float32]:
    """An (n, 3 x 384) array: whole, sentence mean, sentence maximum, for each text.

    `cache` (text -> vector) saves embedding a greeting or sign-off that many messages share;
    the caller bounds it."""
    import numpy as np

    split = [sentences(t) for t in texts]
    unique = list(dict.fromkeys([*texts, *(s for group in split for s in group)]))
    known = cache if cache is not None else {}
    missing = [t for t in unique if t not in known]
    fresh = embedder.embed(missing) if missing else np.zeros((0, DIMENSIONS), np.float32)
    new = dict(zip(missing, fresh, strict=True))
    vectors = {**{t: known[t] for t in unique if t in known}, **new}
    if cache is not None:
        cache.update(new)
    out = np.zeros((len(texts), FEATURES), dtype=np.float32)
    for row, (text, group) in enumerate(zip(texts, split, strict=True)):
        parts = np.stack([vectors[s] for s in group])
        mean = parts.mean(axis=0)
        mean /= max(float(np.linalg.norm(mean)), 1e-12)
        out[row, :DIMENSIONS] = vectors[text]
        out[row, DIMENSIONS : 2 * DIMENSIONS] = mean
        out[row, 2 * DIMENSIONS :] = parts.max(axis=0)
    return out
