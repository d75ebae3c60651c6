r"""One candidate pass for every contact finder: their necessary conditions in one hyperscan scan.

`ContactDetector.find` used to let each finder test the text with its own gates first: about
eight Python `re` passes over every text (an "@", a dotted name, seven digits close together,
digits apart, the word "at", a number word, a platform word, a case-folding oddity) before any
finder did real work. Those conditions (`contact._GATES` and `contact._WORD_GATES`, the same
ones `find_many` relies on) are compiled here into one hyperscan database and tested in one
pass. A text in which none of them fires holds no contact detail, so no finder sees it.

Exactness: hyperscan scans bytes with ASCII semantics, so a text is shown to it as bytes in
which every non-ASCII character stands in for what Python's `re` makes of it: byte 0x81 for a
decimal digit (what a Unicode `\d` matches), 0x80 for another letter or digit (a Unicode word
character for `\b`), "#" for anything else. The Unicode gates are rewritten to match: `\d` is
`[0-9\x81]`, and their leading and trailing `\b` are a start or end of text, or a character
that is not `[A-Za-z0-9_\x80\x81]`. The one ASCII gate (platform words, `re.ASCII`) sees 0x80
and 0x81 as the non-word characters Python's ASCII mode makes of them. Two things go to the
finders as before: a character whose case folding gives ASCII letters
(`handles.CASE_FOLD_ODDITIES`, which IGNORECASE matches against ASCII words), and NUL. `\s` is
widened to Python's ASCII whitespace, which includes \x1c-\x1f. Each expression is compiled
with HS_FLAG_PREFILTER, so where hyperscan cannot run a construct exactly it matches a
superset: the gate can fire too often, never too rarely. tests/detect/test_candidates.py
checks the gate against the Python gates on generated ASCII and Unicode text.

Why hyperscan (Vectorscan's API): it is already the risk lexicons' engine, installed from PyPI
as a wheel, and scans all the expressions in one pass over the bytes. pyahocorasick finds
fixed strings only, and most of these conditions are patterns (digit runs, word boundaries).
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from saferpractice.detect.handles import CASE_FOLD_ODDITIES as _CASE_FOLD_ODDITIES

_PYTHON_ASCII_SPACE = r"[\t\n\x0b\x0c\r\x1c-\x1f ]"
_database: Any = None  # per process; a hyperscan database does not pickle
_unavailable = False


_NOT_WORD = r"[^A-Za-z0-9_\x80\x81]"  # not a Unicode word character, in the stand-in bytes


def _expressions() -> list[str]:
    from saferpractice.detect.contact import _GATES, _WORD_GATES
    from saferpractice.detect.handles import CASE_FOLD_ODDITIES

    patterns = [g for g in (*_GATES, *_WORD_GATES) if g is not CASE_FOLD_ODDITIES]
    out = []
    for gate in patterns:
        source = gate.pattern.replace(r"\s", _PYTHON_ASCII_SPACE)
        if not gate.flags & re.ASCII:
            source = _unicode_gate(source)
        if gate.flags & re.IGNORECASE:
            source = f"(?i){source}"
        out.append(source)
    return out


def _unicode_gate(source: str) -> str:
    """A Unicode gate over the stand-in bytes (see the module's notes)."""
    source = source.replace(r"[^\d", r"[^0-9\x81").replace(r"\d", r"[0-9\x81]")
    if source.startswith(r"\b"):
        source = f"(?:^|{_NOT_WORD})" + source[2:]
    if source.endswith(r"\b"):
        source = source[:-2] + f"(?:{_NOT_WORD}|$)"
    assert r"\b" not in source, source  # only leading and trailing boundaries are rewritten
    return source


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
        expressions=[e.encode("latin-1") for e in expressions],
        ids=list(range(len(expressions))),
        elements=len(expressions),
        flags=[flags] * len(expressions),
    )
    _database = db
    return db


def _stop(*_args: object) -> bool:
    return True  # the first candidate is enough: stop the scan


def _stand_in(char: str) -> bytes:
    if char.isdecimal():
        return b"\x81"
    return b"\x80" if char.isalnum() else b"#"


def _as_bytes(error: UnicodeError) -> tuple[bytes, int]:
    assert isinstance(error, UnicodeEncodeError)
    chunk = error.object[error.start : error.end]
    return b"".join(_stand_in(char) for char in chunk), error.end


codecs.register_error("saferpractice-candidates", _as_bytes)


def may_hold_contact(text: str) -> bool:
    """False only when `text` cannot hold a contact detail (no finder's condition holds)."""
    if _unavailable or "\x00" in text:
        return True
    if not text.isascii() and _CASE_FOLD_ODDITIES.search(text):
        return True
    db = _database if _database is not None else _compile()
    if db is None:
        return True
    import hyperscan as hs

    try:
        db.scan(text.encode("ascii", "saferpractice-candidates"), match_event_handler=_stop)
    except hs.error:  # ScanTerminated: a condition holds (or a scan failed: let the finders look)
        return True
    return False
