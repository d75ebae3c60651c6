"""Phone numbers written to dodge a filter: "zero seven seven double oh ...", "07 seven 7 ..."."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from saferpractice.detect.phones import PhoneHit, e164, judge, parse_gb

_WORD_DIGITS = {
    "zero": "0",
    "oh": "0",
    "o": "0",
    "nought": "0",
    "nil": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "for": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
_REPEATS = {"double": 2, "triple": 3, "treble": 3}
_WORDS = sorted([*_WORD_DIGITS, *_REPEATS], key=len, reverse=True)
_TOKEN = r"(?:\d|\b(?:" + "|".join(_WORDS) + r")\b)"
_SEP = r"[\s\-.,/_*()]*"
# Runs of at least nine digit tokens; "one" is common, so a hint word comes first.
_RUN = re.compile(rf"(?:\+\s*)?{_TOKEN}(?:{_SEP}{_TOKEN}){{8,}}", re.IGNORECASE)
_ONE_TOKEN = re.compile(_TOKEN, re.IGNORECASE)
_HINT = re.compile(
    r"\b(?:zero|nought|oh|double|triple|treble|seven|eight|nine|six|five|four|three|two)\b",
    re.IGNORECASE,
)
_MAX_LEADING_SKIPS = 3
# Any number word at all. Without one, a token can only be a digit, so the cheaper
# digits-only run below finds exactly the runs that _RUN finds.
_ANY_WORD_LOWER = re.compile(r"\b(?:" + "|".join(_WORDS) + r")\b")
_DIGIT_RUN = re.compile(rf"(?:\+\s*)?\d(?:{_SEP}\d){{8,}}", re.IGNORECASE)
_APART_DIGITS = re.compile(r"\d\D{2,}\d")
# The same run, case-sensitive, for lower-cased text: several times faster. str.lower()
# keeps every offset and every word boundary, and only "İ", "ı" and "ſ" match an ASCII
# letter under re.IGNORECASE but not after lowering, so text with one of them uses _RUN.
_RUN_LOWER = re.compile(rf"(?:\+\s*)?{_TOKEN}(?:{_SEP}{_TOKEN}){{8,}}")
_CASE_ODDITIES = ("\u0130", "\u0131", "\u017f")


def _tokens(run: str, base: int) -> list[tuple[str, int, int, bool]]:
    """(digits, start, end, is_word) per token, with "double x" folded into "xx"."""
    out: list[tuple[str, int, int, bool]] = []
    repeat = 1
    repeat_start: int | None = None
    for token in _ONE_TOKEN.finditer(run):
        word = token.group(0).lower()
        if word in _REPEATS:
            repeat = _REPEATS[word]
            repeat_start = token.start()
            continue
        digit = _WORD_DIGITS.get(word, word)
        start = repeat_start if repeat_start is not None else token.start()
        is_word = not word.isdigit() or repeat > 1
        out.append((digit * repeat, base + start, base + token.end(), is_word))
        repeat = 1
        repeat_start = None
    return out


def _accept(tokens: list[tuple[str, int, int, bool]], plus: bool) -> PhoneHit | None:
    digits = ""
    for index, (piece, _s, end, _w) in enumerate(tokens):
        digits += piece
        candidate = ("+" if plus else "") + digits
        wanted = (12,) if plus or digits.startswith("44") else (11, 10)
        last = index == len(tokens) - 1
        # Ten digits count only at the end of the run, so don't parse them otherwise.
        if len(digits) == 10 and not last:
            continue
        if len(digits) in wanted and (plus or digits.startswith(("0", "44"))):
            if not plus and digits.startswith("44"):
                candidate = "+" + digits
            number = parse_gb(candidate)
            if number is None:
                continue
            how = judge(number, candidate.startswith("+"))
            # Prefer 11 digits; accept 10 only when no 11th digit continues the run.
            if how is not None:
                words = sum(1 for t in tokens[: index + 1] if t[3])
                kind = "written in words" if words else "digits split by separators"
                return PhoneHit(tokens[0][1], end, e164(number), f"{how}, {kind}", True)
        if len(digits) > 12:
            break
    return None


def find_worded_phones(text: str, covered: Sequence[tuple[int, int]] = ()) -> list[PhoneHit]:
    """Phone numbers spelt with number words or broken up so that a plain matcher misses them.

    A run lying wholly inside a `covered` span is not parsed: the caller passes the plain
    phone numbers that will win any overlap, so whatever the run would give is dropped anyway.
    """
    if not _HINT.search(text) and not _APART_DIGITS.search(text):
        return []
    if any(ch in text for ch in _CASE_ODDITIES):
        return _from_runs(text, _RUN.finditer(text), covered)
    lowered = text.lower()
    if _ANY_WORD_LOWER.search(lowered):
        return _from_runs(text, _RUN_LOWER.finditer(lowered), covered)
    return _from_runs(text, _DIGIT_RUN.finditer(text), covered)


def reference_find_worded_phones(text: str) -> list[PhoneHit]:
    """The original full-regex path that `find_worded_phones` must equal (tests, benchmark)."""
    if not _HINT.search(text) and not _APART_DIGITS.search(text):
        return []
    return _from_runs(text, _RUN.finditer(text))


def _from_runs(
    text: str, runs: Iterator[re.Match[str]], covered: Sequence[tuple[int, int]] = ()
) -> list[PhoneHit]:
    hits: list[PhoneHit] = []
    for run in runs:
        if covered and any(s <= run.start() and run.end() <= e for s, e in covered):
            continue
        body = text[run.start() : run.end()]
        plus = body.lstrip().startswith("+")
        tokens = _tokens(body, run.start())
        for skip in range(min(_MAX_LEADING_SKIPS + 1, len(tokens))):
            hit = _accept(tokens[skip:], plus and skip == 0)
            if hit is not None:
                hits.append(hit)
                break
    return hits
