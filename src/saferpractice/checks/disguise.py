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
   that also uses other letters of its own alphabet is left alone;
4. text after a right-to-left override (U+202E), which shows its letters backwards, is put
   back in the order a reader sees, up to the end of the override (U+202C) or of the line
   (digits alone are left as typed, the order in which a number is copied or dialled);
5. digits written for letters inside a word ("s3cr3t", "b3tw33n") become those letters:
   0 o, 1 i, 3 e, 4 a, 5 s, 7 t, only in a word of letters with a digit between two of them,
   so numbers, phone numbers, years ("Y10"), codes ("mp3", "user01"), addresses and links
   are left as they are.

The folded text keeps a map to the original, so findings quote what was actually written,
and say how it was disguised: hiding words from a filter is itself worth a person's eye.
Plain ASCII is returned as it is, with no map.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

INVISIBLE = "invisible characters"
LOOKALIKE = "look-alike letters from another alphabet"
STYLISED = "full-width or stylised letters or digits"
DIGITS = "digits from another script"
REVERSED = "a right-to-left override that shows the letters backwards"
LEET = "digits in place of letters"
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
    # Armenian letters
    "օ": "o", "ս": "u", "ո": "n", "հ": "h", "ց": "g", "զ": "q", "Օ": "O", "Ս": "U",
    # Cherokee capitals (the small letters are added below)
    "Ꭰ": "D", "Ꭱ": "R", "Ꭲ": "T", "Ꭵ": "i", "Ꭹ": "Y", "Ꭺ": "A", "Ꭻ": "J", "Ꭼ": "E",
    "Ꮃ": "W", "Ꮇ": "M", "Ꮋ": "H", "Ꮍ": "Y", "Ꮐ": "G", "Ꮒ": "h", "Ꮓ": "Z", "Ꮟ": "b",
    "Ꮢ": "R", "Ꮤ": "W", "Ꮥ": "S", "Ꮩ": "V", "Ꮪ": "S", "Ꮮ": "L", "Ꮯ": "C", "Ꮲ": "P",
    "Ꮶ": "K", "Ᏼ": "B",
    # Latin letters that are not ASCII but read as ASCII
    "ı": "i", "ȷ": "j",
}  # fmt: skip
# Cherokee small letters (U+AB70 onwards, for U+13A0 onwards) are small capitals of the same
# shapes: read as the Latin small letter.
CONFUSABLES.update(
    {
        chr(ord(capital) - 0x13A0 + 0xAB70): latin.lower()
        for capital, latin in list(CONFUSABLES.items())
        if 0x13A0 <= ord(capital) <= 0x13EF
    }
)
_LOOKALIKES = "".join(CONFUSABLES)
_TO_LATIN = str.maketrans(CONFUSABLES)
# A word with a look-alike in it; it imitates Latin when it also has an ASCII letter, or has
# no letter that is neither ASCII nor a look-alike.
# Tried only where a word starts, lazily to its first look-alike, then possessively to its
# end: linear, even in a language written without spaces (a greedy form was quadratic).
_LOOKALIKE_WORD = re.compile(rf"(?<![^\W_])[^\W_]*?[{_LOOKALIKES}][^\W_]*+")
_ASCII_LETTER = re.compile("[A-Za-z]")
_OTHER_LETTER = re.compile(rf"[^\W\d_A-Za-z{_LOOKALIKES}]")
# ASCII that is not a letter (spaces, digits, punctuation) may sit inside a run of folding
# characters, so that "ｓｅｅ ｙｏｕ" is one run, not two: fewer, longer runs cost less.
_BETWEEN = "[\\x00-\\x40\\x5b-\\x60\\x7b-\\x7f]*"
_ASTRAL_RUN = re.compile(f"{_ASTRAL.pattern}(?:{_BETWEEN}{_ASTRAL.pattern})*")

