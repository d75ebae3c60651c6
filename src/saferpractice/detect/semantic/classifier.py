"""The trained classifier on the embeddings, and the labelled prototypes that explain it.

`model.npz` (package data, written by `train.py`) holds:
- `classes`: the corpus categories, breach and look-alike, in a fixed order;
- `coef`, `intercept`: a multinomial logistic regression over those categories;
- `threshold`: the breach probability (the sum over breach categories) at which a message
  is reported, chosen by cross-validation on the training part only;
- `proto_vectors`, `proto_ids`, `proto_categories`: the training examples nearest their
  category's centre, used to say what a message "reads like".

Inference is plain numpy, so scikit-learn is needed only to retrain.
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


@dataclass(frozen=True, slots=True)
class Neighbour:
    example_id: str
    category: str
    similarity: float


@dataclass(frozen=True, slots=True)
class Reading:
    """What the classifier makes of one passage."""

    breach_probability: float
    category: str  # the most likely category overall
    breach_category: str  # the most likely breach category
    category_probability: float  # of `breach_category`, among all categories
    neighbours: tuple[Neighbour, ...]


class Classifier:
    def __init__(self, arrays: dict[str, Any]) -> None:
        import numpy as np

        self.classes: list[str] = [str(c) for c in arrays["classes"]]
        self.coef = np.asarray(arrays["coef"], dtype=np.float32)
        self.intercept = np.asarray(arrays["intercept"], dtype=np.float32)
        self.threshold = float(arrays["threshold"])
        self.proto_vectors = np.asarray(arrays["proto_vectors"], dtype=np.float32)
        self.proto_ids: list[str] = [str(x) for x in arrays["proto_ids"]]
        self.proto_categories: list[str] = [str(x) for x in arrays["proto_categories"]]
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

    def probabilities(self, vectors: FloatArray) -> FloatArray:
        import numpy as np

        logits = vectors @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        result: FloatArray = exp / exp.sum(axis=1, keepdims=True)
        return result

    def read(self, vectors: FloatArray, neighbours: int = 3) -> list[Reading]:
        import numpy as np

        probs = self.probabilities(vectors)
        similarities = vectors @ self.proto_vectors.T
        readings: list[Reading] = []
        breach_index = np.flatnonzero(self.breach_columns)
        for row, sims in zip(probs, similarities, strict=True):
            best_breach = int(breach_index[np.argmax(row[breach_index])])
            nearest = np.argsort(-sims, kind="stable")[:neighbours]
            readings.append(
                Reading(
                    breach_probability=float(row[self.breach_columns].sum()),
                    category=self.classes[int(np.argmax(row))],
                    breach_category=self.classes[best_breach],
                    category_probability=float(row[best_breach]),
                    neighbours=tuple(
                        Neighbour(self.proto_ids[i], self.proto_categories[i], float(sims[i]))
                        for i in nearest
                    ),
                )
            )
        return readings
