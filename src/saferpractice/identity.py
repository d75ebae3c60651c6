"""Normalisers shared by everyone: phone numbers, email addresses, social handles and URLs.

Every reader, detector, check and the school folder compares contact details through these
functions, so that `07700 900123`, `+44 7700 900123` and `07700.900.123` are one number and
`Pat.Smith@Example.COM` is one address. They are pure and never raise on bad text: a value
that cannot be normalised gives None (or an empty string, where the signature says so).

Two kinds of function, one canonical form:
- `canonical_*` (`canonical_phone`, `canonical_email`, `canonical_handle`, `canonical_url`)
  give the comparable form of text already judged to be that kind of detail: the detectors
  use them for what they emit, and lookups use them for what they are asked.
- `normalise_*` judge first (is this a plausible address, a valid number, a website?) and
  then give the same canonical form: the school folder's registers use them, so a bad cell
  is an error. `tests/detect/test_identity_agreement.py` proves that the detectors emit
  exactly what these functions make of the same text.

Ofcom's drama ranges (for example 07700 900000-900999 and 01632 960000-960999) are reserved
for fiction and test data. libphonenumber calls them invalid; we accept them deliberately, when
they are *possible* GB numbers, so that demo and test data can use them safely.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from urllib.parse import parse_qs, urlsplit

import phonenumbers

__all__ = [
    "PLATFORM_ALIASES",
    "canonical_email",
    "canonical_handle",
    "canonical_phone",
    "canonical_url",
    "is_drama_number",
    "normalise_email",
    "normalise_handle",
    "normalise_phone",
    "normalise_platform",
    "normalise_url_host",
    "normalise_website",
    "parse_social",
    "split_multi",
]

# National significant number prefixes of Ofcom's drama ranges (each covers 1,000 numbers).
DRAMA_PREFIXES: tuple[str, ...] = (
    "7700900",  # 07700 900xxx mobile
    "1134960",  # 0113 496 0xxx Leeds
    "1144960",  # 0114 496 0xxx Sheffield
    "1154960",  # 0115 496 0xxx Nottingham
    "1164960",  # 0116 496 0xxx Leicester
    "1174960",  # 0117 496 0xxx Bristol
    "1184960",  # 0118 496 0xxx Reading
    "1214960",  # 0121 496 0xxx Birmingham
    "1314960",  # 0131 496 0xxx Edinburgh
    "1414960",  # 0141 496 0xxx Glasgow
    "1514960",  # 0151 496 0xxx Liverpool
    "1614960",  # 0161 496 0xxx Manchester
    "2079460",  # 020 7946 0xxx London
    "1914980",  # 0191 498 0xxx Tyneside
    "2896496",  # 028 9649 6xxx Northern Ireland
    "2920180",  # 029 2018 0xxx Cardiff
    "1632960",  # 01632 960xxx no area
    "8081570",  # 0808 157 0xxx freephone
    "9098790",  # 0909 879 0xxx premium rate
    "3069990",  # 03069 990xxx UK-wide
)

MAX_PHONE_TEXT = 40  # longer text is not one phone number
_PHONE_CHARS = re.compile(r"^\+?[\d\s().\-/]+$")

_EMAIL_LOCAL = re.compile(r"^[^\s@<>(),;:\"\[\]\\]+$")
_DOMAIN_LABEL = re.compile(r"^(?!-)[\w-]{1,63}(?<!-)$")
MAX_EMAIL = 254

# Every name a platform goes by, to its canonical name: the only such table. The handle
# detector's cue words (detect/handles.py) are a subset of these keys.
PLATFORM_ALIASES: dict[str, str] = {
    "insta": "instagram",
    "ig": "instagram",
    "gram": "instagram",
    "instagram": "instagram",
    "fb": "facebook",
    "facebook": "facebook",
    "twitter": "x",
    "x": "x",
    "snap": "snapchat",
    "sc": "snapchat",
    "snapchat": "snapchat",
    "tiktok": "tiktok",
    "tik tok": "tiktok",
    "tik-tok": "tiktok",
    "linkedin": "linkedin",
    "youtube": "youtube",
    "discord": "discord",
    "kik": "kik",
    "telegram": "telegram",
    "twitch": "twitch",
    "reddit": "reddit",
    "bereal": "bereal",
    "roblox": "roblox",
    "xbox": "xbox",
    "psn": "psn",
    "steam": "steam",
    "threads": "threads",
}
# The host of a profile URL, to the platform it belongs to.
_PLATFORM_HOSTS: dict[str, str] = {
    "instagram.com": "instagram",
    "facebook.com": "facebook",
    "m.facebook.com": "facebook",
    "fb.com": "facebook",
    "twitter.com": "x",
    "x.com": "x",
    "tiktok.com": "tiktok",
    "snapchat.com": "snapchat",
    "linkedin.com": "linkedin",
    "youtube.com": "youtube",
}
# Characters each platform allows in a handle (after case-folding); others are dropped.
_HANDLE_CHARS: dict[str, re.Pattern[str]] = {
    "instagram": re.compile(r"[^a-z0-9._]"),
    "x": re.compile(r"[^a-z0-9_]"),
    "tiktok": re.compile(r"[^a-z0-9._]"),
    "snapchat": re.compile(r"[^a-z0-9._-]"),
    "facebook": re.compile(r"[^a-z0-9.]"),
}
_PLATFORM_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_OTHER_HANDLE_STRIP = re.compile(r"\s+")


# -- phone numbers -------------------------------------------------------------------------


def is_drama_number(e164: str) -> bool:
    """True for a number in one of Ofcom's GB drama ranges (E.164 input)."""
    if not e164.startswith("+44"):
        return False
    national = e164[3:]
    return len(national) == 10 and national.startswith(DRAMA_PREFIXES)