# What each character that folds becomes (for str.translate) and which disguise it is;
# filled for the Basic Multilingual Plane by `_changing`, and for other planes as met.
_TABLE: dict[int, str] = {}
_KIND: dict[str, str] = {}


@lru_cache(maxsize=1)
def _changing() -> re.Pattern[str]:
    """Runs of the characters of the Basic Multilingual Plane that fold, found in C; built
    once per process (the table of what each becomes is filled on the way)."""
    ranges: list[list[int]] = []
    for point in range(0x80, 0x10000):
        if 0xD800 <= point < 0xE000 or not _learn(chr(point)):
            continue
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    parts = (
        re.escape(chr(lo)) + ("-" + re.escape(chr(hi)) if hi > lo else "") for lo, hi in ranges
    )
    folding = "[" + "".join(parts) + "]"
    return re.compile(f"{folding}(?:{_BETWEEN}{folding})*")


def _learn(char: str) -> str:
    """Put `char` in the tables if it folds; its disguise ("" if it does not fold)."""
    kind = _KIND.get(char)
    if kind is None:
        replacement, kind = _fold_char(char)
        _KIND[char] = kind
        if kind:
            _TABLE[ord(char)] = replacement
    return kind


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


Range = tuple[int, int, str]  # [start, end) in the original, and the disguise there


class _Run(NamedTuple):
    """A run of characters that fold: where it is in the original, what it becomes, and
    the disguises in it. A named tuple: a hostile text can hold a million runs, and a
    frozen dataclass cost several times more to make."""

    start: int
    end: int
    folded: str
    ranges: list[Range]


def _run(start: int, chunk: str) -> _Run | None:
    """A run of characters that may fold, folded in C; None when none of them does."""
    if len(chunk) == 1:  # the commonest run in hostile text: one hidden character
        kind = _KIND.get(chunk)
        if kind is None:
            kind = _learn(chunk)
        if not kind:
            return None
        return _Run(start, start + 1, _TABLE[ord(chunk)], [(start, start + 1, kind)])
    distinct = set(chunk)
    kinds = set(map(_KIND.get, distinct))
    if None in kinds:  # characters beyond the Basic Multilingual Plane, met for the first time
        kinds = {_learn(c) for c in distinct}
    kinds -= {"", None}
    if not kinds:
        return None
    if len(kinds) == 1:
        ranges = [(start, start + len(chunk), str(kinds.pop()))]
    else:
        ranges = [(start + i, start + i + 1, _KIND[c]) for i, c in enumerate(chunk) if _KIND[c]]
    return _Run(start, start + len(chunk), chunk.translate(_TABLE), ranges)


def _runs(text: str) -> list[_Run]:
    found = [_run(m.start(), m.group()) for m in _changing().finditer(text)]
    if _ASTRAL.search(text):
        found += [_run(m.start(), m.group()) for m in _ASTRAL_RUN.finditer(text)]
        found.sort(key=lambda run: run.start if run else -1)
    return [run for run in found if run is not None]


