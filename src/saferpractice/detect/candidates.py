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

Hints per finder (`hints`): the same pass goes on to the end of the text and says which
conditions held, so that each finder runs only when its own condition did, and four more
expressions give finders places to look:

- `FOLLOW_AT`: "follow/add/dm/message/find/snap me (on|at) @", without `handles._FOLLOW_AT`'s
  leading boundary and handle: the handle finder's costly "follow me @x" pattern runs only
  when this fired.
- `RUN`: `numberwords._RUN` (nine or more digits or number words) with hyperscan's ASCII
  boundaries over the stand-in bytes, which hold at least wherever Python's Unicode ones do
  (a stand-in byte is never a word character to hyperscan), reported with its leftmost start
  (HS_FLAG_SOM_LEFTMOST) at every end. Every run Python finds ends where one of these ends,
  and starts no earlier than it; so when every reported span lies inside a plain phone
  number that wins any overlap, there is no run worth parsing.
- `HOST`: "label.label…xx" (labels of any length, two letters): every "www." and bare web
  address begins with one, so those patterns search from its leftmost reported start.
- `CORE`: `links._OBFUSCATED_CORE` ("at", a label, "dot", a letter), with any label length,
  reported the same way: an obfuscated address's search can start at the first reported start
  instead of scanning the text for it.

These four are written out below for the stand-in bytes (`\s` is Python's ASCII whitespace
or "#", the stand-in of every non-ASCII character that is not a letter or digit) and are
compiled exactly, not as prefilters (SOM cannot be combined with HS_FLAG_PREFILTER). Removing
assertions and length limits only widens them.

