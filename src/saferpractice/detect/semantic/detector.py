"""The semantic detector: what a message means, beside what words it uses.

`SemanticDetector.assess(text)` embeds the message without its letter furniture (greeting,
signature block, disclaimer: `letter.core`) and, for a long one, each run of a few sentences;
reads it with the trained classifier; and returns a `Verdict` that explains itself: the
category recognised, in words ("reads like: arranging to be alone with a pupil"), the labelled
examples it is nearest, and the passage that carried it. A score alone is never the explanation.

The checks run it only on messages from staff to one pupil or to a pupil's parent, so a
scan stays fast. Loading is lazy; when the encoder or a runtime package is missing,
`available()` is False and `unavailable_reason` says what to install.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from saferpractice.detect.semantic.categories import SemanticCategory, categories
from saferpractice.detect.semantic.classifier import Classifier, Neighbour, Reading
from saferpractice.detect.semantic.embedder import Embedder, ModelUnavailableError
from saferpractice.detect.semantic.letter import core

WHOLE_MESSAGE_WORDS = 80  # longer messages are also read a few sentences at a time
WINDOW_SENTENCES = 3
MAX_PASSAGES = 24  # a bound on the work one message can cause
# The model reads 128 tokens; the tokenizer still splits all it is given before truncating
# (a 4 MB body peaked near 1 GB), and passages are cache keys. 128 word pieces of at most
# 100 characters each fit well within this.
MAX_PASSAGE_CHARS = 16_384
RECENT = 32
# "ok", "hello", "see you" carry too little meaning for a sentence model to judge, and such
# out-of-corpus scraps read as anything; the lexicons still read every message.
MIN_WORDS = 3
_WORD = re.compile(r"[^\W\d_]{2,}")


def has_enough_words(text: str) -> bool:
    """True when the text has at least MIN_WORDS words of two or more letters."""
    return any(count >= MIN_WORDS for count, _ in enumerate(_WORD.finditer(text), start=1))


VECTOR_CACHE = 4096  # passage vectors kept between messages (about 6 MB)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n+|\n(?=\s*[-*•])")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Verdict:
    """The detector's reading of one message."""

    breach: bool
    probability: float  # the classifier's breach probability for `passage`
    threshold: float
    category: SemanticCategory  # the breach category when `breach`, else the likeliest one
    passage: str  # the part of the message that carried the reading
    neighbours: tuple[Neighbour, ...]

    @property
    def concern(self) -> str:
        return self.category.concern if self.breach else ""

    def explain(self, to_parent: bool = False) -> list[str]:
        """The reading in words a safeguarding lead can check (`to_parent`: the message went
        to a pupil's parent, so the category is worded for one)."""
        known = categories()
        lines = [f"reads like: {self.category.reads_like_to(to_parent)} ({self.category.id})"]
        similar = [n for n in self.neighbours if n.category in known]
        if similar:
            shown = "; ".join(
                (f"\u201c{n.text}\u201d " if n.text else "")
                + f"({n.example_id}, {known[n.category].reads_like}, {n.similarity:.2f} similar)"
                for n in similar
            )
            lines.append(f"nearest labelled examples: {shown}")
        quoted = self.passage if len(self.passage) <= 160 else self.passage[:157] + "..."
        lines.append(f"the passage read this way: \u201c{quoted}\u201d")
        verdict = "above" if self.breach else "below"
        lines.append(
            f"the semantic model's confidence ({self.probability:.2f}) is {verdict} its "
            f"reporting threshold ({self.threshold:.2f})"
        )
        return lines


def passages(text: str) -> list[str]:
    """The whole message, and for a long one its runs of a few sentences (bounded)."""
    flat = _SPACE.sub(" ", text).strip()
    if not flat:
        return []
    out = [flat[:MAX_PASSAGE_CHARS]]
    if len(flat.split()) <= WHOLE_MESSAGE_WORDS:
        return out
    sentences = [_SPACE.sub(" ", s).strip() for s in _SENTENCE_END.split(text)]
    sentences = [s for s in sentences if s]
    for start in range(0, max(1, len(sentences) - WINDOW_SENTENCES + 1)):
        out.append(" ".join(sentences[start : start + WINDOW_SENTENCES]))
        if len(out) >= MAX_PASSAGES:
            break
    return list(dict.fromkeys(p[:MAX_PASSAGE_CHARS] for p in out))