@dataclass(frozen=True, slots=True)
class Folded:
    """A text folded to plain letters, with where each folded character was written.

    `starts[i]` is the original index of folded character i; None when every character
    kept its place (only same-length replacements, or nothing folded at all).
    """

    original: str
    text: str
    starts: Sequence[int] | None = None
    changes: tuple[Range, ...] = ()  # runs of characters folded, in order, disjoint
    words: tuple[Range, ...] = ()  # words whose look-alikes became Latin, in order
    reversed: tuple[Range, ...] = ()  # overrides put back in reading order, in order
    leet: tuple[Range, ...] = ()  # words whose digits became letters, in order

    @property
    def changed(self) -> bool:
        return bool(self.changes or self.words or self.reversed or self.leet)

    def original_index(self, index: int) -> int:
        """Where folded position `index` (0 to len(text)) is in the original."""
        if self.starts is None:
            return index
        return self.starts[index] if index < len(self.starts) else len(self.original)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original range of the folded range [start, end), with anything hidden in it."""
        if self.starts is None:
            return start, end
        first = self.original_index(start)
        low, high = first, (self.starts[end - 1] + 1 if end > start else first)
        # Reversed text is quoted whole: its letters are not where the reader sees them.
        for begin, finish, _ in self.reversed:
            if begin < high and low < finish:
                low, high = min(low, begin), max(high, finish)
        return low, high

    def folded_index(self, original: int) -> int:
        """The first folded position at or after original position `original`."""
        if self.starts is None:
            return original
        return bisect_left(self.starts, original)

    def disguises_in(self, start: int, end: int) -> list[str]:
        """The kinds of disguise in the original range [start, end)."""
        kinds = set[str]()
        for ranges in (self.changes, self.words, self.reversed, self.leet):
            kinds |= _overlapping(ranges, start, end)
        return sorted(kinds - {LAYOUT})


def _overlapping(ranges: tuple[Range, ...], start: int, end: int) -> set[str]:
    """Kinds of the disjoint, ordered `ranges` that overlap [start, end)."""
    low = bisect_right(ranges, start, key=lambda r: r[1])  # first range ending after start
    high = bisect_left(ranges, end, key=lambda r: r[0])  # ranges starting before end
    return {kind for _, _, kind in ranges[low:high]}


def fold(text: str) -> Folded:
    """`text` with disguises undone; see the module's description."""
    leet: list[Range] = []
    if text.isascii():
        if not _LEET_HINT.search(text):
            return Folded(text, text)
        folded = _letters_for_digits(text, None, leet)
        return Folded(text, folded, leet=tuple(leet)) if leet else Folded(text, text)
    runs = _runs(text)
    folded, starts = _apply(text, runs) if runs else (text, None)
    changes = tuple(r for run in runs for r in run.ranges)
    backwards: list[Range] = []
    if _OVERRIDE in text and starts is not None:  # the override itself is always removed
        folded = _reading_order(text, folded, starts, backwards)
    words: list[Range] = []
    if _LOOKALIKE_WORD.search(folded):
        folded = _latin_lookalikes(folded, starts, words)
    if _LEET_HINT.search(folded):
        folded = _letters_for_digits(folded, starts, leet)
    if not (changes or words or backwards or leet):
        return Folded(text, text)
    return Folded(text, folded, starts, changes, tuple(words), tuple(backwards), tuple(leet))


# A right-to-left override shows what follows it backwards, up to a pop (U+202C), another
# paragraph or the end of the text.
_OVERRIDE = "\u202e"
_OVERRIDDEN = re.compile("\u202e([^\u202c\n\r\u2029]*)\u202c?")


def _reading_order(text: str, folded: str, starts: Sequence[int], found: list[Range]) -> str:
    """`folded` with each overridden stretch of `text` reversed, as a reader sees it; each
    stretch is added to `found` with its range in the original. The map back keeps each
    character at its written place (the quote of a reversed word is the whole stretch)."""
    pieces: list[str] = []
    done = 0
    for stretch in _OVERRIDDEN.finditer(text):
        low = bisect_left(starts, stretch.start(1))
        high = bisect_left(starts, stretch.end(1))
        if high - low < 2 or not any(c.isalpha() for c in folded[low:high]):
            continue  # digits alone stay as typed: a number is copied or dialled that way
        pieces += [folded[done:low], folded[low:high][::-1]]
        done = high
        found.append((stretch.start(), stretch.end(), REVERSED))
    pieces.append(folded[done:])
    return "".join(pieces)


