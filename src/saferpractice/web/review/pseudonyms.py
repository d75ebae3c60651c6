"""Pseudonymising free text for an analyst: every name, email address, phone number, handle
and web address of the school's people, wherever it is written.

Pure (no database): `Lexicon` is built from the registers by saferpractice.web.review.people
and cached there. The text is searched in two ways:
- contact details by the core's own detector (saferpractice.detect.contact), so a phone number
  written "07700 900 925", "+44 7700900925" or in words is found as the scan found it. A
  detail the registers know becomes its owner's pseudonym; any other becomes a placeholder
  ("[phone number]"), because an unknown number in a child's message is as identifying;
- names by words: each run of up to four words (joined by spaces, an apostrophe or a hyphen)
  is looked up among every name of every person in the school, not only the people the
  finding is about, so a classmate named in an excerpt is hidden too.

A few given names are also everyday words ("will", "may", "grace"); in lower case those are
left alone, capitalised they are replaced. Replacements come back as spans, so the excerpt's
highlighted spans can be moved onto the pseudonymised text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from saferpractice.detect.contact import ContactDetector

MAX_NAME_WORDS = 4
_WORD = re.compile(r"\w+")
_JOINERS = {"'": "'", "’": "'", "-": "-"}
# Given names that are also common words: replaced only when capitalised.
EVERYDAY_WORDS = frozenset(
    [
        "will",
        "may",
        "mark",
        "grace",
        "hope",
        "joy",
        "faith",
        "rose",
        "april",
        "june",
        "august",
        "summer",
        "autumn",
        "dawn",
        "ray",
        "rich",
        "bill",
        "pat",
        "sue",
        "art",
        "jack",
        "jay",
        "dean",
        "frank",
        "gene",
        "guy",
        "lee",
        "max",
        "miles",
        "rob",
        "sky",
        "river",
        "rain",
        "star",
        "angel",
        "bob",
        "don",
        "drew",
        "gay",
        "ivy",
        "jade",
        "pearl",
        "ruby",
        "amber",
        "holly",
        "iris",
        "lily",
        "poppy",
        "daisy",
        "violet",
        "heather",
        "hazel",
        "robin",
        "wren",
        "bella",
        "king",
        "young",
        "page",
        "long",
        "short",
        "white",
        "black",
        "brown",
        "green",
        "gray",
        "grey",
        "stone",
        "wood",
        "hill",
        "field",
        "rice",
        "bell",
        "hunter",
        "cook",
        "baker",
        "mason",
    ]
)
PLACEHOLDERS = {
    "phone": "[phone number]",
    "email": "[email address]",
    "handle": "[social media handle]",
}
_DETECTOR = ContactDetector()


def normal_name(words: Iterable[str]) -> str:
    return " ".join(w.casefold() for w in words)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """What to hide: names (normalised word runs) and contact values, each to its people's
    refs, and each ref's pseudonym."""

    names: dict[str, frozenset[str]]
    contacts: dict[str, frozenset[str]]
    aliases: dict[str, str]
    longest: int = MAX_NAME_WORDS

    def alias(self, owners: frozenset[str], prefer: frozenset[str], fallback: str) -> str:
        """One owner: their pseudonym. Several (two pupils called Amy): the one the finding
        is about, else a neutral placeholder rather than a guess."""
        if len(owners) == 1:
            return self.aliases.get(next(iter(owners)), fallback)
        chosen = owners & prefer
        if len(chosen) == 1:
            return self.aliases.get(next(iter(chosen)), fallback)
        return fallback


@dataclass(slots=True)
class LexiconBuilder:
    names: dict[str, set[str]] = field(default_factory=dict)
    contacts: dict[str, set[str]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)

    def person(self, ref: str, alias: str, given: str, family: str) -> None:
        self.aliases[ref] = alias
        parts = [given, family, f"{given} {family}", ref]
        for part in parts:
            words = _WORD.findall(part)
            if not words or (len(words) == 1 and len(words[0]) < 2):
                continue
            self.names.setdefault(_key(part), set()).add(ref)

    def contact(self, ref: str, value: str) -> None:
        for key in contact_keys(value):
            self.contacts.setdefault(key, set()).add(ref)

    def build(self) -> Lexicon:
        longest = max((len(_WORD.findall(k)) for k in self.names), default=1)
        return Lexicon(
            {k: frozenset(v) for k, v in self.names.items()},
            {k: frozenset(v) for k, v in self.contacts.items()},
            dict(self.aliases),
            min(max(longest, 1), MAX_NAME_WORDS * 2),
        )


def _key(text: str) -> str:
    """A name's lookup key: words case-folded, separated by a space (or the apostrophe or
    hyphen that joined them)."""
    out: list[str] = []
    position = 0
    for match in _WORD.finditer(text):
        if out:
            gap = text[position : match.start()]
            out.append(_JOINERS.get(gap, " "))
        out.append(match.group().casefold())
        position = match.end()
    return "".join(out)


