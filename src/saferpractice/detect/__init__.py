"""Pure text detectors, compiled once per process and safe to pickle.

- `ContactDetector().find(text)` -> `ContactMatch` (phone, email, url, handle)
- `RiskMatcher(load_lexicons(paths)).find(text)` -> `RiskMatch` (risk-language categories)
- `monitoring_category(name)` -> the UK Safer Internet Centre category of a web-filter name
"""

from saferpractice.detect.contact import ContactDetector, ContactKind, ContactMatch
from saferpractice.detect.engine import MultiPatternMatcher, choose_backend
from saferpractice.detect.lexicon import Category, Lexicons, RiskSeverity, load_lexicons
from saferpractice.detect.monitoring import (
    MonitoringCategory,
    MonitoringMap,
    load_monitoring,
    monitoring_category,
)
from saferpractice.detect.risk import RiskMatch, RiskMatcher

__all__ = [
    "Category",
    "ContactDetector",
    "ContactKind",
    "ContactMatch",
    "Lexicons",
    "MonitoringCategory",
    "MonitoringMap",
    "MultiPatternMatcher",
    "RiskMatch",
    "RiskMatcher",
    "RiskSeverity",
    "choose_backend",
    "load_lexicons",
    "load_monitoring",
    "monitoring_category",
]
