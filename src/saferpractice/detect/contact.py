"""Contact details in free text: phone numbers, email addresses, web addresses and handles.

Whose details they are (the school's, a parent's own, a professional account) is the
checks' concern; this detector only says what is written where, and how it was written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from saferpractice.detect.handles import find_handles
from saferpractice.detect.numberwords import find_worded_phones
from saferpractice.detect.phones import find_phones
from saferpractice.detect.web import find_emails, find_obfuscated_emails, find_urls

ContactKind = Literal["phone", "email", "url", "handle"]
KINDS: tuple[ContactKind, ...] = ("phone", "email", "url", "handle")
# On overlap the earlier kind wins: an email's domain is not also a URL.
_PRIORITY = {"email": 0, "phone": 1, "url": 2, "handle": 3}


@dataclass(frozen=True, slots=True)
class ContactMatch:
    kind: ContactKind
    start: int
    end: int
    text: str
    value: str  # E.164 | case-folded email | host/path | platform:handle
    obfuscated: bool
    how: str


class ContactDetector:
    """`find(text)` -> contact details in the text, sorted by position, never overlapping.

    Stateless: the compiled regular expressions are module constants, so an instance is
    cheap to build and pickles trivially.
    """

    def __init__(self, kinds: tuple[ContactKind, ...] = KINDS) -> None:
        self.kinds = tuple(kinds)

    def find(self, text: str) -> list[ContactMatch]:
        found: list[ContactMatch] = []

        def add(kind: ContactKind, start: int, end: int, value: str, obf: bool, how: str) -> None:
            found.append(ContactMatch(kind, start, end, text[start:end], value, obf, how))

        if "email" in self.kinds or "url" in self.kinds:
            emails = find_emails(text)
            taken = [(h.start, h.end) for h in emails]
            emails += find_obfuscated_emails(text, taken)
            if "email" in self.kinds:
                for h in emails:
                    add("email", h.start, h.end, h.value, h.obfuscated, h.how)
            if "url" in self.kinds:
                for h in find_urls(text, [(h.start, h.end) for h in emails]):
                    add("url", h.start, h.end, h.value, h.obfuscated, h.how)
        if "phone" in self.kinds:
            for p in find_phones(text):
                add("phone", p.start, p.end, p.e164, p.obfuscated, p.how)
            for p in find_worded_phones(text):
                add("phone", p.start, p.end, p.e164, p.obfuscated, p.how)
        if "handle" in self.kinds:
            for handle in find_handles(text):
                value = f"{handle.platform}:{handle.handle}"
                add("handle", handle.start, handle.end, value, False, handle.how)
        return _without_overlaps(found)


def _without_overlaps(found: list[ContactMatch]) -> list[ContactMatch]:
    kept: list[ContactMatch] = []
    for match in sorted(found, key=lambda m: (_PRIORITY[m.kind], m.obfuscated, m.start, -m.end)):
        if not any(match.start < k.end and k.start < match.end for k in kept):
            kept.append(match)
    kept.sort(key=lambda m: (m.start, m.end))
    return kept
