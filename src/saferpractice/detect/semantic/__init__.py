"""A semantic risk-language detector beside the lexicons: a small sentence-embedding model
fine-tuned on the project's own labelled corpus (corpus/messages) and shipped as package data
(nothing downloads at run time), with a category head trained alongside it. See detector.py."""

from saferpractice.detect.semantic.categories import SemanticCategory, categories
from saferpractice.detect.semantic.detector import SemanticDetector, Verdict, passages
from saferpractice.detect.semantic.embedder import ModelUnavailableError

__all__ = [
    "ModelUnavailableError",
    "SemanticCategory",
    "SemanticDetector",
    "Verdict",
    "categories",
    "passages",
]
