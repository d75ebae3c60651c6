"""libphonenumber's verdict on +44 numbers, from its own metadata compiled once as regexes.

`phonenumbers.is_valid_number_for_region`, `region_code_for_number`, `number_type` and
`is_possible_number` walk the metadata in pure Python and cost about 50 us per number. For
country code 44 (GB and the Crown dependencies GG, IM, JE that share it) this module answers
the same questions with the same metadata (`PhoneMetadata.metadata_for_region`): each
number-type description becomes one compiled regular expression plus its possible lengths,
checked in libphonenumber's own order. Nothing here is a hand-written numbering plan: when
the `phonenumbers` package is updated, these patterns follow it.

tests/detect/test_gbnumbers.py compares every answer with phonenumbers on generated numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumber, PhoneNumberType
from phonenumbers.phonemetadata import PhoneMetadata, PhoneNumberDesc

from saferpractice.detect import hslock

COUNTRY_CODE = 44

# libphonenumber's order in _number_type_helper: the special types first, then fixed line
# and mobile.
_SPECIAL_TYPES = (
    ("premium_rate", PhoneNumberType.PREMIUM_RATE),
    ("toll_free", PhoneNumberType.TOLL_FREE),
    ("shared_cost", PhoneNumberType.SHARED_COST),
    ("voip", PhoneNumberType.VOIP),
    ("personal_number", PhoneNumberType.PERSONAL_NUMBER),
    ("pager", PhoneNumberType.PAGER),
    ("uan", PhoneNumberType.UAN),
    ("voicemail", PhoneNumberType.VOICEMAIL),
)


@dataclass(frozen=True, slots=True)
class _Desc:
    lengths: frozenset[int]  # empty: any length (the general description already checked)
    pattern: re.Pattern[str] | None

    @classmethod
    def of(cls, desc: PhoneNumberDesc | None) -> _Desc | None:
        if desc is None:
            return None
        source = desc.national_number_pattern
        pattern = re.compile(source) if source else None
        return cls(frozenset(desc.possible_length or ()), pattern)

    def matches(self, nsn: str) -> bool:
        """phonenumbers' _is_number_matching_desc."""
        if self.lengths and len(nsn) not in self.lengths:
            return False
        return self.pattern is not None and self.pattern.fullmatch(nsn) is not None


@dataclass(frozen=True, slots=True)
class _Region:
    code: str
    leading_digits: re.Pattern[str] | None
    general: _Desc | None
    special: tuple[tuple[_Desc | None, int], ...]
    fixed_line: _Desc | None
    mobile: _Desc | None
    same_mobile_and_fixed_line: bool

    @classmethod
    def of(cls, code: str) -> _Region:
        meta = PhoneMetadata.metadata_for_region(code)
        if meta is None:
            raise RuntimeError(f"phonenumbers has no metadata for region {code}")
        return cls(
            code=code,
            leading_digits=re.compile(meta.leading_digits) if meta.leading_digits else None,
            general=_Desc.of(meta.general_desc),
            special=tuple((_Desc.of(getattr(meta, name)), kind) for name, kind in _SPECIAL_TYPES),
            fixed_line=_Desc.of(meta.fixed_line),
            mobile=_Desc.of(meta.mobile),
            same_mobile_and_fixed_line=bool(meta.same_mobile_and_fixed_line_pattern),
        )

    def number_type(self, nsn: str) -> int:
        """phonenumbers' _number_type_helper(nsn, metadata)."""
        if self.general is None or not self.general.matches(nsn):
            return PhoneNumberType.UNKNOWN
        for desc, kind in self.special:
            if desc is not None and desc.matches(nsn):
                return kind
        if self.fixed_line is not None and self.fixed_line.matches(nsn):
            if self.same_mobile_and_fixed_line or (
                self.mobile is not None and self.mobile.matches(nsn)
            ):
                return PhoneNumberType.FIXED_LINE_OR_MOBILE
            return PhoneNumberType.FIXED_LINE
        if (
            not self.same_mobile_and_fixed_line
            and self.mobile is not None
            and self.mobile.matches(nsn)
        ):
            return PhoneNumberType.MOBILE
        return PhoneNumberType.UNKNOWN


