"""The trained classifier on the features, and the labelled prototypes that explain it.

`model.npz` (package data, written by `train.py`) holds:
- a support-vector machine with an RBF kernel that decides "breach or not" (`sv`, `dual`,
  `sv_intercept`, `gamma`), with a logistic calibration of its margin into a probability
  (`calib_a`, `calib_b`) fitted on cross-validated margins;
- `threshold`: the calibrated probability at which a message is reported, chosen by
  cross-validation on the training part only;
- `classes`, `coef`, `intercept`: a multinomial logistic regression over the corpus
  categories, which names the pattern ("reads like: ...");
- `proto_vectors`, `proto_ids`, `proto_categories`: the training examples nearest their
  category's centre, used to name the nearest labelled examples.

Inference is plain numpy, so scikit-learn is needed only to retrain.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from saferpractice.detect.semantic.categories import categories
from saferpractice.detect.semantic.embedder import DIMENSIONS

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
    neighbours: tuple[Neighbour, ...]


class Classifier:
    def __init__(self, arrays: dict[str, Any]) -> None:
        import numpy as np

        def floats(name: str) -> FloatArray:
            return np.asarray(arrays[name], dtype=np.float32)

        # A fine-tuned encoder's model reads one vector per passage with its category head;
        # the frozen encoder's model also read sentence features with a support-vector machine.
        self.fine_tuned = "sv" not in arrays
        if not self.fine_tuned:
            self.sv, self.dual = floats("sv"), floats("dual")
            self.sv_norms = (self.sv * self.sv).sum(axis=1)
            self.sv_intercept = float(arrays["sv_intercept"])
            self.gamma = float(arrays["gamma"])
            self.calib_a, self.calib_b = float(arrays["calib_a"]), float(arrays["calib_b"])
        self.threshold = float(arrays["threshold"])
        self.classes: list[str] = [str(c) for c in arrays["classes"]]
        self.coef, self.intercept = floats("coef"), floats("intercept")
        self.proto_vectors = floats("proto_vectors")
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

    def breach_probabilities(self, features: FloatArray) -> FloatArray:
        """The calibrated probability that each passage is a breach."""
        import numpy as np

        if self.fine_tuned:
            summed: FloatArray = self.category_probabilities(features)[:, self.breach_columns].sum(
                axis=1
            )
            return summed
        squared = (features * features).sum(axis=1)[:, None] + self.sv_norms[None, :]
        squared -= 2.0 * (features @ self.sv.T)
        kernel = np.exp(-self.gamma * np.clip(squared, 0.0, None))
        margin = kernel @ self.dual + self.sv_intercept
        result: FloatArray = 1.0 / (1.0 + np.exp(-(self.calib_a * margin + self.calib_b)))
        return result

    def category_probabilities(self, features: FloatArray) -> FloatArray:
        import numpy as np

        logits = features[:, : self.coef.shape[1]] @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        result: FloatArray = exp / exp.sum(axis=1, keepdims=True)
        return result

    def read(self, features: FloatArray, neighbours: int = 3) -> list[Reading]:
        import numpy as np

        breach = self.breach_probabilities(features)
        probs = self.category_probabilities(features)
        similarities = features[:, :DIMENSIONS] @ self.proto_vectors.T
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
                        Neighbour(self.proto_ids[i], self.proto_categories[i], float(sims[i]))
                        for i in nearest
                    ),
                )
            )
        return readings
