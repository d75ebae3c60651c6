"""Phone numbers in free text: GB first, other regions only when written with a `+`.

Leniency: libphonenumber's `POSSIBLE` matcher, then our own acceptance rule.
- A national-format number (starting 0) is read as GB. It is kept when libphonenumber calls
  it valid, or when it is a *possible* GB mobile (07, 10 digits after the 0) or geographic
  number (01/02). The "possible" case matters: Ofcom's drama range 07700 900000-900999 (used
  in test data and fiction) is not valid to libphonenumber, but it is exactly what a person
  writes as a mobile number. Other possible-but-invalid numbers (dates such as 2024-01-15,
  bare digit runs without a leading 0) are dropped.
- A number written with `+` or `00` is kept when it is valid in its own region, or is a
  possible GB mobile/geographic number under +44.

Speed: libphonenumber's matcher is pure Python and costly per candidate, and most text has
no phone number in it. `find_phones` therefore runs the matcher only on short *segments*
of the text that could hold a number we keep, and gives exactly the results of running it
over the whole text (`reference_find_phones`, kept for the differential tests and the
benchmark):

- A *soft* character is one that can occur inside a match of the matcher's candidate
  pattern (digits, its punctuation and bracket classes, and every character of its
  extension words such as "ext", "anexo", "доб", case-insensitively). Any other character
  ends every candidate, and the matcher looks at nothing beyond a candidate except the
  next three characters (for ":45" after a time stamp), which are soft when they matter. So
  the matcher's results over the whole text are the union of its results over the maximal
  runs of soft characters.
- A number we keep has at least `MIN_DIGITS` digits (+43 1234, a valid Austrian number,
  is the shortest), so runs with fewer digits are skipped.
- A number we keep starts (after any "(" and spaces) with "+" or an ASCII "0", and the
  matcher starts a candidate inside a run of digits only after a run longer than nine
  digits (its longest extension is nine digits) has been cut. So a run without "+", without
  a "0" that begins a group of digits followed by MIN_DIGITS digits in all, and without ten
  digits in a row, holds nothing we keep (dates such as 2025-01-13, references).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import Leniency, PhoneNumber, PhoneNumberMatcher, PhoneNumberType
from phonenumbers import phonenumbermatcher as _matcher_module
from phonenumbers import phonenumberutil as _util

from saferpractice.detect import gbnumbers, plaingb

# The cheap gate of the original detector, kept as part of its behaviour: with no seven
# digits close together anywhere, nothing is reported.
_ENOUGH_DIGITS = re.compile(r"\d(?:[^\d\n]{0,4}\d){6}")
# Fewest digits in any number `judge` keeps: country code plus the shortest valid national
# number (AT/DE/IR: 2 + 4). tests/detect checks it against libphonenumber's metadata.
MIN_DIGITS = 6
_MATCHER_FLAGS = re.UNICODE | re.IGNORECASE
# Every character of the matcher's candidate pattern, its punctuation class (which holds
# ranges) and all digits. Over-including is harmless (segments are just longer).
_SOFT_CLASS = (
    _util._VALID_PUNCTUATION
    + "".join(re.escape(ch) for ch in sorted(set(_matcher_module._PATTERN.pattern)))
    + r"\d\t"
)
_SOFT_NON_DIGIT = re.compile(rf"[{_SOFT_CLASS}]", _MATCHER_FLAGS)
_SOFT_RUN = re.compile(rf"[{_SOFT_CLASS}]*", _MATCHER_FLAGS)
# MIN_DIGITS digits with only soft characters between them.
_DIGIT_CLUSTER = re.compile(
    rf"\d(?:(?:(?!\d)[{_SOFT_CLASS}])*\d){{{MIN_DIGITS - 1}}}", _MATCHER_FLAGS
)

_BACK_WINDOW = 24  # characters read at a time when walking back over soft characters
_LONG_DIGIT_RUN = re.compile(r"\d{10,}")
_NUMBER_START = re.compile(r"\+|(?<!\d)0")
_DIGIT = re.compile(r"\d")

_TYPE_NAMES = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "landline",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "number",
    PhoneNumberType.TOLL_FREE: "freephone number",
    PhoneNumberType.PREMIUM_RATE: "premium-rate number",
    PhoneNumberType.SHARED_COST: "shared-cost number",
    PhoneNumberType.VOIP: "VoIP number",
    PhoneNumberType.PERSONAL_NUMBER: "personal number",
    PhoneNumberType.PAGER: "pager number",
    PhoneNumberType.UAN: "non-geographic number",
    PhoneNumberType.VOICEMAIL: "voicemail number",
}


@dataclass(frozen=True, slots=True)
class PhoneHit:
    start: int
    end: int
    e164: str
    how: str
    obfuscated: bool


def e164(number: PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def gb_possible_kind(national: str) -> str | None:
    """'mobile' or 'geographic' for a possible-but-unallocated GB national number."""
    if national.startswith("7") and len(national) == 10 and not national.startswith("70"):
        return "mobile"
    if national[:1] in ("1", "2") and len(national) in (9, 10):
        return "geographic number"
    return None


def judge(number: PhoneNumber, international: bool) -> str | None:
    """Why `number` counts as a phone number we report, or None to drop it.

    Memoised on the fields the verdict depends on: a school's own numbers recur in every
    signature, and each verdict costs several metadata look-ups.
    """
    return _judge_by_key(
        number.country_code,
        number.national_number,
        number.italian_leading_zero,
        number.number_of_leading_zeros,
        international,
    )


@lru_cache(maxsize=4096)
def _judge_by_key(
    country_code: int | None,
    national_number: int | None,
    italian_leading_zero: bool | None,
    number_of_leading_zeros: int | None,
    international: bool,
) -> str | None:
    # Rebuilt from the key so that the cache never holds (or sees changes to) a caller's object.
    number = PhoneNumber(
        country_code=country_code,
        national_number=national_number,
        italian_leading_zero=italian_leading_zero,
        number_of_leading_zeros=number_of_leading_zeros,
    )
    return _judge_uncached(number, international)


def _judge_uncached(number: PhoneNumber, international: bool) -> str | None:
    """The verdict; +44 numbers from libphonenumber's metadata compiled as regexes
    (gbnumbers, about ten times faster), every other number through phonenumbers."""
    if gbnumbers.handles(number):
        answer = gbnumbers.verdict(number)
        return _verdict_text(
            number, international, answer.region, answer.valid, answer.number_type, answer.possible
        )
    return judge_with_phonenumbers(number, international)


def judge_with_phonenumbers(number: PhoneNumber, international: bool) -> str | None:
    """The verdict asking phonenumbers' own functions (the reference for gbnumbers)."""
    # One region lookup instead of three: is_valid_number(n) is
    # is_valid_number_for_region(n, region_code_for_number(n)).
    region_code = phonenumbers.region_code_for_number(number)
    valid = region_code is not None and phonenumbers.is_valid_number_for_region(number, region_code)
    kind = phonenumbers.number_type(number) if valid else PhoneNumberType.UNKNOWN
    possible = number.country_code == 44 and not valid and phonenumbers.is_possible_number(number)
    return _verdict_text(number, international, region_code, valid, kind, possible)


