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
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import Leniency, PhoneNumber, PhoneNumberMatcher, PhoneNumberType

_ENOUGH_DIGITS = re.compile(r"\d(?:[^\d\n]{0,4}\d){6}")
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
    """Why `number` counts as a phone number we report, or None to drop it."""
    region = phonenumbers.region_code_for_number(number) or "unknown region"
    written = "international" if international else "national"
    if phonenumbers.is_valid_number(number):
        if number.country_code != 44 and not international:
            return None
        kind = _TYPE_NAMES.get(phonenumbers.number_type(number), "number")
        return f"{region} {kind} in {written} format"
    if number.country_code == 44 and phonenumbers.is_possible_number(number):
        possible = gb_possible_kind(str(number.national_number))
        if possible is not None:
            return (
                f"GB {possible} in {written} format (possible but not allocated, "
                "e.g. Ofcom's drama range)"
            )
    return None


def parse_gb(digits: str) -> PhoneNumber | None:
    try:
        return phonenumbers.parse(digits, "GB")
    except phonenumbers.NumberParseException:
        return None


def _split_up(raw: str) -> bool:
    groups = re.findall(r"\d+", raw)
    return len(groups) >= 8 and max(len(g) for g in groups) <= 2


def find_phones(text: str) -> list[PhoneHit]:
    if not _ENOUGH_DIGITS.search(text):
        return []
    hits: list[PhoneHit] = []
    for match in PhoneNumberMatcher(text, "GB", leniency=Leniency.POSSIBLE):
        raw = match.raw_string
        stripped = raw.lstrip("( ")
        international = stripped.startswith(("+", "00"))
        if not international and not stripped.startswith("0"):
            continue  # a bare digit run, a date or a reference, not a phone number
        how = judge(match.number, international)
        if how is None:
            continue
        obfuscated = _split_up(raw)
        if obfuscated:
            how += ", digits split up"
        hits.append(PhoneHit(match.start, match.end, e164(match.number), how, obfuscated))
    return hits
