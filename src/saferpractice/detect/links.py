"""Email addresses and web addresses, plain and obfuscated ("name at gmail dot com").

Bare domains ("example.co.uk") are recognised with a small embedded list of top-level
domains; nothing is downloaded. Top-level domains that are also English words or file
extensions (.it, .me, .is, .py, .zip) count only after `http://` or `www.`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from saferpractice.identity import canonical_email, canonical_url

# Country and generic TLDs common in UK school mail, the ones in the presidio set, and
# link shorteners. Deliberately small: recall on exotic TLDs matters less than precision.
BARE_TLDS = frozenset(
    [
        "com",
        "org",
        "net",
        "edu",
        "gov",
        "uk",
        "info",
        "biz",
        "app",
        "dev",
        "xyz",
        "online",
        "site",
        "shop",
        "blog",
        "store",
        "tech",
        "cloud",
        "live",
        "io",
        "ly",
        "gl",
        "tv",
        "fm",
        "gg",
        "co",
        "eu",
        "ie",
        "de",
        "fr",
        "es",
        "nl",
        "se",
        "dk",
        "fi",
        "ch",
        "pl",
        "cz",
        "si",
        "sk",
        "hu",
        "ro",
        "bg",
        "gr",
        "pt",
        "hr",
        "lt",
        "lv",
        "ee",
        "au",
        "nz",
        "ca",
        "br",
        "mx",
        "ar",
        "cl",
        "jp",
        "cn",
        "kr",
        "hk",
        "sg",
        "tw",
        "ru",
        "ua",
        "za",
        "ng",
        "ke",
        "ae",
        "sa",
        "tr",
        "il",
        "ir",
        "pk",
        "lk",
        "ph",
        "vn",
        "th",
        "my",
        "id",
    ]
) - {"my", "id"}
WORD_TLDS = frozenset(
    [
        "me",
        "it",
        "is",
        "in",
        "at",
        "to",
        "be",
        "us",
        "no",
        "so",
        "do",
        "am",
        "an",
        "as",
        "go",
        "by",
        "ai",
        "py",
        "sh",
        "md",
        "rs",
        "ps",
        "zip",
        "mov",
        "pdf",
    ]
)
UK_SECOND_LEVEL = frozenset(
    ["co", "org", "ac", "sch", "gov", "nhs", "police", "me", "ltd", "plc", "net", "mod"]
)
MAIL_PROVIDERS = frozenset(
    [
        "gmail",
        "googlemail",
        "hotmail",
        "outlook",
        "live",
        "msn",
        "yahoo",
        "ymail",
        "icloud",
        "me",
        "mac",
        "aol",
        "btinternet",
        "btopenworld",
        "sky",
        "talktalk",
        "virginmedia",
        "ntlworld",
        "blueyonder",
        "protonmail",
        "proton",
        "pm",
        "tutanota",
        "gmx",
        "mail",
        "zoho",
        "yandex",
    ]
)

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(
    rf"(?<![\w.+\-%])[A-Za-z0-9][A-Za-z0-9._%+\-]{{0,63}}@(?:{_LABEL}\.)+[A-Za-z]{{2,24}}(?![\w\-])"
)
_AT = r"(?:\s*[\[\(\{<]\s*(?:at|@)\s*[\]\)\}>]\s*|\s+at\s+|\s*@\s*)"
_DOT = r"(?:\s*[\[\(\{<]\s*dot\s*[\]\)\}>]\s*|\s+dot\s+|\.)"
# A "dot" written as a word inside the local part ("owain dot boateng at ..."). Bounded, so
# that the longest local part (and so the fast path's look-back) is bounded too.
_LOCAL_DOT = (
    r"(?:[ \t]{0,2}[\[\(\{<][ \t]{0,2}dot[ \t]{0,2}[\]\)\}>][ \t]{0,2}|[ \t]{1,2}dot[ \t]{1,2})"
)
_LOCAL_PIECE = r"[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}?"
_LOCAL_DOTS = 3
_OBFUSCATED_EMAIL = re.compile(
    rf"(?<![\w.+\-%'’])(?P<local>{_LOCAL_PIECE}(?:{_LOCAL_DOT}{_LOCAL_PIECE}){{0,{_LOCAL_DOTS}}}?)"
    rf"{_AT}(?P<domain>{_LABEL}(?:{_DOT}{_LABEL}){{1,4}})(?![\w\-])",
    re.IGNORECASE,
)
_SCHEME_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'`]+", re.IGNORECASE)
_WWW_URL = re.compile(rf"(?<![\w.@/\-])www\.(?:{_LABEL}\.)+[A-Za-z]{{2,24}}(?:/[^\s<>\"'`]*)?")
_BARE_URL = re.compile(
    rf"(?<![\w.@/\-])(?P<host>(?:{_LABEL}\.)+(?P<tld>[A-Za-z]{{2,24}}))(?![\w@\-])"
    r"(?P<path>/[^\s<>\"'`]*)?"
)
_TRAILING = ".,;:!?'\")]}>"
_DOT_SPLIT = re.compile(r"\s*[\[\(\{<]\s*dot\s*[\]\)\}>]\s*|\s+dot\s+|\.", re.IGNORECASE)
_DOT_WORD = re.compile(r"\bdot\b", re.IGNORECASE)
_AT_WORD = re.compile(r"\bat\b", re.IGNORECASE)
# Necessary parts of an obfuscated address: the "at", a label, a "dot" and a letter or digit.
_OBFUSCATED_CORE = re.compile(rf"{_AT}{_LABEL}{_DOT}[A-Za-z0-9]", re.IGNORECASE)
# Every character a local part can hold: its pieces and its written dots (" dot ", "[dot]").
# ASCII only: a text with a character that case-folds to an ASCII letter never takes the
# hinted path that uses this (candidates.hints).
_LOCAL_CHARS = re.compile(r"[A-Za-z0-9._%+\-\t \[\](){}<>]*")
# Longest local part: four pieces of 64 characters and three bracketed dots of 13.
_LONGEST_LOCAL = 64 * (_LOCAL_DOTS + 1) + 13 * _LOCAL_DOTS
# Every web address holds "://" or a letter or digit, a dot and a letter (the last dot of
# its host); "www." and bare domains always do.
_DOTTED = re.compile(r"[A-Za-z0-9]\.[A-Za-z]")


@dataclass(frozen=True, slots=True)
class WebHit:
    kind: str  # email | url
    start: int
    end: int
    value: str  # identity.canonical_email or identity.canonical_url of the text
    how: str
    obfuscated: bool


def _strip_trailing(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING:
        # keep a closing bracket that has its opening partner inside the URL
        if text[end - 1] == ")" and text[start:end].count("(") >= text[start:end].count(")"):
            break
        end -= 1
    return end


def _tld_ok(host: str, tld: str) -> bool:
    tld_l = tld.lower()
    if tld_l not in BARE_TLDS:
        return False
    if not (tld.islower() or tld.isupper()):
        return False  # "home.It" is a missing space, not a domain
    labels = host.lower().split(".")
    return len(labels) >= 2 and any(ch.isalpha() for ch in labels[-2])


# Longest local part of a plain address: a match starts at most this far before an "@".
_LONGEST_PLAIN_LOCAL = 64


def find_emails(text: str) -> list[WebHit]:
    """Plain addresses. The search starts `_LONGEST_PLAIN_LOCAL` characters before the first
    "@" (every match holds an "@" that far from its start; Python's `pos` keeps the
    look-behind), not at 0: the same matches as `reference_find_emails`."""
    first_at = text.find("@")
    if first_at < 0:
        return []
    return _email_hits(_EMAIL.finditer(text, max(0, first_at - _LONGEST_PLAIN_LOCAL)))


def reference_find_emails(text: str) -> list[WebHit]:
    """The whole-text scan that `find_emails` must equal (tests, benchmark)."""
    if "@" not in text:
        return []
    return _email_hits(_EMAIL.finditer(text))


def _email_hits(matches: Iterator[re.Match[str]]) -> list[WebHit]:
    return [
        WebHit("email", m.start(), m.end(), canonical_email(m.group(0)), "email address", False)
        for m in matches
    ]


def _search_near_an_at(text: str, pos: int) -> re.Match[str] | None:
    """`_OBFUSCATED_EMAIL.search(text, pos)`, searching only near an "at".

    A match starts at most _LONGEST_LOCAL characters before its "at" part, and the "at"
    part begins a match of _OBFUSCATED_CORE, so searching from the first core match less
    that distance misses no match and finds the same leftmost one.
    """
    core = _OBFUSCATED_CORE.search(text, pos)
    if core is None:
        return None
    return _OBFUSCATED_EMAIL.search(text, max(pos, core.start() - _LONGEST_LOCAL))


def find_obfuscated_emails(text: str, taken: list[tuple[int, int]]) -> list[WebHit]:
    if "@" not in text and not _AT_WORD.search(text):
        return []
    return _obfuscated_hits(text, taken, _search_near_an_at)


def find_obfuscated_emails_at(
    text: str, taken: list[tuple[int, int]], cores: list[tuple[int, int]]
) -> list[WebHit]:
    """`find_obfuscated_emails`, given the (start, end) spans, in end order, that the one
    candidate pass reports for a superset of `_OBFUSCATED_CORE` (`candidates.hints`).

    Every core match starting at or after `pos` ends after `pos`, and some reported span
    with that end starts no later than it. So the smallest start among the spans that end
    after `pos` is at most the first core match's start: searching for an address from that
    many characters before it (as `_search_near_an_at` does from the core match itself) finds
    the same leftmost address, and with no such span there is no core match and no address.
    """
    if not cores:
        return []
    ends = [end for _start, end in cores]
    lowest = [start for start, _end in cores]
    for i in range(len(lowest) - 2, -1, -1):  # the smallest start from i on
        lowest[i] = min(lowest[i], lowest[i + 1])

    def search(text: str, pos: int) -> re.Match[str] | None:
        first = bisect_right(ends, pos)
        if first == len(ends):
            return None
        bound = max(pos, lowest[first])
        low = max(pos, bound - _LONGEST_LOCAL)
        # A local part is made of _LOCAL_CHARS only and ends where its "at" begins, at or
        # after `bound`; so it cannot start before the run of those characters that ends
        # at `bound` (read reversed in one match).
        run = _LOCAL_CHARS.match(text[low:bound][::-1])
        return _OBFUSCATED_EMAIL.search(text, bound - run.end() if run else low)

    return _obfuscated_hits(text, taken, search)


def reference_find_obfuscated_emails(text: str, taken: list[tuple[int, int]]) -> list[WebHit]:
    """The full-text scan that `find_obfuscated_emails` must equal (tests, benchmark)."""
    if "@" not in text and not _AT_WORD.search(text):
        return []
    return _obfuscated_hits(text, taken, _OBFUSCATED_EMAIL.search)


def _obfuscated_hits(
    text: str,
    taken: list[tuple[int, int]],
    search: Callable[[str, int], re.Match[str] | None],
) -> list[WebHit]:
    """Accepted candidates, left to right. A rejected candidate does not hide a later one
    that starts inside it: in "write to me at pat.smith78 at gmail dot com" the candidate
    "me at pat.smith78" fails (no known top-level domain) and the search resumes after "m".
    """
    hits: list[WebHit] = []
    pos = 0
    while pos <= len(text):
        m = search(text, pos)
        if m is None:
            break
        hit = _obfuscated_hit(text, taken, m)
        if hit is None:
            pos = m.start() + 1
        else:
            hits.append(hit)
            pos = m.end()
    return hits


def _obfuscated_hit(text: str, taken: list[tuple[int, int]], m: re.Match[str]) -> WebHit | None:
    if any(m.start() < e and s < m.end() for s, e in taken):
        return None
    raw_at = text[m.end("local") : m.start("domain")]
    local_raw = m.group("local")
    domain_raw = m.group("domain")
    labels = _DOT_SPLIT.split(domain_raw)
    if labels[-1].lower() not in BARE_TLDS:
        return None
    dot_words = bool(_DOT_WORD.search(domain_raw) or _DOT_WORD.search(local_raw))
    bracketed = bool(re.search(r"[\[\(\{<]", raw_at))
    word_at = not bracketed and "@" not in raw_at
    if word_at and not dot_words and labels[0].lower() not in MAIL_PROVIDERS:
        return None  # "look at bbc.co.uk" is a web address, not an email
    if raw_at == "@" and not dot_words:
        return None  # a plain address: find_emails has it
    local = ".".join(_DOT_SPLIT.split(local_raw))
    value = canonical_email(f"{local}@{'.'.join(labels)}")
    parts = ["'[at]'" if bracketed else "'at'" if word_at else "spaces around '@'"]
    if dot_words:
        parts.append("'dot'")
    how = "email written with " + " and ".join(parts)
    return WebHit("email", m.start(), m.end(), value, how, True)


def find_urls(text: str, taken: list[tuple[int, int]]) -> list[WebHit]:
    if "." not in text:
        return []
    scheme = "://" in text
    if not scheme and not _DOTTED.search(text):
        return []
    return _find_urls(text, taken, scheme, "www." in text)


def find_urls_from(
    text: str, taken: list[tuple[int, int]], scheme: bool, host_start: int | None
) -> list[WebHit]:
    """`find_urls`, told by the one candidate pass (`candidates.hints`) whether "://" may
    occur and the leftmost start of any "label.label…xx" (a superset of the host part that
    every "www." and bare address begins with), or None when there is none: the "www." and
    bare patterns search from there (Python's `pos` keeps their look-behind), not from 0."""
    if "." not in text:
        return []
    scheme = scheme and "://" in text
    if not scheme and host_start is None:
        return []
    return _find_urls(text, taken, scheme, host_start is not None and "www." in text, host_start)


def reference_find_urls(text: str, taken: list[tuple[int, int]]) -> list[WebHit]:
    """Every pattern over the whole text: what `find_urls` must equal (tests, benchmark)."""
    if "." not in text:
        return []
    return _find_urls(text, taken, True, True)


def _find_urls(
    text: str,
    taken: list[tuple[int, int]],
    scheme: bool,
    www: bool,
    host_start: int | None = 0,
) -> list[WebHit]:
    hits: list[WebHit] = []
    spans = list(taken)

    def add(start: int, end: int, how: str) -> None:
        end = _strip_trailing(text, start, end)
        if end <= start or any(start < e and s < end for s, e in spans):
            return
        raw = text[start:end]
        value = canonical_url(raw)
        if "." not in value.split("/")[0]:
            return
        spans.append((start, end))
        hits.append(WebHit("url", start, end, value, how, False))

    if scheme:
        for m in _SCHEME_URL.finditer(text):
            add(m.start(), m.end(), "web address")
    if host_start is None:  # no host anywhere: neither pattern below can match
        hits.sort(key=lambda h: h.start)
        return hits
    if www:
        for m in _WWW_URL.finditer(text, host_start):
            add(m.start(), m.end(), "web address starting www.")
    for m in _BARE_URL.finditer(text, host_start):
        host, tld = m.group("host"), m.group("tld")
        labels = host.lower().split(".")
        if len(labels) >= 3 and labels[-1] == "uk" and labels[-2] in UK_SECOND_LEVEL:
            add(m.start(), m.end(), "UK domain name")
        elif _tld_ok(host, tld):
            add(m.start(), m.end(), "domain name")
    hits.sort(key=lambda h: h.start)
    return hits
