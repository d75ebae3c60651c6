"""A plain GB number on its own in a segment, parsed without libphonenumber's matcher.

`phones.find_phones` runs `PhoneNumberMatcher` (pure Python, about 50 us a number: its
candidate pattern, date and time-stamp checks, `parse` and `is_possible_number`) on short
segments of text. Most segments that hold a number hold one number, written the common
ways: "07700 900123", "0161-496-0000", "(01632) 960123", "+44 (0)20 7946 0000",
"0044 7700 900123". For exactly those, `match(segment)` gives what the matcher would give:
the one match's offset, its raw text and its national significant number (the number is
+44 and those digits). For anything else it says None, and the caller runs the matcher.
Why the answers are the matcher's (libphonenumber 9.x, `phonenumbermatcher._find` and
`phonenumberutil.parse` with region GB):

- The segment is `before + number + after`, where `before` holds no digit (of any script)
  and no character that can open a candidate ("+", "(", "[" and their full-width forms),
  and `after` holds no digit. A candidate starts with such a character or a digit and ends
  with a digit (an extension needs digits too), so the matcher's only candidate is
  `number`, and after it there is nothing left to find.
- `number` uses ASCII digits, single spaces, dots or hyphens between groups, and brackets
  only as "(0…)" around the first group or "(0)" after +44. So there is no "/" (dates), no
  extension character (letters, ",", ";", "#", "~"), brackets that libphonenumber's bracket
  check accepts, and no publication-page pattern (a hyphen, digits, then "("). Its last
  group has at least three digits, so it is not a time stamp (which ends in a space and two
  digits).
- `parse`: the digits start "0" then not "0" (national: the trunk 0 is stripped), or "+44"
  or "0044" (international: the country code is taken, then a trunk 0 if one follows). The
  national significant number left must have 9 or 10 digits and not start with 0: then it
  is a possible length for GB, so the stripped form is kept, there are no Italian leading
  zeros, and `is_possible_number` holds. A number after +44 starting "180020" (GB's other
  national prefix for parsing) is left to the matcher.

tests/detect/test_plaingb.py checks every answer against the matcher on generated segments
(many formats, noise around them, Unicode digits and separators, hostile runs).
"""

from __future__ import annotations

import re

# A segment holding one plain number: before, number, after (see the module's notes).
_SEGMENT = re.compile(
    r"(?P<before>[^\d(\[\uff08\uff3b+\uff0b]*)"
    r"(?P<number>"
    r"\+44(?: ?\(0\))? ?[0-9]+(?:[ .\-][0-9]+)*"
    r"|\(0[0-9]+\) ?[0-9]+(?:[ .\-][0-9]+)*"
    r"|0[0-9]*(?:[ .\-][0-9]+)*"
    r")"
    r"(?P<after>\D*)"
)
_NOT_DIGITS = str.maketrans("", "", " .-()+")


def match(segment: str) -> tuple[int, str, str] | None:
    """(offset, raw text, national significant number) of the matcher's one match in
    `segment`, whose number is `PhoneNumber(country_code=44, national_number=int(nsn))`,
    or None when the segment is not one plain GB number (the caller runs the matcher)."""
    found = _SEGMENT.fullmatch(segment)
    if found is None:
        return None
    raw = found.group("number")
    if not raw[-3:].isdigit():
        return None  # the last group is shorter than three digits
    digits = raw.translate(_NOT_DIGITS)
    if raw[0] == "+":
        rest = digits[2:]  # after the country code
    elif digits.startswith("0044"):
        rest = digits[4:]  # after the international prefix and the country code
    elif digits[:1] == "0" and digits[1:2] != "0":
        rest = digits  # national: the trunk 0 comes off below
    else:
        return None
    if rest.startswith("0"):
        national = rest[1:]
    elif rest.startswith("180020"):
        return None
    else:
        national = rest
    if len(national) not in (9, 10) or national[0] == "0":
        return None
    return found.start("number"), raw, national