class SemanticDetector:
    """Build once per process; pickles as its settings and loads lazily in each process."""

    def __init__(self, threads: int = 1) -> None:
        self.embedder = Embedder(threads=threads)
        self._classifier: Classifier | None = None
        self._reason: str | None = None
        self._recent: dict[str, Verdict | None] = {}
        self._vectors: dict[str, Any] = {}  # passage -> embedding
        self._lock = threading.Lock()

    def __reduce__(self) -> tuple[Any, tuple[int]]:
        return (SemanticDetector, (self.embedder.threads,))

    def _load(self) -> Classifier | None:
        with self._lock:
            if self._classifier is None and self._reason is None:
                try:
                    self.embedder.load()
                    self._classifier = Classifier.load()
                except ModelUnavailableError as error:
                    self._reason = str(error)
                except ImportError as error:
                    self._reason = (
                        f"the semantic detector needs {error.name or 'numpy'}, which is not "
                        "installed; the risk lexicons still run"
                    )
                except (OSError, ValueError, KeyError) as error:
                    self._reason = f"the semantic model could not be loaded: {error}"
            return self._classifier

    def use(self, classifier: Classifier) -> None:
        """Read with this classifier instead of the shipped one (training measures its own)."""
        with self._lock:
            self._classifier, self._reason = classifier, None
            self._recent.clear()

    def use_model(
        self, encoder: Path, arrays: dict[str, Any], threshold: float | None = None
    ) -> None:
        """Read with a candidate model: its int8 encoder file and its classifier arrays (as in
        model.npz), at `threshold` if given. Training and the bench scripts measure candidates
        so; a scan always reads with the shipped model."""
        if threshold is not None:
            arrays = {**arrays, "threshold": threshold}
        self.embedder = Embedder(threads=self.embedder.threads, onnx=encoder)
        self._vectors.clear()  # vectors from another encoder would be wrong
        self.use(Classifier(arrays))

    def use_folder(self, folder: Path, threshold: float | None = None) -> None:
        """`use_model` with the `encoder.onnx` and `model.npz` that `finetune` wrote to `folder`."""
        import numpy as np

        with np.load(folder / "model.npz", allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        self.use_model(folder / "encoder.onnx", arrays, threshold)

    def available(self) -> bool:
        return self._load() is not None

    @property
    def unavailable_reason(self) -> str | None:
        self._load()
        return self._reason

    @property
    def threshold(self) -> float:
        classifier = self._load()
        return classifier.threshold if classifier else 1.0

    def assess(self, text: str) -> Verdict | None:
        """The reading of one message; None when it is empty or the model is unavailable.

        The last few readings are kept, because two checks ask about the same message."""
        if text in self._recent:
            return self._recent[text]
        verdict = self.assess_many([text])[0]
        if len(self._recent) >= RECENT:
            self._recent.pop(next(iter(self._recent)))
        self._recent[text] = verdict
        return verdict

    def assess_many(self, texts: list[str]) -> list[Verdict | None]:
        """One reading per text, each the same whatever else is in `texts` or was read before."""
        classifier = self._load()
        if classifier is None:
            return [None] * len(texts)
        if len(self._vectors) > VECTOR_CACHE:
            self._vectors.clear()
        out: list[Verdict | None] = []
        for text in texts:
            # Only the sender's own words: a greeting, signature block or disclaimer is not
            # what a message means, and read with it an ordinary letter scored as a breach.
            words = core(text)
            group = passages(words) if has_enough_words(words) else []
            readings = classifier.read(self._features(group)) if group else []
            out.append(self._verdict(classifier, group, readings) if group else None)
        return out

    def _features(self, group: list[str]) -> Any:
        """One vector per passage; a passage seen recently (a repeated message) is reused."""
        import numpy as np

        missing = list(dict.fromkeys(p for p in group if p not in self._vectors))
        if missing:
            self._vectors.update(zip(missing, self.embedder.embed(missing), strict=True))
        return np.stack([self._vectors[p] for p in group])

    def _verdict(
        self, classifier: Classifier, group: list[str], readings: list[Reading]
    ) -> Verdict:
        known = categories()
        best = max(range(len(readings)), key=lambda i: readings[i].breach_probability)
        reading = readings[best]
        breach = reading.breach_probability >= classifier.threshold
        category = known[reading.breach_category if breach else readings[0].category]
        return Verdict(
            breach=breach,
            probability=reading.breach_probability,
            threshold=classifier.threshold,
            category=category,
            passage=group[best],
            neighbours=reading.neighbours,
        )
