"""One candidate pass for every contact finder: their necessary conditions in one hyperscan scan.

`ContactDetector.find` used to let each finder test the text with its own gates first: about
eight Python `re` passes over every text (an "@", a dotted name, seven digits close together,
digits apart, the word "at", a number word, a platform word, a case-folding oddity) before any
finder did real work. Those conditions (`contact._GATES` and `contact._WORD_GATES`, the same
ones `find_many` relies on) are compiled here into one hyperscan database and tested in one
pass. A text in which none of them fires holds no contact detail, so no finder sees it.

Exactness: the pass is used only on ASCII text without NUL, where hyperscan's `\\d`, `\\b` and
caseless matching are Python's (on other text, Unicode digits and case folding could differ
between the Unicode versions of the two libraries; such text goes to the finders as before).
`\\s` is widened to Python's ASCII whitespace, which includes \\x1c-\\x1f. Each expression is
compiled with HS_FLAG_PREFILTER, so where hyperscan cannot run a construct exactly it matches
a superset: the gate can fire too often, never too rarely. tests/detect/test_candidates.py
checks the gate against the Python gates on generated text.

Why hyperscan (Vectorscan's API): it is already the risk lexicons' engine, installed from PyPI
as a wheel, and scans all the expressions in one pass over the bytes. pyahocorasick finds
fixed strings only, and most of these conditions are patterns (digit runs, word boundaries).
"""

from __future__ import annotations

import re
from typing import Any

_PYTHON_ASCII_SPACE = r"[\t\n\x0b\x0c\r\x1c-\x1f ]"
_database: Any = None  # per process; a hyperscan database does not pickle
_unavailable = False


def _expressions() -> list[str]:
    from saferpractice.detect.contact import _GATES, _WORD_GATES
    from saferpractice.detect.handles import CASE_FOLD_ODDITIES

    patterns = [g for g in (*_GATES, *_WORD_GATES) if g is not CASE_FOLD_ODDITIES]
    out = []
    for gate in patterns:
        source = gate.pattern.replace(r"\s", _PYTHON_ASCII_SPACE)
        if gate.flags & re.IGNORECASE:
            source = f"(?i){source}"
        out.append(source)
    return out


def _compile() -> Any:
    global _database, _unavailable
    try:
        import hyperscan as hs
    except ImportError:
        _unavailable = True
        return None
    expressions = _expressions()
    db = hs.Database(mode=hs.HS_MODE_BLOCK)
    flags = hs.HS_FLAG_PREFILTER | hs.HS_FLAG_SINGLEMATCH | hs.HS_FLAG_ALLOWEMPTY
    db.compile(
        expressions=[e.encode("ascii") for e in expressions],
        ids=list(range(len(expressions))),
        elements=len(expressions),
        flags=[flags] * len(expressions),
    )
    _database = db
    return db


def _stop(*_args: object) -> bool:
    return True  # the first candidate is enough: stop the scan


def may_hold_contact(text: str) -> bool:
    """False only when `text` cannot hold a contact detail (no finder's condition holds)."""
    if _unavailable or not text.isascii() or "\x00" in text:
        return True
    db = _database if _database is not None else _compile()
    if db is None:
        return True
    import hyperscan as hs

    try:
        db.scan(text.encode("ascii"), match_event_handler=_stop)
    except hs.error:  # ScanTerminated: a condition holds (or a scan failed: let the finders look)
        return True
    return False