# A word of ASCII letters and digits, not part of an address, link, handle or number, with a
# digit that stands for a letter between two letters ("s3cr3t", "b3tw33n", "n00dz"; not
# "mp3", "user01", "Y10", "4th", "j0hn@example.org", "#h4sh").
_LEET = str.maketrans("013457", "oieast")
# Where to look: a digit after a letter and before one. The pattern starts with the digits,
# so the search skips the rest of the text in C (one that starts at a word's start tries
# every position: six times slower on plain text).
_LEET_HINT = re.compile(r"[013457](?<=[A-Za-z][013457])[013457]*[A-Za-z]")
_WORD_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_WORD_REST = re.compile(r"[A-Za-z0-9]*")
_NOT_BEFORE = re.compile(r"[\w@#./\\:-]")  # part of an address, link, handle or bigger word
_NOT_AFTER = re.compile(r"[\w@/\\-]|[.:]\w")
_OTHER_DIGIT = re.compile("[2689]")  # a word with one of these is more likely a code


def _letters_for_digits(text: str, starts: Sequence[int] | None, found: list[Range]) -> str:
    """The digits read as letters in the words that use them so; each word changed is
    added to `found` with its range in the original. Linear: each word is read once (in
    C), whatever its length and however many hints it holds."""
    pieces: list[str] = []
    done = 0
    looked = 0  # the end of the last word looked at
    for hint in _LEET_HINT.finditer(text):
        if hint.start() < looked:
            continue
        before = text[looked : hint.start()]
        begin = looked + len(before.rstrip(_WORD_CHARS))  # back to the word's start
        rest = _WORD_REST.match(text, hint.end())  # always matches, perhaps nothing
        end = rest.end() if rest is not None else hint.end()
        looked = end
        if (
            (begin and _NOT_BEFORE.match(text, begin - 1))
            or _NOT_AFTER.match(text, end)
            or _OTHER_DIGIT.search(text, begin, end)
        ):
            continue
        pieces += [text[done:begin], text[begin:end].translate(_LEET)]
        done = end
        low = starts[begin] if starts is not None else begin
        high = starts[end - 1] + 1 if starts is not None else end
        found.append((low, high, LEET))
    pieces.append(text[done:])
    return "".join(pieces)


def _apply(text: str, runs: list[_Run]) -> tuple[str, array[int] | None]:
    """The text with each run folded, and where each character came from (None when no
    run changed length, so that every character kept its place)."""
    folded = []
    done = 0
    resized = False
    for start, end, replacement, _ in runs:
        folded += [text[done:start], replacement]
        done = end
        resized = resized or len(replacement) != end - start
    folded.append(text[done:])
    if not resized:
        return "".join(folded), None
    # Characters that keep their place are added a stretch at a time, from `kept` on; a
    # run that changes length adds its own characters' places.
    starts = array("q")
    kept = 0
    for start, end, replacement, _ in runs:
        if len(replacement) == end - start:
            continue
        starts.extend(range(kept, start))
        if end - start == 1:
            starts.extend([start] * len(replacement))
        else:
            for offset, char in enumerate(text[start:end]):
                starts.extend([start + offset] * len(_TABLE.get(ord(char), char)))
        kept = end
    starts.extend(range(kept, len(text)))
    return "".join(folded), starts


def _latin_lookalikes(text: str, starts: Sequence[int] | None, words: list[Range]) -> str:
    """Look-alikes turned into Latin letters in the words that imitate Latin ones; each word
    changed is added to `words` with its range in the original."""
    pieces: list[str] = []
    done = 0
    for word in _LOOKALIKE_WORD.finditer(text):
        letters = word.group()
        if not _ASCII_LETTER.search(letters) and _OTHER_LETTER.search(letters):
            continue  # a word of another alphabet, not an imitation of a Latin one
        pieces.append(text[done : word.start()])
        pieces.append(letters.translate(_TO_LATIN))
        done = word.end()
        low = starts[word.start()] if starts is not None else word.start()
        high = starts[word.end() - 1] + 1 if starts is not None else word.end()
        words.append((low, high, LOOKALIKE))
    pieces.append(text[done:])
    return "".join(pieces)


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
