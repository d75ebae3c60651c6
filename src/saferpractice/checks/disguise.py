"""Disguised writing folded to plain letters, with a map back to what was written.

Outsiders and staff can hide words from a filter without changing how they look:
invisible characters inside a word ("se\u200bx", soft hyphens, bidi controls), letters
from another alphabet that look Latin (Cyrillic "ѕех"), full-width or mathematical letters
("ｓｅｘ", "𝐬𝐞𝐱") and digits from other scripts or widths ("０７７００ ９００１２３").
`fold` undoes these before the detectors read a message:

1. default-ignorable code points (Unicode's DerivedCoreProperties) are removed;
2. each other character is put in NFKC form (full-width, mathematical and circled letters
   and digits become plain ones), and any decimal digit becomes an ASCII digit;
3. in a word that mixes Latin letters with look-alikes, or is written only in
   look-alikes, the look-alikes become the Latin letters they imitate (a short table of
   Cyrillic and Greek letters, after Unicode's confusables list). A Russian or Greek word
   that also uses other letters of its own alphabet is left alone.

The folded text keeps a map to the original, so findings quote what was actually written,
and say how it was disguised: hiding words from a filter is itself worth a person's eye.
Plain ASCII is returned as it is, with no map.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

INVISIBLE = "invisible characters"
LOOKALIKE = "look-alike letters from another alphabet"
STYLISED = "full-width or stylised letters or digits"
DIGITS = "digits from another script"
# A space or punctuation in compatibility form (a no-break space, "…"): folded, but common
# in ordinary mail, so never called a disguise.
LAYOUT = "layout"

# Default_Ignorable_Code_Point (Unicode 15.1 DerivedCoreProperties.txt), as ranges.
_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
# Characters beyond the Basic Multilingual Plane (emoji, mathematical letters, tags) are
# looked at one by one; a class of them would make the search for the others slow.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")

# Cyrillic and Greek letters that are drawn like Latin ones (Unicode confusables, the
# unambiguous cases only).
CONFUSABLES = {
    # Cyrillic capitals and small letters
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "У": "Y", "Ѕ": "S", "І": "I", "Ј": "J", "Ԁ": "D",
    "Ԛ": "Q", "Ԝ": "W", "Ү": "Y", "Ӏ": "I",
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s",
    "і": "i", "ј": "j", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ү": "y",
    "ɡ": "g",
    # Greek capitals and small letters
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    "ο": "o", "α": "a", "ι": "i", "κ": "k", "ν": "v", "ρ": "p", "υ": "u", "ϲ": "c",
    "ϳ": "j",
    # Latin letters that are not ASCII but read as ASCII
    "ı": "i", "ȷ": "j",
}  # fmt: skip
_HAS_CONFUSABLE = re.compile("[" + "".join(CONFUSABLES) + "]")
# A word with a look-alike in it (checked further in `_latin_lookalikes`).
_LOOKALIKE_WORD = re.compile(r"[^\W_]*[" + "".join(CONFUSABLES) + r"][^\W_]*")


@lru_cache(maxsize=1)
def _changing() -> re.Pattern[str]:
    """One class of the characters of the Basic Multilingual Plane that `_fold_char`
    changes, built once per process, so that the search runs in C."""
    ranges: list[list[int]] = []
    for point in range(0x80, 0x10000):
        if 0xD800 <= point < 0xE000 or not _fold_char(chr(point))[1]:
            continue
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    _fold_char.cache_clear()
    parts = (
        re.escape(chr(lo)) + ("-" + re.escape(chr(hi)) if hi > lo else "") for lo, hi in ranges
    )
    return re.compile("[" + "".join(parts) + "]")


def _to_fold(text: str) -> list[tuple[int, str, str]]:
    """(index, replacement, disguise) for each character of `text` that folds, in order."""
    found = [(m.start(), *_fold_char(m.group())) for m in _changing().finditer(text)]
    if _ASTRAL.search(text):
        astral = ((m.start(), *_fold_char(m.group())) for m in _ASTRAL.finditer(text))
        found = sorted(found + [item for item in astral if item[2]])
    return found


@lru_cache(maxsize=65536)
def _fold_char(char: str) -> tuple[str, str]:
    """(what `char` becomes, which disguise it was; "" when it stays as it is)."""
    if _IGNORABLE.match(char):
        return "", INVISIBLE
    normal = _IGNORABLE.sub("", unicodedata.normalize("NFKC", char))
    digits = "".join(
        str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in normal
    )
    if digits != normal:
        return digits, (STYLISED if normal != char else DIGITS)
    if normal == char:
        return char, ""
    return normal, (STYLISED if unicodedata.category(char)[0] in "LN" else LAYOUT)


@dataclass(frozen=True, slots=True)
class Folded:
    """A text folded to plain letters; `starts[i]` is where folded character i was written.

    `starts` is empty when nothing was folded (the text is its own original).
    """

    original: str
    text: str
    starts: tuple[int, ...] = ()
    changes: tuple[tuple[int, str], ...] = ()  # (original index, disguise), in order

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def original_index(self, index: int) -> int:
        """Where folded position `index` (0 to len(text)) is in the original."""
        if not self.changes:
            return index
        return self.starts[index] if index < len(self.starts) else len(self.original)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original range of the folded range [start, end), with anything hidden in it."""
        if not self.changes:
            return start, end
        first = self.original_index(start)
        return first, (self.starts[end - 1] + 1 if end > start else first)

    def folded_index(self, original: int) -> int:
        """The first folded position at or after original position `original`."""
        if not self.changes:
            return original
        return bisect_left(self.starts, original)

    def disguises_in(self, start: int, end: int) -> list[str]:
        """The kinds of disguise in the original range [start, end)."""
        low = bisect_left(self.changes, (start, ""))
        high = bisect_right(self.changes, (end, ""))
        return sorted({kind for _, kind in self.changes[low:high]} - {LAYOUT})


