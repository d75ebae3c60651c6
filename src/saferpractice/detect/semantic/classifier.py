"""The category head on the fine-tuned encoder's vectors, and the labelled prototypes that
explain it.

`model.npz` (package data, written by `finetune.py` with `encoder.onnx`) holds:
- `classes`, `coef`, `intercept`: a linear head over the corpus categories (breach and
  look-alike), trained with the encoder; a passage's breach probability is the sum of its
  breach categories' probabilities, and the likeliest category names the pattern;
- `threshold`: the breach probability at which a message is reported, chosen on a
  validation fold carved from the training part (never the held-back fifth);
- `proto_vectors`, `proto_ids`, `proto_categories`: the training examples nearest their
  category's centre in the fine-tuned encoder's space, named as the nearest labelled examples;
- `encoder_sha256`: the encoder the head was trained with (a test checks the pair).

Inference is plain numpy.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from saferpractice.detect.semantic.categories import categories

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float32]

MODEL_FILE = "model.npz"


def model_path() -> Path:
    return Path(str(resources.files(__package__ or __name__) / MODEL_FILE))


EXAMPLE_CHARS = 120  # a labelled example is quoted in a finding's `why` up to this length


def shorten(text: str) -> str:
    """A labelled example as a finding quotes it: one line, at most EXAMPLE_CHARS."""
    flat = " ".join(text.split())
    return flat if len(flat) <= EXAMPLE_CHARS else flat[: EXAMPLE_CHARS - 3].rstrip() + "..."


@dataclass(frozen=True, slots=True)
class Neighbour:
    example_id: str
    category: str
    similarity: float
    text: str = ""  # the labelled example's words, so a reviewer can compare for themselves


@dataclass(frozen=True, slots=True)
class Reading:
    """What the classifier makes of one passage."""

    breach_probability: float
    category: str  # the most likely category overall
    breach_category: str  # the most likely breach category
    neighbours: tuple[Neighbour, ...]


class Classifier:
    def __init__(self, arrays: dict[str, Any]) -> None:
        import numpy as np

        def floats(name: str) -> FloatArray:
            return np.asarray(arrays[name], dtype=np.float32)

        self.threshold = float(arrays["threshold"])
        self.classes: list[str] = [str(c) for c in arrays["classes"]]
        self.coef, self.intercept = floats("coef"), floats("intercept")
        self.proto_vectors = floats("proto_vectors")
        self.proto_ids: list[str] = [str(x) for x in arrays["proto_ids"]]
        self.proto_categories: list[str] = [str(x) for x in arrays["proto_categories"]]
        texts = arrays["proto_texts"] if "proto_texts" in arrays else [""] * len(self.proto_ids)
        self.proto_texts: list[str] = [str(x) for x in texts]
        self.encoder_sha256 = str(arrays.get("encoder_sha256", ""))
        known = categories()
        unknown = [c for c in self.classes if c not in known]
        if unknown:
            raise ValueError(f"{MODEL_FILE} has categories not in categories.yaml: {unknown}")
        self.breach_columns = np.array([known[c].is_breach for c in self.classes])

    @classmethod
    def load(cls, path: Path | None = None) -> Classifier:
        import numpy as np

        with np.load(path or model_path(), allow_pickle=False) as data:
            return cls({name: data[name] for name in data.files})

    def breach_probabilities(self, features: FloatArray) -> FloatArray:
        """The probability that each passage is a breach: the sum over breach categories."""
        breach: FloatArray = self.category_probabilities(features)[:, self.breach_columns].sum(
            axis=1
        )
        return breach

    def category_probabilities(self, features: FloatArray) -> FloatArray:
        import numpy as np

        logits = features @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        result: FloatArray = exp / exp.sum(axis=1, keepdims=True)
        return result

    def read(self, features: FloatArray, neighbours: int = 3) -> list[Reading]:
        import numpy as np

        breach = self.breach_probabilities(features)
        probs = self.category_probabilities(features)
        similarities = features @ self.proto_vectors.T
        breach_index = np.flatnonzero(self.breach_columns)
        readings: list[Reading] = []
        for probability, row, sims in zip(breach, probs, similarities, strict=True):
            best_breach = int(breach_index[np.argmax(row[breach_index])])
            nearest = np.argsort(-sims, kind="stable")[:neighbours]
            readings.append(
                Reading(
                    breach_probability=float(probability),
                    category=self.classes[int(np.argmax(row))],
                    breach_category=self.classes[best_breach],
                    neighbours=tuple(
                        Neighbour(
                            self.proto_ids[i],
                            self.proto_categories[i],
                            float(sims[i]),
                            self.proto_texts[i],
                        )
                        for i in nearest
                    ),
                )
            )
        return readings
