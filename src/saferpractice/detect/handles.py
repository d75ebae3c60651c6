"""Social-media handles, only where a platform cue says that a word is a handle.

"my snap is jess_x", "add me on insta jess.x", "snap me @jess", "follow me @jess",
"I'm @jess on tiktok". A bare "@word" counts next to a platform word, or on its own when it
has handle syntax ("@owain.boateng79": see `plausible_bare_handle`); the `@` of an email
address never does (it follows a word character).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from saferpractice.detect.links import BARE_TLDS
from saferpractice.identity import normalise_handle, normalise_platform

# The platform names that cue a handle in free text. Each is a key of
# identity.PLATFORM_ALIASES, which alone says what platform a name means ("sc" and "snap"
# are snapchat, "twitter" is x). "x" and "linkedin" are not cues: "x" is a kiss, and
# LinkedIn names are written as URLs.
CUE_WORDS: tuple[str, ...] = (
    "snap",
    "snapchat",
    "sc",
    "insta",
    "instagram",
    "ig",
    "gram",
    "tiktok",
    "tik tok",
    "fb",
    "facebook",
    "twitter",
    "discord",
    "kik",
    "telegram",
    "youtube",
    "twitch",
    "reddit",
    "bereal",
    "roblox",
    "xbox",
    "psn",
    "steam",
    "threads",
)
_CUE_SET = frozenset(CUE_WORDS)
# Words that follow a cue but are not handles ("add me on snap later").
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "so",
        "then",
        "than",
        "to",
        "too",
        "of",
        "on",
        "in",
        "at",
        "by",
        "for",
        "from",
        "with",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "am",
        "i",
        "im",
        "me",
        "my",
        "mine",
        "you",
        "u",
        "ur",
        "your",
        "yours",
        "he",
        "she",
        "it",
        "we",
        "they",
        "them",
        "him",
        "her",
        "his",
        "its",
        "our",
        "us",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "now",
        "later",
        "tonight",
        "tomorrow",
        "today",
        "soon",
        "asap",
        "pls",
        "please",
        "plz",
        "ok",
        "okay",
        "yes",
        "no",
        "not",
        "x",
        "xx",
        "xxx",
        "lol",
        "haha",
        "hi",
        "hey",
        "hello",
        "thanks",
        "thx",
        "ta",
        "babe",
        "hun",
        "when",
        "what",
        "who",
        "why",
        "how",
        "where",
        "which",
        "will",
        "would",
        "can",
        "could",
        "should",
        "just",
        "also",
        "only",
        "really",
        "name",
        "username",
        "user",
        "handle",
        "account",
        "acc",
        "id",
        "is:",
        "and:",
        "too:",
        "straight",
        "away",
        "instead",
    ]
)
# The space in "tik tok" is any whitespace Python's Unicode `\s` knows, written so that the
# ASCII-mode gates below (whose `\s` lacks \x1c-\x1f) accept the same texts as the finders.
_PLATFORM = "|".join(
    sorted(
        (re.escape(p).replace(r"\ ", r"(?:\s|[\x1c-\x1f])?") for p in CUE_WORDS),
        key=len,
        reverse=True,
    )
)
_HANDLE = r"(?P<at>@)?(?P<handle>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)"
_FILLER = r"(?:\s*(?:user\s?name|name|handle|account|acc|id|is|=|:|-|–|at)\s*)*"
_DECLARED = re.compile(
    rf"\b(?:my|add\s+me\s+on|follow\s+me\s+on|find\s+me\s+on|message\s+me\s+on|dm\s+me\s+on|"
    rf"i'?m|i\s+am)\s+(?P<platform>{_PLATFORM})\b{_FILLER}\s*{_HANDLE}(?![\w@])",
    re.IGNORECASE,
)
_PLATFORM_FIRST = re.compile(
    rf"\b(?P<platform>{_PLATFORM})\s*(?::|-|–|=|\s+me(?:\s+(?:at|on))?)\s*{_HANDLE}(?![\w@])",
    re.IGNORECASE,
)
_FOLLOW_AT = re.compile(
    r"\b(?:follow|add|dm|message|find|snap)\s+me\s+(?:on\s+|at\s+)?(?P<at>@)(?P<handle>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![\w@])",
    re.IGNORECASE,
)
_BARE_AT = re.compile(
    r"(?<![\w@.])@(?P<handle>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![\w@])"
)
_PLATFORM_WORD = re.compile(rf"\b(?:{_PLATFORM})\b", re.IGNORECASE)
_WORD_CHAR = re.compile(r"\w")
# A bare "@word" with no platform nearby is a handle only when it looks like one: 3 to 30
# characters with at least three letters and a dot, digit or underscore ("@owain.boateng79",
# "@jess_x", "@jess99"), and not a time, a year group or a room ("@3pm", "@Year6", "@rm12").
# "@home", "@everyone" and "@ 3pm" are not handles; neither is the "@" of an email address.
_BARE_LOOKS_LIKE_A_HANDLE = re.compile(r"[A-Za-z0-9_.]{3,30}")
_BARE_NOT_A_HANDLE = re.compile(
    r"\d[\d.:]*(?:am|pm|noon|midday|midnight|ish|hrs?|mins?|secs?|st|nd|rd|th)?"
    r"|(?:year|yr|y|class|form|set|group|grp|team|room|rm|block|lab|unit|lesson|page|pg|p|ks|"
    r"stage|level|grade|house|table|bus|gate|door|floor|zone|area|court|pitch|hall)"
    r"[._]?\d+[a-z]?",
    re.IGNORECASE,
)
_NEAR = 40
# A faster test for "is there a platform word at all": on lower-cased text, case-sensitive,
# with ASCII word boundaries (a superset of the Unicode ones for these ASCII words). Only
# "İ", "ı" and "ſ" match an ASCII letter under re.IGNORECASE but not after str.lower()
# (and "İ" changes length), so text holding one of them takes the slow test.
_PLATFORM_WORD_LOWER = re.compile(rf"\b(?:{_PLATFORM})\b", re.ASCII)
_CASE_ODDITIES = ("\u0130", "\u0131", "\u017f")
# For ContactDetector.find_many's gate: a superset of has_platform_word. ASCII-only case
# folding on the original text finds every platform word that lower-casing would show,
# except next to the non-ASCII characters that lower-case (or case-fold) to ASCII letters
# (Kelvin sign, dotted capital I, ...), which mark a text on their own.
PLATFORM_WORD_ASCII = re.compile(rf"\b(?:{_PLATFORM})\b", re.IGNORECASE | re.ASCII)
CASE_FOLD_ODDITIES = re.compile(
    "["
    + "".join(
        re.escape(ch)
        for ch in map(chr, range(0x80, 0x10000))
        if not 0xD800 <= ord(ch) < 0xE000
        and any(c.isascii() and c.isalpha() for c in ch.lower() + ch.casefold() + ch.upper())
    )
    + "]"
)


def has_platform_word(text: str) -> bool:
    if any(ch in text for ch in _CASE_ODDITIES):
        return _PLATFORM_WORD.search(text) is not None
    return _PLATFORM_WORD_LOWER.search(text.lower()) is not None


@dataclass(frozen=True, slots=True)
class HandleHit:
    start: int
    end: int
    platform: str
    handle: str
    how: str


def _nearby_platform(text: str, start: int, end: int) -> str | None:
    window_start = max(0, start - _NEAR)
    best: tuple[int, str] | None = None
    for m in _PLATFORM_WORD.finditer(text, window_start, min(len(text), end + _NEAR)):
        if _WORD_CHAR.match(text, m.end()):
            continue  # "tik tokat": the window's end made "tik tok" look like a whole word
        distance = start - m.end() if m.end() <= start else m.start() - end
        if distance >= 0 and (best is None or distance < best[0]):
            best = (distance, normalise_platform(m.group(0)))
    return best[1] if best else None


def _plausible(handle: str, with_at: bool) -> bool:
    if not any(ch.isalpha() for ch in handle):
        return False
    if "." in handle and handle.rsplit(".", 1)[1].lower() in BARE_TLDS:
        return False  # "@example.com" is a domain, not a handle
    lowered = handle.lower()
    if lowered in _CUE_SET:
        return False
    return with_at or lowered not in STOPWORDS


def plausible_bare_handle(handle: str) -> bool:
    """Whether an "@word" with no platform word nearby is worth reporting as a handle."""
    if not _BARE_LOOKS_LIKE_A_HANDLE.fullmatch(handle) or _BARE_NOT_A_HANDLE.fullmatch(handle):
        return False
    if sum(ch.isalpha() for ch in handle) < 3:
        return False
    if not any(ch.isdigit() or ch in "._" for ch in handle):
        return False
    return _plausible(handle, True)


_AFTER_OK = re.compile(
    r"\s*(?:$|[\n.,;:!?)\]]|(?:x+|lol|add|if|and|pls|please|ok|thanks|ta|babe|hun)\b)",
    re.IGNORECASE,
)


def _stands_alone(text: str, handle_end: str | None, end: int) -> bool:
    """A plain word after a cue is a handle only if the sentence ends there ("my snap is
    jessbakes." but not "my snap is down again"); a handle with @, digits, _ or . always is."""
    if handle_end is None or not handle_end.isalpha():
        return True
    return _AFTER_OK.match(text, end) is not None


def find_handles(text: str) -> list[HandleHit]:
    # Every pattern needs "@" or a platform word (the platform patterns end in a boundary).
    first_at = text.find("@")
    has_at = first_at >= 0
    has_platform = has_platform_word(text)
    if not has_at and not has_platform:
        return []
    return _find_handles(text, has_at, has_platform, True, first_at)


def find_handles_hinted(
    text: str, at_or_scheme: bool, platform_gate: bool, follow_gate: bool
) -> list[HandleHit]:
    """`find_handles`, told by the one candidate pass (`candidates.hints`) whether "@" or
    "://" occurs, whether a superset of the platform-word test holds, and whether a superset
    of `_FOLLOW_AT` matched: what did not hold is not searched for again."""
    has_at = at_or_scheme and "@" in text
    has_platform = platform_gate and has_platform_word(text)
    if not has_at and not has_platform:
        return []
    return _find_handles(text, has_at, has_platform, follow_gate, text.find("@"))


def reference_find_handles(text: str) -> list[HandleHit]:
    """Every pattern over the whole text: what `find_handles` must equal (tests, benchmark)."""
    if not re.search(rf"@|\b(?:{_PLATFORM})\b", text, re.IGNORECASE):
        return []
    return _find_handles(text, True, True)


def _find_handles(
    text: str, has_at: bool, has_platform: bool, may_follow: bool = True, first_at: int = 0
) -> list[HandleHit]:
    """Every pattern the flags allow; a bare "@handle" starts at its "@", so that search
    starts at `first_at` (the first "@", or 0), not necessarily at 0."""
    hits: list[HandleHit] = []

    def add(start: int, end: int, platform: str, handle: str, how: str) -> None:
        if any(start < h.end and h.start < end for h in hits):
            return
        hits.append(HandleHit(start, end, platform, normalise_handle(platform, handle), how))

    declared = _DECLARED.finditer(text) if has_platform else iter(())
    platform_first = _PLATFORM_FIRST.finditer(text) if has_platform else iter(())
    follow_at = _FOLLOW_AT.finditer(text) if has_at and may_follow else iter(())
    bare_at = _BARE_AT.finditer(text, max(0, first_at)) if has_at else iter(())
    for m in declared:
        if _plausible(m.group("handle"), bool(m.group("at"))) and _stands_alone(
            text, None if m.group("at") else m.group("handle"), m.end("handle")
        ):
            platform = normalise_platform(m.group("platform"))
            start = m.start("at") if m.group("at") else m.start("handle")
            add(
                start,
                m.end("handle"),
                platform,
                m.group("handle"),
                f"{platform} handle given as '{m.group(0).split()[0]} …'",
            )
    for m in platform_first:
        if _plausible(m.group("handle"), bool(m.group("at"))) and _stands_alone(
            text, None if m.group("at") else m.group("handle"), m.end("handle")
        ):
            platform = normalise_platform(m.group("platform"))
            start = m.start("at") if m.group("at") else m.start("handle")
            add(
                start,
                m.end("handle"),
                platform,
                m.group("handle"),
                f"{platform} handle after the platform name",
            )
    for m in follow_at:
        if _plausible(m.group("handle"), True):
            platform = _nearby_platform(text, m.start(), m.end()) or "social"
            add(
                m.start("at"),
                m.end("handle"),
                platform,
                m.group("handle"),
                "handle after 'follow/add me'",
            )
    for m in bare_at:
        near = _nearby_platform(text, m.start(), m.end()) if has_platform else None
        if near and _plausible(m.group("handle"), True):
            add(m.start(), m.end(), near, m.group("handle"), f"@handle next to the word '{near}'")
        elif near is None and plausible_bare_handle(m.group("handle")):
            add(m.start(), m.end(), "social", m.group("handle"), "@handle, no platform named")
    hits.sort(key=lambda h: h.start)
    return hits
