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
BATCH = 32


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
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the batch's longest
            self._tokenizer = tokenizer
            self._session = session

    def embed(self, texts: list[str]) -> npt.NDArray[np.float32]:
        import numpy as np

        self.load()
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        # Sort by length so that each batch pads little.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for begin in range(0, len(order), BATCH):
            chunk = order[begin : begin + BATCH]
            out[chunk] = self._embed_batch([texts[i] for i in chunk])
        return out

    def _embed_batch(self, texts: list[str]) -> npt.NDArray[np.float32]:
        import numpy as np

        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        (states,) = self._session.run(["last_hidden_state"], feeds)
        weights = mask[:, :, None].astype(np.float32)
        summed = (states * weights).sum(axis=1)
        pooled = summed / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: npt.NDArray[np.float32] = (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
        return unit
