"""Sentence embeddings from an encoder shipped inside this package: nothing downloads.

The encoder (`encoder.onnx`, package data) is all-MiniLM-L6-v2 (sentence-transformers,
Apache-2.0) fine-tuned on the project's corpus by `finetune.py`, exported to ONNX with int8
weights. It runs on onnxruntime on the CPU; torch is needed only to fine-tune. Its WordPiece
tokenizer (`tokenizer.json`, Apache-2.0) is package data too; SOURCES.md beside this file says
where each came from, and docs/architecture.md why this model and this recipe.

Vectors are the mean of the token states under the attention mask, L2-normalised: the
sentence-transformers recipe for this model, and the pooling it was fine-tuned with.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

ENCODER_FILE = "encoder.onnx"  # package data, written by finetune.py
MODEL_NAME = "all-MiniLM-L6-v2, fine-tuned for saferpractice (ONNX, int8 weights)"
MODEL_LICENCE = "Apache-2.0"
DIMENSIONS = 384
MAX_TOKENS = 128  # the model was trained (and fine-tuned) on 128-token windows


class ModelUnavailableError(RuntimeError):
    """The semantic model or its runtime is not installed; the message says what to install."""


@dataclass(frozen=True, slots=True)
class ModelFiles:
    onnx: Path
    tokenizer: Path


def tokenizer_file() -> Path:
    return Path(str(resources.files(__package__ or __name__) / "tokenizer.json"))


def model_files() -> ModelFiles:
    """Where the shipped encoder and tokenizer are; `ModelUnavailableError` if either is gone."""
    tokenizer = tokenizer_file()
    onnx = tokenizer.with_name(ENCODER_FILE)
    for path in (onnx, tokenizer):
        if not path.is_file():
            raise ModelUnavailableError(
                f"the semantic detector's {path.name} is missing from this install ({path}): "
                "reinstall saferpractice; the risk lexicons still run"
            )
    return ModelFiles(onnx, tokenizer)


def missing_reason() -> str | None:
    """Why the semantic detector cannot run here (a package not installed), or None.

    Cheap: it looks for the files and packages without loading the model."""
    from importlib.util import find_spec

    try:
        model_files()
    except ModelUnavailableError as error:
        return str(error)
    for module in ("numpy", "onnxruntime", "tokenizers"):
        if find_spec(module) is None:
            return (
                f"the semantic detector needs {module}, which is not installed; "
                "the risk lexicons still run"
            )
    return None


class Embedder:
    """`embed(texts)` -> an (n, 384) float32 array of unit vectors. Loads on first use.

    It pickles as nothing but its settings, so a scan can send it to worker processes; each
    process loads the model once.
    """

    def __init__(self, threads: int = 1, onnx: Path | None = None) -> None:
        self.threads = threads
        self.onnx = onnx  # another encoder file (training measures its own before shipping)
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def __reduce__(self) -> tuple[Any, tuple[int, Path | None]]:
        return (Embedder, (self.threads, self.onnx))

    def load(self) -> None:
        """Load the model now (raises `ModelUnavailableError` with a readable reason)."""
        with self._lock:
            if self._session is not None:
                return
            files = model_files() if self.onnx is None else ModelFiles(self.onnx, tokenizer_file())
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a hub
            try:
                import onnxruntime
                from tokenizers import Tokenizer
            except ImportError as error:
                raise ModelUnavailableError(
                    f"the semantic detector needs onnxruntime and tokenizers ({error.name} is "
                    "not installed); the risk lexicons still run"
                ) from error
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            options.log_severity_level = 3
            session = onnxruntime.InferenceSession(
                str(files.onnx), sess_options=options, providers=["CPUExecutionProvider"]
            )
            tokenizer = Tokenizer.from_file(str(files.tokenizer))
            tokenizer.enable_truncation(MAX_TOKENS)
            tokenizer.no_padding()  # each text is read alone (`embed`); tokenizer.json pads to 128
            self._tokenizer = tokenizer
            self._session = session

    def embed(self, texts: list[str]) -> npt.NDArray[np.float32]:
        """One unit vector per text, each text embedded alone.

        The int8 encoder quantises its activations over the whole batch, padding included, so
        a text embedded beside others (or padded to a longer one) got a different vector, and
        a message scored by up to 0.27 differently: a scan, the benchmarks and the threshold
        chosen in training read apart. Alone, a text always has the same vector, and with no
        padding to compute it costs no more."""
        import numpy as np

        self.load()
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row] = self._embed_one(text)
        return out

    def _embed_one(self, text: str) -> npt.NDArray[np.float32]:
        """The mean of the token states, L2-normalised (alone, so no padding to mask out)."""
        import numpy as np

        encoding = self._tokenizer.encode(text)
        ids = np.array([encoding.ids], dtype=np.int64)
        feeds = {
            "input_ids": ids,
            "attention_mask": np.ones_like(ids),
            "token_type_ids": np.zeros_like(ids),
        }
        (states,) = self._session.run(["last_hidden_state"], feeds)
        pooled = states[0].sum(axis=0) / np.float32(ids.shape[1])
        norm = max(float(np.linalg.norm(pooled)), 1e-12)
        unit: npt.NDArray[np.float32] = (pooled / norm).astype(np.float32)
        return unit