def _parse_phone(text: str, region: str) -> phonenumbers.PhoneNumber | None:
    cleaned = text.strip()
    if cleaned[:4].casefold() == "tel:":
        cleaned = cleaned[4:].strip()
    try:
        return phonenumbers.parse(cleaned, region)
    except phonenumbers.NumberParseException:
        return None


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def canonical_phone(text: str, region: str = "GB") -> str | None:
    """The E.164 form (`+447700900123`) of text already judged to be a phone number, or None
    if libphonenumber cannot parse it at all. National format is read in `region`."""
    number = _parse_phone(text, region)
    return None if number is None else _e164(number)


@functools.lru_cache(maxsize=1 << 16)
def normalise_phone(text: str, region: str = "GB") -> str | None:
    """`canonical_phone(text)`, or None if `text` is not a phone number we accept.

    National format is read in `region` (GB by default: `07xxx xxxxxx`, `0161 ...`); numbers
    in other countries need a `+` prefix. Spaces, dots, dashes, slashes and brackets are
    allowed, as is a `tel:` prefix and the British `+44 (0)` habit. Letters are not: vanity
    numbers are not contact details we can match.
    """
    cleaned = text.strip()
    if cleaned[:4].casefold() == "tel:":
        cleaned = cleaned[4:].strip()
    if not cleaned or len(cleaned) > MAX_PHONE_TEXT or not _PHONE_CHARS.match(cleaned):
        return None
    if sum(ch.isdigit() for ch in cleaned) < 7:
        return None
    number = _parse_phone(cleaned, region)
    if number is None:
        return None
    e164 = _e164(number)
    if phonenumbers.is_valid_number(number):
        return e164
    if is_drama_number(e164) and phonenumbers.is_possible_number(number):
        return e164
    return None


# -- email addresses -----------------------------------------------------------------------


def canonical_email(text: str) -> str:
    """The comparable form of an email address: no surrounding space, angle brackets or
    `mailto:`, NFC, case-folded, and no final dot on the domain. No judgement is made."""
    cleaned = text.strip()
    if cleaned[:7].casefold() == "mailto:":
        cleaned = cleaned[7:]
    if cleaned.startswith("<") and cleaned.endswith(">"):
        cleaned = cleaned[1:-1]
    cleaned = unicodedata.normalize("NFC", cleaned.strip()).casefold()
    local, at, domain = cleaned.rpartition("@")
    return f"{local}@{domain.rstrip('.')}" if at else cleaned


def normalise_email(text: str) -> str | None:
    """`canonical_email(text)`, or None if `text` is not a plausible address.

    The check is deliberately basic: one `@`, a local part without spaces or mail syntax
    characters, and a domain of at least two labels.
    """
    cleaned = canonical_email(text)
    if not cleaned or len(cleaned) > MAX_EMAIL or cleaned.count("@") != 1:
        return None
    local, domain = cleaned.split("@")
    if not local or not _EMAIL_LOCAL.match(local) or local.startswith(".") or ".." in local:
        return None
    labels = domain.split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL.match(label) for label in labels):
        return None
    if labels[-1].isdigit():
        return None
    return f"{local}@{domain}"


def email_domain(address: str) -> str:
    """The domain of a (normalised) address; empty if there is no `@`."""
    return address.rpartition("@")[2] if "@" in address else ""


# -- social handles ------------------------------------------------------------------------


def normalise_platform(name: str) -> str:
    """A platform's canonical name: `insta` -> `instagram`, `twitter` -> `x`, `fb` -> `facebook`.

    Unknown platforms are kept, case-folded and trimmed, so that a school can record any.
    """
    key = " ".join(name.casefold().split())
    return PLATFORM_ALIASES.get(key, key)


def _handle_from_url(text: str) -> tuple[str, str] | None:
    """(platform, handle) from a profile URL, or None if `text` is not one we know."""
    candidate = text if "//" in text else f"//{text}"
    try:
        parts = urlsplit(candidate)
        host = (parts.hostname or "").removeprefix("www.")
    except ValueError:
        return None
    platform = _PLATFORM_HOSTS.get(host)
    if platform is None:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if platform == "facebook" and segments[:1] == ["profile.php"]:
        ids = parse_qs(parts.query).get("id", [])
        return (platform, ids[0]) if ids else None
    if platform == "snapchat" and segments[:1] == ["add"]:
        segments = segments[1:]
    if platform == "linkedin" and segments[:1] == ["in"]:
        segments = segments[1:]
    if not segments:
        return None
    return platform, segments[0]