def _verdict_text(
    number: PhoneNumber,
    international: bool,
    region_code: str | None,
    valid: bool,
    number_type: int,
    possible: bool,
) -> str | None:
    return _verdict_words(
        number.country_code,
        str(number.national_number),
        international,
        region_code,
        valid,
        number_type,
        possible,
    )


def _verdict_words(
    country_code: int | None,
    national: str,
    international: bool,
    region_code: str | None,
    valid: bool,
    number_type: int,
    possible: bool,
) -> str | None:
    region = region_code or "unknown region"
    written = "international" if international else "national"
    if valid:
        if country_code != 44 and not international:
            return None
        kind = _TYPE_NAMES.get(number_type, "number")
        return f"{region} {kind} in {written} format"
    if country_code == 44 and possible:
        possible_kind = gb_possible_kind(national)
        if possible_kind is not None:
            return (
                f"GB {possible_kind} in {written} format (possible but not allocated, "
                "e.g. Ofcom's drama range)"
            )
    return None


@lru_cache(maxsize=4096)
def judge_gb(nsn: str, international: bool) -> str | None:
    """`judge(PhoneNumber(country_code=44, national_number=int(nsn)), international)` for a
    national significant number without leading zeros (what plaingb gives), without
    building the PhoneNumber: the same verdict from the same metadata."""
    answer = gbnumbers.verdict_nsn(nsn)
    return _verdict_words(
        44,
        nsn,
        international,
        answer.region,
        answer.valid,
        answer.number_type,
        answer.possible,
    )


def parse_gb(digits: str) -> PhoneNumber | None:
    try:
        return phonenumbers.parse(digits, "GB")
    except phonenumbers.NumberParseException:
        return None


def clear_caches() -> None:
    """Forget memoised verdicts (for benchmarks that must start cold)."""
    _judge_by_key.cache_clear()
    judge_gb.cache_clear()