def _possible_lengths(region: str) -> frozenset[int]:
    meta = PhoneMetadata.metadata_for_region(region)
    if meta is None or meta.general_desc is None:
        return frozenset()
    desc = meta.general_desc
    lengths = [n for n in (desc.possible_length or ()) if n > 0]
    local = [n for n in (desc.possible_length_local_only or ()) if n > 0]
    return frozenset(lengths + local)


_REGIONS = tuple(_Region.of(code) for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[44])
# is_possible_number uses the main region of the country code (GB) and accepts both
# IS_POSSIBLE and IS_POSSIBLE_LOCAL_ONLY, i.e. any listed length.
_MAIN_POSSIBLE_LENGTHS = _possible_lengths(phonenumbers.region_code_for_country_code(44))


@dataclass(frozen=True, slots=True)
class Verdict:
    region: str | None  # region_code_for_number
    number_type: int  # number_type; UNKNOWN when not valid
    valid: bool  # is_valid_number_for_region(number, region)
    possible: bool  # is_possible_number


def handles(number: PhoneNumber) -> bool:
    """Whether `verdict` answers for this number (a +44 number without Italian zeros)."""
    return number.country_code == COUNTRY_CODE and not number.italian_leading_zero


def reference_verdict(number: PhoneNumber) -> Verdict:
    """`verdict` walking the regions and types one regex at a time (libphonenumber's own
    order, written out): the reference the one-regex `verdict` is tested against."""
    nsn = str(number.national_number)
    region: _Region | None = None
    kind: int = PhoneNumberType.UNKNOWN
    for candidate in _REGIONS:  # _region_code_for_number_from_list
        if candidate.leading_digits is not None:
            if candidate.leading_digits.match(nsn):
                region = candidate
                kind = candidate.number_type(nsn)
                break
            continue
        kind = candidate.number_type(nsn)
        if kind != PhoneNumberType.UNKNOWN:
            region = candidate
            break
    if region is None:
        kind = PhoneNumberType.UNKNOWN
    return Verdict(
        region=region.code if region is not None else None,
        number_type=kind,
        valid=kind != PhoneNumberType.UNKNOWN,
        possible=len(nsn) in _MAIN_POSSIBLE_LENGTHS,
    )


# -- the same walk with one hyperscan call ----------------------------------------------
#
# `reference_verdict` is a dozen `fullmatch` calls plus Python overhead for a number that no
# region knows (Ofcom's drama ranges, typos): every type of every region is tried, about
# 10 us. Here every description's pattern is one anchored expression in a hyperscan
# database, scanned once over the national number. The walk's answer depends only on which
# patterns matched, the number's length and which regions' leading digits match, so it is
# worked out once per such key and remembered (there are few keys). Without hyperscan,
# `reference_verdict` answers.

_Slot = tuple[int, str]  # (region index, description name)


def _descriptions(region: _Region) -> list[tuple[str, _Desc | None]]:
    specials = [(f"special{i}", desc) for i, (desc, _kind) in enumerate(region.special)]
    return [
        ("general", region.general),
        ("fixed", region.fixed_line),
        ("mobile", region.mobile),
        *specials,
    ]