def contact_keys(value: str) -> set[str]:
    """The keys a registered contact detail is known by: an email address case-folded, a
    phone number in E.164, a handle as `platform:handle` and as the bare handle."""
    value = value.strip()
    keys: set[str] = set()
    if not value:
        return keys
    if ":" in value and "@" not in value and "/" not in value:
        platform, _, handle = value.partition(":")
        keys.update({f"{platform.casefold()}:{handle.casefold()}", f"@{handle.casefold()}"})
    for match in _DETECTOR.find(value):
        keys.add(_contact_key(match.kind, match.value))
    if "@" in value and " " not in value:
        keys.add(value.casefold())
    return keys


def _contact_key(kind: str, value: str) -> str:
    if kind == "handle":
        return f"@{value.partition(':')[2].casefold()}"
    return value.casefold()


Replacement = tuple[int, int, str]


def replacements(text: str, lexicon: Lexicon, prefer: Iterable[str] = ()) -> list[Replacement]:
    """Where `text` mentions someone, and what to write instead (sorted, not overlapping)."""
    wanted = frozenset(prefer)
    found: list[Replacement] = []
    for match in _DETECTOR.find(text):
        found.append((match.start, match.end, _contact_replacement(match, lexicon, wanted)))
    found.extend(_names(text, lexicon, wanted, found))
    found.sort()
    return found


def _contact_replacement(match: object, lexicon: Lexicon, prefer: frozenset[str]) -> str:
    kind = getattr(match, "kind", "")
    value = str(getattr(match, "value", ""))
    if kind == "url":
        host, _, path = value.partition("/")
        hidden = apply(host, _names_only(host, lexicon, prefer))
        return f"{hidden}/…" if path else hidden
    owners = lexicon.contacts.get(_contact_key(kind, value))
    if kind == "handle" and owners is None:
        owners = lexicon.contacts.get(value.casefold())
    fallback = PLACEHOLDERS.get(kind, "[contact detail]")
    return lexicon.alias(owners, prefer, fallback) if owners else fallback


def _names_only(text: str, lexicon: Lexicon, prefer: frozenset[str]) -> list[Replacement]:
    return sorted(_names(text, lexicon, prefer, []))


def _names(
    text: str, lexicon: Lexicon, prefer: frozenset[str], taken: Sequence[Replacement]
) -> list[Replacement]:
    words = list(_WORD.finditer(text))
    out: list[Replacement] = []
    i = 0
    while i < len(words):
        hit = _longest_name(text, words, i, lexicon)
        if hit is None:
            i += 1
            continue
        last, owners = hit
        start, end = words[i].start(), words[last].end()
        if not any(s < end and start < e for s, e, _ in taken):
            out.append((start, end, lexicon.alias(owners, prefer, "[a name]")))
        i = last + 1
    return out


def _longest_name(
    text: str, words: list[re.Match[str]], i: int, lexicon: Lexicon
) -> tuple[int, frozenset[str]] | None:
    key = words[i].group().casefold()
    best: tuple[int, frozenset[str]] | None = None
    for j in range(i, min(len(words), i + lexicon.longest)):
        if j > i:
            gap = text[words[j - 1].end() : words[j].start()]
            joiner = _JOINERS.get(gap, " " if gap.isspace() and len(gap) <= 3 else None)
            if joiner is None:
                break
            key = f"{key}{joiner}{words[j].group().casefold()}"
        owners = lexicon.names.get(key)
        if owners and not (j == i and _everyday(words[i].group())):
            best = (j, owners)
    return best


def _everyday(word: str) -> bool:
    return word.islower() and word in EVERYDAY_WORDS


def apply(text: str, found: Sequence[Replacement]) -> str:
    pieces: list[str] = []
    position = 0
    for start, end, new in found:
        pieces.append(text[position:start])
        pieces.append(new)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def move_spans(
    spans: Sequence[Sequence[object]], found: Sequence[Replacement]
) -> list[tuple[int, int, str]]:
    """The excerpt's highlighted spans, moved onto the text after `found` was applied. A span
    edge inside a replaced name widens to cover the whole pseudonym."""
    moved: list[tuple[int, int, str]] = []
    for span in spans:
        try:
            start, end, label = int(str(span[0])), int(str(span[1])), str(span[2])
        except (IndexError, TypeError, ValueError):
            continue  # a malformed span is dropped here as highlight() would drop it
        moved.append((_moved(start, found, False), _moved(end, found, True), label))
    return moved


def _moved(offset: int, found: Sequence[Replacement], is_end: bool) -> int:
    shift = 0
    for start, end, new in found:
        if offset <= start:
            break
        if offset < end:  # inside a replacement: snap to its edge
            return start + shift + (len(new) if is_end else 0)
        shift += len(new) - (end - start)
    return offset + shift