_DIGIT_GROUP = re.compile(r"\d+")
# Eight groups of digits need at least eight digits and seven characters between them.
_SHORTEST_SPLIT = 15


def _split_up(raw: str) -> bool:
    if len(raw) < _SHORTEST_SPLIT:
        return False
    groups = _DIGIT_GROUP.findall(raw)
    return len(groups) >= 8 and max(len(g) for g in groups) <= 2


def _matches(text: str, base: int) -> list[PhoneHit]:
    """The matcher over `text` (a segment starting at `base`), with our acceptance rule."""
    hits: list[PhoneHit] = []
    for match in PhoneNumberMatcher(text, "GB", leniency=Leniency.POSSIBLE):
        hit = _accept(match.raw_string, base + match.start, match.number)
        if hit is not None:
            hits.append(hit)
    return hits


def _accept(raw: str, start: int, number: PhoneNumber) -> PhoneHit | None:
    """Our acceptance rule for one of the matcher's matches (see the module's notes)."""
    international = _international(raw)
    if international is None:
        return None
    how = judge(number, international)
    return None if how is None else _hit(raw, start, e164(number), how)


def _accept_gb(raw: str, start: int, nsn: str) -> PhoneHit | None:
    """`_accept(raw, start, PhoneNumber(country_code=44, national_number=int(nsn)))`, for
    plaingb's answers: the E.164 form of such a number is "+44" and its digits."""
    international = _international(raw)
    if international is None:
        return None
    how = judge_gb(nsn, international)
    return None if how is None else _hit(raw, start, "+44" + nsn, how)


def _international(raw: str) -> bool | None:
    """Whether a match is written in international format, or None to drop it."""
    stripped = raw.lstrip("( ")
    if stripped.startswith(("+", "00")):
        return True
    if not stripped.startswith("0"):
        return None  # a bare digit run, a date or a reference, not a phone number
    return False


def _hit(raw: str, start: int, e164_text: str, how: str) -> PhoneHit:
    obfuscated = _split_up(raw)
    if obfuscated:
        how += ", digits split up"
    return PhoneHit(start, start + len(raw), e164_text, how, obfuscated)


def _segment_matches(segment: str, base: int) -> list[PhoneHit]:
    """`_matches(segment, base)`: by `plaingb` when the segment is one plain GB number, else
    by the matcher when the prefilter lets the segment through. (plaingb's answer is the
    matcher's, so it stands whatever the prefilter says: a segment the prefilter rejects
    holds nothing that `_accept` keeps.)"""
    plain = plaingb.match(segment)
    if plain is not None:
        offset, raw, nsn = plain
        hit = _accept_gb(raw, base + offset, nsn)
        return [] if hit is None else [hit]
    if not _may_hold_a_kept_number(segment):
        return []
    return _matches(segment, base)


def candidate_segments(text: str) -> list[tuple[int, int]]:
    """Maximal runs of soft characters holding at least MIN_DIGITS digits."""
    segments: list[tuple[int, int]] = []
    last_end = 0
    for cluster in _DIGIT_CLUSTER.finditer(text):
        if cluster.start() < last_end:
            continue
        start = cluster.start()
        # Back over soft characters, not before last_end: the soft run that ends here, read
        # reversed a short window at a time (a character class tests each character
        # alone, so reading backwards changes nothing).
        while start > last_end:
            low = max(last_end, start - _BACK_WINDOW)
            back = _SOFT_RUN.match(text[low:start][::-1])
            step = back.end() if back is not None else 0
            start -= step
            if start > low:
                break  # a hard character ends the run inside the window
        run = _SOFT_RUN.match(text, cluster.end())
        end = run.end() if run is not None else cluster.end()
        segments.append((start, end))
        last_end = end
    return segments


def _may_hold_a_kept_number(segment: str) -> bool:
    if _LONG_DIGIT_RUN.search(segment):
        return True
    first = _NUMBER_START.search(segment)
    return first is not None and len(_DIGIT.findall(segment, first.start())) >= MIN_DIGITS


def find_phones(text: str) -> list[PhoneHit]:
    if not _ENOUGH_DIGITS.search(text):
        return []
    hits: list[PhoneHit] = []
    for start, end in candidate_segments(text):
        hits.extend(_segment_matches(text[start:end], start))
    return hits


def reference_find_phones(text: str) -> list[PhoneHit]:
    """The matcher over the whole text: what `find_phones` must equal (tests, benchmark)."""
    if not _ENOUGH_DIGITS.search(text):
        return []
    return _matches(text, 0)