def fold(text: str) -> Folded:
    """`text` with disguises undone; see the module's description."""
    if text.isascii():
        return Folded(text, text)
    folds = _to_fold(text)
    changes = [(index, kind) for index, _, kind in folds]
    folded, starts = _apply(text, folds) if folds else (text, None)
    if _HAS_CONFUSABLE.search(folded):
        folded, starts = _latin_lookalikes(folded, starts, changes)
    if not changes or starts is None:
        return Folded(text, text)
    changes.sort()
    return Folded(text, folded, tuple(starts), tuple(changes))


def _apply(text: str, folds: list[tuple[int, str, str]]) -> tuple[str, list[int]]:
    """The text with each (index, replacement, _) applied, and where each character came from."""
    pieces: list[str] = []
    starts: list[int] = []
    done = 0  # original characters copied so far
    for index, replacement, _ in folds:
        pieces.append(text[done:index])
        starts.extend(range(done, index))
        pieces.append(replacement)
        starts.extend([index] * len(replacement))
        done = index + 1
    pieces.append(text[done:])
    starts.extend(range(done, len(text)))
    return "".join(pieces), starts


def _latin_lookalikes(
    text: str, starts: list[int] | None, changes: list[tuple[int, str]]
) -> tuple[str, list[int] | None]:
    """Look-alikes turned into Latin letters in the words that imitate Latin ones."""
    chars: list[str] | None = None
    origin: list[int] = starts if starts is not None else []
    for word in _LOOKALIKE_WORD.finditer(text):
        letters = word.group()
        latin = any(c.isascii() for c in letters)
        if not latin and not all(c in CONFUSABLES or not c.isalpha() for c in letters):
            continue  # a word of another alphabet, not an imitation of a Latin one
        if chars is None:
            chars = list(text)
            origin = starts if starts is not None else list(range(len(text)))
        for offset, char in enumerate(letters):
            if char in CONFUSABLES:
                position = word.start() + offset
                chars[position] = CONFUSABLES[char]
                changes.append((origin[position], LOOKALIKE))
    return (text, starts) if chars is None else ("".join(chars), origin)


def describe(folded: Folded, start: int, end: int) -> str:
    """A `why` line for the folded range [start, end) if it was disguised, else ""."""
    low, high = folded.span(start, end)
    kinds = folded.disguises_in(low, high)
    if not kinds:
        return ""
    written = "".join(_visible(c) for c in folded.original[low:high])
    return (
        f"disguised: '{written}' is written with {' and '.join(kinds)}, and reads as "
        f"'{folded.text[start:end]}'; hiding words from a filter is itself a warning sign"
    )


def _visible(char: str) -> str:
    if _IGNORABLE.match(char):
        return f"<U+{ord(char):04X}>"
    return char