class _Walk:
    """The database of every description's pattern, compiled once per process."""

    def __init__(self) -> None:
        import hyperscan as hs

        self.slots: list[_Slot] = []
        expressions: list[bytes] = []
        for index, region in enumerate(_REGIONS):
            for name, desc in _descriptions(region):
                if desc is not None and desc.pattern is not None:
                    self.slots.append((index, name))
                    expressions.append(f"^(?:{desc.pattern.pattern})$".encode("ascii"))
        self.database = hs.Database(mode=hs.HS_MODE_BLOCK)
        self.database.compile(
            expressions=expressions,
            ids=list(range(len(expressions))),
            elements=len(expressions),
            flags=[hs.HS_FLAG_SINGLEMATCH] * len(expressions),
        )
        self.leading = tuple(r.leading_digits for r in _REGIONS if r.leading_digits is not None)

    def key(self, nsn: str) -> tuple[int, int, tuple[bool, ...]]:
        """What the walk's answer depends on: the matching patterns (as bits of `slots`),
        the length, and whether each region's leading digits match. The bits are gathered
        in a list local to the call, so concurrent calls never mix them."""
        bits = [0]

        def hit(pattern_id: int, _from: int, _to: int, _flags: int, _context: object) -> None:
            bits[0] |= 1 << pattern_id

        hslock.scan(self.database, nsn.encode("ascii"), hit)
        leads = tuple([pattern.match(nsn) is not None for pattern in self.leading])
        return bits[0], len(nsn), leads


def _make_walk() -> _Walk | None:
    try:
        return _Walk()
    except ImportError:
        return None


_walk: _Walk | None = None
_walk_tried = False


@lru_cache(maxsize=4096)
def _walk_answer(mask: int, length: int, leads: tuple[bool, ...]) -> tuple[str | None, int]:
    """(region, type) by libphonenumber's walk, from a `_Walk.key`."""
    assert _walk is not None
    found = {slot for bit, slot in enumerate(_walk.slots) if mask >> bit & 1}
    lead_answers = iter(leads)

    def type_of(index: int, region: _Region) -> int:
        def matches(name: str, desc: _Desc | None) -> bool:
            if desc is None or (desc.lengths and length not in desc.lengths):
                return False
            return (index, name) in found

        if not matches("general", region.general):
            return PhoneNumberType.UNKNOWN
        for i, (desc, kind) in enumerate(region.special):
            if matches(f"special{i}", desc):
                return kind
        mobile = matches("mobile", region.mobile)
        if matches("fixed", region.fixed_line):
            if region.same_mobile_and_fixed_line or mobile:
                return PhoneNumberType.FIXED_LINE_OR_MOBILE
            return PhoneNumberType.FIXED_LINE
        if not region.same_mobile_and_fixed_line and mobile:
            return PhoneNumberType.MOBILE
        return PhoneNumberType.UNKNOWN

    for index, candidate in enumerate(_REGIONS):  # _region_code_for_number_from_list
        if candidate.leading_digits is not None:
            if next(lead_answers):
                return candidate.code, type_of(index, candidate)
            continue
        kind = type_of(index, candidate)
        if kind != PhoneNumberType.UNKNOWN:
            return candidate.code, kind
    return None, PhoneNumberType.UNKNOWN


def verdict(number: PhoneNumber) -> Verdict:
    """libphonenumber's answers for a number for which `handles(number)` is true."""
    global _walk, _walk_tried
    if not _walk_tried:
        _walk, _walk_tried = _make_walk(), True
    if _walk is None:
        return reference_verdict(number)
    return verdict_nsn(str(number.national_number))


def verdict_nsn(nsn: str) -> Verdict:
    """`verdict(PhoneNumber(country_code=44, national_number=int(nsn)))` for a national
    significant number written without leading zeros."""
    global _walk, _walk_tried
    if not _walk_tried:
        _walk, _walk_tried = _make_walk(), True
    if _walk is None:
        return reference_verdict(PhoneNumber(country_code=COUNTRY_CODE, national_number=int(nsn)))
    mask, length, leads = _walk.key(nsn)
    region, kind = _walk_answer(mask, length, leads)
    return Verdict(
        region=region,
        number_type=kind,
        valid=kind != PhoneNumberType.UNKNOWN,
        possible=length in _MAIN_POSSIBLE_LENGTHS,
    )
