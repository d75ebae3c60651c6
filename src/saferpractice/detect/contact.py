"""Contact details in free text: phone numbers, email addresses, web addresses and handles.

Whose details they are (the school's, a parent's own, a professional account) is the
checks' concern; this detector only says what is written where, and how it was written.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from saferpractice.detect import candidates, handles, links, numberwords, phones
from saferpractice.detect.engine import join_texts
from saferpractice.detect.handles import HandleHit
from saferpractice.detect.links import WebHit
from saferpractice.detect.phones import PhoneHit

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


class _Finders(NamedTuple):
    emails: Callable[[str], list[WebHit]]
    obfuscated_emails: Callable[[str, list[tuple[int, int]]], list[WebHit]]
    urls: Callable[[str, list[tuple[int, int]]], list[WebHit]]
    phones: Callable[[str], list[PhoneHit]]
    worded_phones: Callable[[str, list[tuple[int, int]]], list[PhoneHit]]
    handles: Callable[[str], list[HandleHit]]


# Each finder skips work by cheap necessary conditions (see their modules).
_FAST = _Finders(
    links.find_emails,
    links.find_obfuscated_emails,
    links.find_urls,
    phones.find_phones,
    numberwords.find_worded_phones,
    handles.find_handles,
)
# The same detectors scanning the whole text every time: the behaviour the fast path must
# reproduce exactly. Used only by the differential tests and the benchmark.
_REFERENCE = _Finders(
    links.reference_find_emails,
    links.reference_find_obfuscated_emails,
    links.reference_find_urls,
    phones.reference_find_phones,
    lambda text, _covered: numberwords.reference_find_worded_phones(text),
    handles.reference_find_handles,
)


class ContactDetector:
    """`find(text)` -> contact details in the text, sorted by position, never overlapping.

    Stateless: the compiled regular expressions are module constants, so an instance is
    cheap to build and pickles trivially.
    """

    def __init__(self, kinds: tuple[ContactKind, ...] = KINDS) -> None:
        self.kinds = tuple(kinds)

    def find(self, text: str) -> list[ContactMatch]:
        found = candidates.hints(text)  # one hyperscan pass for every finder's condition
        if found is None:
            return _find(text, self.kinds, _FAST)
        if not found.mask & candidates.DRIVING:
            return []  # every finder below would be skipped
        return _find_hinted(text, self.kinds, found)

    def find_many(self, texts: Sequence[str]) -> list[list[ContactMatch]]:
        """`[self.find(t) for t in texts]`, skipping texts that cannot hold a match.

        Without hyperscan, each gate below is a necessary condition of one finder (the same
        test the finder makes first). The gates run once each over all the texts joined, and
        `find` runs only on the texts a gate fired in. A gate match that spans a separator
        marks every text it touches, so a text is never skipped wrongly (tests/detect proves
        equality).
        """
        if not texts:
            return []
        if candidates.available():
            # `find` already starts with one hyperscan pass per text, cheaper than the
            # Python gates below over all the texts joined.
            return [self.find(text) for text in texts]
        joined, starts = join_texts(texts)
        marked = {i for i, text in enumerate(texts) if "\x00" in text}
        for gate in _GATES:
            _mark(gate, joined, starts, marked)
        lowered = joined.lower()
        same_offsets = len(lowered) == len(joined)
        for gate, lower_gate in zip(_WORD_GATES, _WORD_GATES_LOWER, strict=True):
            if same_offsets:
                _mark(lower_gate, lowered, starts, marked)
            else:
                _mark(gate, joined, starts, marked)
        return [self.find(text) if i in marked else [] for i, text in enumerate(texts)]


# Necessary conditions of the finders (see find_many), none of which matches NUL. The word
# gates run case-sensitively with ASCII boundaries on the lower-cased text (several times
# faster, and a superset of the finders' own tests); characters whose case folding gives
# ASCII letters mark their text on their own (CASE_FOLD_ODDITIES).
_GATES: tuple[re.Pattern[str], ...] = (
    re.compile(r"@|://"),  # emails, handles, "@" obfuscations, scheme URLs
    links._DOTTED,  # www. and bare domains
    phones._ENOUGH_DIGITS,
    re.compile(r"\d[^\d\x00]{2,}\d"),  # numberwords' _APART_DIGITS within one text
    handles.CASE_FOLD_ODDITIES,
)
_WORD_GATES: tuple[re.Pattern[str], ...] = (
    links._AT_WORD,  # "name at gmail dot com"
    numberwords._HINT,
    handles.PLATFORM_WORD_ASCII,
)
_WORD_GATES_LOWER = tuple(re.compile(g.pattern, re.ASCII) for g in _WORD_GATES)


def _mark(gate: re.Pattern[str], joined: str, starts: list[int], marked: set[int]) -> None:
    position = 0
    while (m := gate.search(joined, position)) is not None:
        first = bisect_right(starts, m.start()) - 1
        last = bisect_right(starts, max(m.end() - 1, m.start())) - 1
        marked.update(range(first, last + 1))
        # One match marks a text: go on from the start of the next one.
        if last + 1 >= len(starts):
            return
        position = starts[last + 1]


def reference_find_contacts(
    text: str, kinds: tuple[ContactKind, ...] = KINDS
) -> list[ContactMatch]:
    """`ContactDetector(kinds).find(text)` without any shortcut (tests and benchmark only)."""
    return _find(text, kinds, _REFERENCE)


def _find(text: str, kinds: tuple[ContactKind, ...], finders: _Finders) -> list[ContactMatch]:
    found: list[ContactMatch] = []

    def add(kind: ContactKind, start: int, end: int, value: str, obf: bool, how: str) -> None:
        found.append(ContactMatch(kind, start, end, text[start:end], value, obf, how))

    emails: list[WebHit] = []
    if "email" in kinds or "url" in kinds:
        emails = finders.emails(text)
        taken = [(h.start, h.end) for h in emails]
        emails += finders.obfuscated_emails(text, taken)
        if "email" in kinds:
            for h in emails:
                add("email", h.start, h.end, h.value, h.obfuscated, h.how)
        if "url" in kinds:
            for h in finders.urls(text, [(h.start, h.end) for h in emails]):
                add("url", h.start, h.end, h.value, h.obfuscated, h.how)
    if "phone" in kinds:
        plain = finders.phones(text)
        for p in plain:
            add("phone", p.start, p.end, p.e164, p.obfuscated, p.how)
        covered = _numbers_outside_mail(plain, emails if "email" in kinds else [])
        for p in finders.worded_phones(text, covered):
            add("phone", p.start, p.end, p.e164, p.obfuscated, p.how)
    if "handle" in kinds:
        for handle in finders.handles(text):
            value = f"{handle.platform}:{handle.handle}"  # identity.canonical_handle
            add("handle", handle.start, handle.end, value, False, handle.how)
    return _without_overlaps(found)


def _numbers_outside_mail(
    plain: Sequence[PhoneHit], emails: Sequence[WebHit]
) -> list[tuple[int, int]]:
    """The spans of plain, unsplit numbers that overlap no email: such a number wins every
    overlap in _without_overlaps, so number-word runs inside it need not be parsed."""
    mail = [(h.start, h.end) for h in emails]
    return [
        (p.start, p.end)
        for p in plain
        if not p.obfuscated and not any(p.start < e and s < p.end for s, e in mail)
    ]


def _find_hinted(
    text: str, kinds: tuple[ContactKind, ...], hints: candidates.Hints
) -> list[ContactMatch]:
    """`_find(text, kinds, _FAST)`, running each finder only where the one candidate pass
    says its own condition held (each test below is implied by the finder's first test;
    `candidates.DRIVING` holds every bit tested here),
    and letting the pass's reported spans guide the obfuscated-email and number-word
    finders (see candidates.py). tests/detect proves it equal to the full scans."""
    found: list[ContactMatch] = []
    mask = hints.mask
    at_or_scheme = bool(mask & candidates.BIT["at_or_scheme"])

    def add(kind: ContactKind, start: int, end: int, value: str, obf: bool, how: str) -> None:
        found.append(ContactMatch(kind, start, end, text[start:end], value, obf, how))

    emails: list[WebHit] = []
    if "email" in kinds or "url" in kinds:
        emails = links.find_emails(text) if at_or_scheme else []
        if hints.cores:
            taken = [(h.start, h.end) for h in emails]
            emails += links.find_obfuscated_emails_at(text, taken, hints.cores)
        if "email" in kinds:
            for h in emails:
                add("email", h.start, h.end, h.value, h.obfuscated, h.how)
        if "url" in kinds and (at_or_scheme or mask & candidates.BIT["dotted"]):
            taken = [(h.start, h.end) for h in emails]
            for h in links.find_urls_from(text, taken, at_or_scheme, hints.host_start):
                add("url", h.start, h.end, h.value, h.obfuscated, h.how)
    if "phone" in kinds:
        plain = phones.find_phones(text) if mask & candidates.BIT["digits"] else []
        for p in plain:
            add("phone", p.start, p.end, p.e164, p.obfuscated, p.how)
        covered = _numbers_outside_mail(plain, emails if "email" in kinds else [])
        # Every run numberwords would parse ends where a reported span ends and starts no
        # earlier: when each span lies inside a covered number, every run would be skipped.
        if any(not any(s <= start and end <= e for s, e in covered) for start, end in hints.runs):
            for p in numberwords.find_worded_phones(text, covered):
                add("phone", p.start, p.end, p.e164, p.obfuscated, p.how)
    if "handle" in kinds:
        for handle in handles.find_handles_hinted(
            text,
            at_or_scheme,
            bool(mask & candidates.BIT["platform"]),
            bool(mask & candidates.BIT["follow_at"]),
        ):
            value = f"{handle.platform}:{handle.handle}"  # identity.canonical_handle
            add("handle", handle.start, handle.end, value, False, handle.how)
    return _without_overlaps(found)


def _without_overlaps(found: list[ContactMatch]) -> list[ContactMatch]:
    if len(found) < 2:
        return found  # nothing can overlap, and one match is sorted
    kept: list[ContactMatch] = []
    for match in sorted(found, key=lambda m: (_PRIORITY[m.kind], m.obfuscated, m.start, -m.end)):
        if not any(match.start < k.end and k.start < match.end for k in kept):
            kept.append(match)
    kept.sort(key=lambda m: (m.start, m.end))
    return kept