Why hyperscan (Vectorscan's API): it is already the risk lexicons' engine, installed from PyPI
as a wheel, and scans all the expressions in one pass over the bytes. pyahocorasick finds
fixed strings only, and most of these conditions are patterns (digit runs, word boundaries).
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from saferpractice.detect import hslock
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


_S = r"[\t\n\x0b\x0c\r\x1c-\x1f #]"  # Python's \s over the stand-in bytes, widened
_TOKEN = (
    r"(?:[0-9\x81]|\b(?:zero|oh|o|nought|nil|one|two|three|four|for|five|six|seven|eight|"
    r"nine|double|triple|treble)\b)"
)
_RUN_SEP = r"[\t\n\x0b\x0c\r\x1c-\x1f #\-.,/_*()]*"
_LABEL = r"[A-Za-z0-9][A-Za-z0-9\-]*"
_EXTRA = {
    "follow_at": rf"(?:follow|add|dm|message|find|snap){_S}+me{_S}+(?:on{_S}+|at{_S}+)?@",
    "run": rf"(?:\+{_S}*)?{_TOKEN}(?:{_RUN_SEP}{_TOKEN}){{8,}}",
    "core": (
        rf"(?:{_S}*[\[\(\{{<]{_S}*(?:at|@){_S}*[\]\)\}}>]{_S}*|{_S}+at{_S}+|{_S}*@{_S}*)"
        rf"{_LABEL}(?:{_S}*[\[\(\{{<]{_S}*dot{_S}*[\]\)\}}>]{_S}*|{_S}+dot{_S}+|\.)[A-Za-z0-9]"
    ),
}
_EXTRA["host"] = rf"{_LABEL}\.(?:{_LABEL}\.)*[A-Za-z]{{2}}"
_POSITIONAL = ("run", "core", "host")
# The gates' names, in the order of `_expressions()`, then the extra expressions.
GATE_NAMES = (
    "at_or_scheme",  # "@" or "://"
    "dotted",  # links._DOTTED
    "digits",  # phones._ENOUGH_DIGITS
    "apart_digits",  # numberwords' _APART_DIGITS within one text
    "at_word",  # links._AT_WORD
    "hint",  # numberwords._HINT
    "platform",  # handles.PLATFORM_WORD_ASCII
    *_EXTRA,
)
BIT = {name: 1 << index for index, name in enumerate(GATE_NAMES)}
# The finders' own conditions (contact._GATES and _WORD_GATES): none of them, no contact.
ANY_FINDER = sum(BIT[name] for name in GATE_NAMES[:7])
# What the hinted finders are driven by (contact._find_hinted): with none of these, no
# finder runs there, so the text holds no contact detail.
DRIVING = sum(BIT[name] for name in ("at_or_scheme", "dotted", "digits", "platform", "run", "core"))
_RUN_ID = GATE_NAMES.index("run")
_CORE_ID = GATE_NAMES.index("core")
_HOST_ID = GATE_NAMES.index("host")


def _compile() -> Any:
    global _database, _unavailable
    try:
        import hyperscan as hs
    except ImportError:
        _unavailable = True
        return None
    expressions = _expressions()
    if len(expressions) != 7:
        raise RuntimeError("contact._GATES changed: update candidates.GATE_NAMES")
    gate = hs.HS_FLAG_PREFILTER | hs.HS_FLAG_SINGLEMATCH | hs.HS_FLAG_ALLOWEMPTY
    flags = [gate] * len(expressions)
    for name, source in _EXTRA.items():
        expressions.append(source)
        if name in _POSITIONAL:
            flags.append(hs.HS_FLAG_CASELESS | hs.HS_FLAG_SOM_LEFTMOST)
        else:
            flags.append(hs.HS_FLAG_CASELESS | hs.HS_FLAG_SINGLEMATCH)
    db = hs.Database(mode=hs.HS_MODE_BLOCK)
    db.compile(
        expressions=[e.encode("latin-1") for e in expressions],
        ids=list(range(len(expressions))),
        elements=len(expressions),
        flags=flags,
    )
    _database = db
    return db


class Hints:
    """What the one pass found in a text: which conditions held (`mask`, bits of `BIT`),
    and the (start, end) spans reported for the positional expressions, in end order."""

    __slots__ = ("cores", "host_start", "mask", "runs")

    def __init__(self) -> None:
        self.mask = 0
        self.runs: list[tuple[int, int]] = []
        self.cores: list[tuple[int, int]] = []
        self.host_start: int | None = None  # the leftmost start of any "host" report

    def on_match(self, pattern_id: int, start: int, end: int, _flags: int, _ctx: object) -> None:
        self.mask |= 1 << pattern_id
        if pattern_id == _RUN_ID:
            self.runs.append((start, end))
        elif pattern_id == _CORE_ID:
            self.cores.append((start, end))
        elif pattern_id == _HOST_ID and (self.host_start is None or start < self.host_start):
            self.host_start = start

    def has(self, name: str) -> bool:
        return bool(self.mask & BIT[name])


# Non-ASCII marks common in UK mail, whose stand-in is "#" (not letters, digits or oddities;
# checked at import): replaced before encoding, since the error handler costs microseconds
# per occurrence.
_COMMON_MARKS = "\u00a3\u2019\u2018\u201c\u201d\u2013\u2014\u00a0\u2022\u2026\u20ac"
_ODDITY = b"\xff"  # stands in for a case-folding oddity: the text goes to the finders


def _stand_in(char: str) -> bytes:
    if _CASE_FOLD_ODDITIES.match(char):
        return _ODDITY
    if char.isdecimal():
        return b"\x81"
    return b"\x80" if char.isalnum() else b"#"


def _as_bytes(error: UnicodeError) -> tuple[bytes, int]:
    assert isinstance(error, UnicodeEncodeError)
    chunk = error.object[error.start : error.end]
    return b"".join(_stand_in(char) for char in chunk), error.end


codecs.register_error("saferpractice-candidates", _as_bytes)
assert all(_stand_in(char) == b"#" for char in _COMMON_MARKS)


def available() -> bool:
    """Whether the pass runs (hyperscan is installed and the database compiles)."""
    if _unavailable:
        return False
    return (_database if _database is not None else _compile()) is not None


def hints(text: str) -> Hints | None:
    """The pass over `text`, or None when the finders must look for themselves (no
    hyperscan, a NUL, or a character whose case folding gives ASCII letters). Every
    character is one byte in the scanned data, so offsets are character offsets."""
    if _unavailable or "\x00" in text:
        return None
    db = _database if _database is not None else _compile()
    if db is None:
        return None
    if not text.isascii():
        for char in _COMMON_MARKS:  # one C pass each, instead of the error handler per mark
            if char in text:
                text = text.replace(char, "#")
    data = text.encode("ascii", "saferpractice-candidates")
    if _ODDITY in data:  # only the error handler writes this byte, for an oddity
        return None
    found = Hints()
    hslock.scan(db, data, found.on_match)
    return found


def may_hold_contact(text: str) -> bool:
    """False only when `text` cannot hold a contact detail (no finder's condition holds)."""
    found = hints(text)
    return found is None or bool(found.mask & ANY_FINDER)