def normalise_handle(platform: str, handle: str) -> str:
    """A handle as stored for `platform`: no leading `@`, case-folded, only the characters
    that platform allows. A profile URL on that platform gives its handle. Empty if nothing
    usable remains.

    Instagram, X, TikTok and Snapchat handles are case-insensitive; Facebook usernames too,
    and a numeric `profile.php?id=` gives the id. Other platforms: trimmed, case-folded, no
    spaces.
    """
    name = normalise_platform(platform)
    text = unicodedata.normalize("NFKC", handle).strip()
    from_url = _handle_from_url(text) if ("/" in text or "." in text) else None
    if from_url is not None and from_url[0] == name:
        text = from_url[1]
    text = unicodedata.normalize("NFKC", text.lstrip("@").casefold())
    pattern = _HANDLE_CHARS.get(name)
    if pattern is not None:
        return pattern.sub("", text)
    # Removing spaces can leave combining marks next to letters: compose until stable.
    result = _OTHER_HANDLE_STRIP.sub("", text)
    for _ in range(4):
        again = _OTHER_HANDLE_STRIP.sub("", unicodedata.normalize("NFKC", result.casefold()))
        if again == result:
            break
        result = again
    return result


def canonical_handle(platform: str, handle: str) -> str:
    """`instagram:pat.smith`: the platform and handle in one comparable string."""
    name = normalise_platform(platform)
    return f"{name}:{normalise_handle(name, handle)}"


def parse_social(value: str) -> tuple[str, str]:
    """(platform, handle) from a `platform:handle` cell or a profile URL.

    `insta:@Pat.Smith` gives ("instagram", "pat.smith"). Raises ValueError, with a reason
    fit to show a person, if the cell names no platform or no handle.
    """
    text = value.strip()
    from_url = _handle_from_url(text) if "/" in text else None
    if from_url is not None:
        platform, handle = from_url
    else:
        platform, sep, handle = text.partition(":")
        if not sep:
            raise ValueError(f"'{text}' is not written platform:handle, e.g. instagram:@pat.smith")
    name = normalise_platform(platform)
    if not name:
        raise ValueError(f"'{text}' names no platform before ':'")
    if not _PLATFORM_NAME.match(name):
        raise ValueError(f"'{platform.strip()}' is not a platform name")
    normalised = normalise_handle(name, handle)
    if not normalised:
        raise ValueError(f"'{text}' has no usable {name} handle after ':'")
    return name, normalised


# -- web addresses -------------------------------------------------------------------------


_URL_SCHEME = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.\-]*:)?//")


def _split_url(url: str) -> tuple[str, str]:
    """(host, path) of a URL or bare host: host lower-case without `www.`, user, port or
    final dot; path case-folded (people type profile paths in any case, and the sites we
    meet ignore it), without query, fragment, empty segments or trailing slash.

    Written by hand rather than with urlsplit, which raises on text such as "a[.com" that a
    detector may still have to report."""
    body = _URL_SCHEME.sub("", url.strip(), count=1)
    body = re.split(r"[?#]", body, maxsplit=1)[0]
    netloc, _, path = body.partition("/")
    host = netloc.rpartition("@")[2]
    host = host.partition("]")[0] + "]" if host.startswith("[") else host.partition(":")[0]
    host = host.lower().rstrip(".").removeprefix("www.")
    path = "/".join(segment for segment in path.casefold().split("/") if segment)
    return host, path


def canonical_url(url: str) -> str:
    """`host/path` (or just `host`) of text already judged to be a web address; empty if no
    host can be read from it."""
    host, path = _split_url(url)
    if not host:
        return ""
    return f"{host}/{path}" if path else host


def normalise_url_host(url: str) -> str:
    """The host of a URL or bare host name, lower-case, without `www.`; empty if none."""
    return _split_url(url)[0]


def normalise_website(url: str) -> str | None:
    """`canonical_url(url)` as stored in the school folder, or None if `url` has no
    plausible host."""
    host = _split_url(url)[0]
    labels = host.split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL.match(label) for label in labels):
        return None
    return canonical_url(url)


def website_keys(url: str) -> list[str]:
    """The stored forms that could own `url`, most specific first: each path prefix of its
    host, then (path-less) each parent domain. Used for O(depth) ownership lookups."""
    host, path = _split_url(url)
    if not host:
        return []
    segments = path.split("/") if path else []
    keys = [f"{host}/{'/'.join(segments[:n])}" for n in range(len(segments), 0, -1)]
    keys.append(host)
    labels = host.split(".")
    keys.extend(".".join(labels[i:]) for i in range(1, len(labels) - 1))
    return keys


# -- cells ---------------------------------------------------------------------------------


def split_multi(cell: str) -> list[str]:
    """The values of a `;`-separated cell, trimmed, without empty items."""
    return [item.strip() for item in cell.split(";") if item.strip()]
