"""Lean, forgiving parsing of RFC 5322 header blocks and the values the mail reader needs.

The stdlib `email` package is thorough but slow (`policy.default` builds a header object per
field); the reader needs only a handful of fields, so it splits and unfolds header blocks
itself and decodes just those. Every function here returns a value plus warnings instead of
raising: header content is attacker-controlled.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone, tzinfo
from email.header import decode_header
from email.utils import getaddresses, parsedate_tz
from urllib.parse import unquote_to_bytes
from zoneinfo import ZoneInfo

from saferpractice.evidence.records import Address

LONDON = ZoneInfo("Europe/London")

_WHITESPACE = re.compile(r"\s+")


def head_and_body(buf: bytes, start: int, stop: int, max_head: int) -> tuple[int, int, bool]:
    """Where the header block of buf[start:stop] ends and its body starts, without copying.

    Returns (head_end, body_start, head_too_long). No blank line: all header. A header block
    longer than `max_head` bytes is cut at its last line break within the bound (the caller
    warns); the body still starts after the blank line.
    """
    if buf.startswith(b"\n", start) or buf.startswith(b"\r\n", start):
        return start, start + (1 if buf[start] == 0x0A else 2), False
    head_end, body_start = _blank_line(buf, start, stop)
    if head_end - start <= max_head:
        return head_end, body_start, False
    cut = buf.rfind(b"\n", start, start + max_head)
    return (start + max_head if cut < 0 else cut), body_start, True


def _blank_line(buf: bytes, start: int, stop: int) -> tuple[int, int]:
    """The first blank line (LF or CRLF) in buf[start:stop]: (its start, the byte after it).

    Searched in growing windows, so that finding a short header block never scans the whole
    rest of a large message for the line-ending style it does not use.
    """
    window = 4096
    while True:
        end = min(stop, start + window)
        lf = buf.find(b"\n\n", start, end)
        crlf = buf.find(b"\n\r\n", start, end if lf < 0 else lf + 1)
        if crlf >= 0:
            found, after = crlf, crlf + 3
            break
        if lf >= 0:
            found, after = lf, lf + 2
            break
        if end >= stop:
            return stop, stop
        window *= 4
    if found > start and buf[found - 1] == 0x0D:
        found -= 1
    return found, after


_FIELD = re.compile(rb"^([!-9;-~]+)[ \t]*:([^\n]*(?:\n[ \t][^\n]*)*)", re.M)


def parse_headers(head: bytes, warnings: list[str]) -> tuple[dict[str, list[str]], int | None]:
    """Parse a header block into lower-cased names and unfolded values.

    A line that is neither a header nor a continuation ends the block (as in the stdlib
    feedparser); its offset in `head` is returned (else None) so that the caller reads the
    bytes from there on as body. Works on the bytes as given (CRLF or LF line ends).
    """
    headers: dict[str, list[str]] = {}
    text_of = _line_decoder(head, warnings)
    pos = 0
    for match in _FIELD.finditer(head):
        if match.start() != pos:
            stray = _stray_line(head, pos, match.start())
            if stray is not None:
                return _spill(headers, stray, warnings)
        name = match.group(1).decode("ascii").lower()
        value = match.group(2)
        if b"\n" in value:
            value = value.replace(b"\r\n", b"\n").replace(b"\n", b" ")
        headers.setdefault(name, []).append(text_of(value).strip())
        pos = match.end() + 1
    if pos < len(head):
        stray = _stray_line(head, pos, len(head))
        if stray is not None:
            return _spill(headers, stray, warnings)
    return headers, None


def _stray_line(head: bytes, start: int, end: int) -> int | None:
    """The offset of the first line in head[start:end] that is not ignorable, if any."""
    for line in head[start:end].split(b"\n"):
        ignorable = (
            not line.strip()
            or line[:1] in (b" ", b"\t")  # a continuation with nothing to continue
            or (start == 0 and line.startswith(b"From "))  # an mbox "From " line on an .eml
        )
        if not ignorable:
            return start
        start += len(line) + 1
    return None


def _spill(
    headers: dict[str, list[str]], stray: int, warnings: list[str]
) -> tuple[dict[str, list[str]], int]:
    warnings.append("a header line has no field name; the rest was read as body")
    return headers, stray


def _line_decoder(head: bytes, warnings: list[str]) -> Callable[[bytes], str]:
    """Decode header lines: ASCII fast; else UTF-8 per line, Windows-1252 where that fails."""
    if head.isascii():
        return _ascii

    def decode(line: bytes) -> str:
        try:
            return line.decode("utf-8")
        except UnicodeDecodeError:
            text, encoding = best_effort(line)
            warnings.append(f"header bytes are not valid UTF-8; decoded as {encoding}")
            return text

    return decode


def _ascii(line: bytes) -> str:
    return line.decode("ascii")


def first(headers: dict[str, list[str]], name: str) -> str:
    found = headers.get(name)
    return found[0] if found else ""


def decode_words(value: str, warnings: list[str]) -> str:
    """Decode RFC 2047 encoded words and collapse folding whitespace."""
    if "=?" not in value:
        return _WHITESPACE.sub(" ", value).strip()
    try:
        pieces = decode_header(value)
    except Exception as error:  # email.errors.HeaderParseError, binascii and codec errors
        warnings.append(f"an encoded header could not be decoded ({error}); kept as written")
        return _WHITESPACE.sub(" ", value).strip()
    out: list[str] = []
    for piece, charset in pieces:
        if isinstance(piece, str):
            out.append(piece)
        else:
            out.append(decode_text(piece, charset, warnings, "an encoded header"))
    return _WHITESPACE.sub(" ", "".join(out)).strip()


def decode_text(data: bytes, charset: str | None, warnings: list[str], what: str) -> str:
    """Decode text in its declared charset; fall back to UTF-8, then Windows-1252, and say so."""
    name = (charset or "").strip().strip('"').lower()
    name = CHARSET_ALIASES.get(name, name)
    if name and name not in ("us-ascii", "ascii", "unknown-8bit", "x-unknown"):
        try:
            return data.decode(name)
        except UnicodeDecodeError:
            try:
                text = data.decode(name, "replace")
            except (LookupError, ValueError, TypeError):
                warnings.append(f"{what} is not valid {name[:40]!r}")
            else:
                warnings.append(f"{what} is not valid {name[:40]}; undecodable bytes replaced")
                return text
        except (LookupError, ValueError, TypeError):
            # Unknown names, names with NUL bytes, bytes-to-bytes codecs such as "zlib".
            warnings.append(f"{what} declares an unknown charset {name[:40]!r}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        text, encoding = best_effort(data)
        label = f"declared {name}" if name else "with no charset"
        warnings.append(f"{what} ({label}) is not valid UTF-8; decoded as {encoding}")
        return text


# Labels that mail software writes for a smaller charset than it really uses. As browsers do
# (the WHATWG Encoding Standard), read them as the superset, so that characters outside the
# declared set (common in Chinese and Korean mail, and "smart quotes" in "Latin-1") survive.
CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "csgb2312": "gb18030",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",  # 8-bit bytes under an ASCII label are almost always Windows-1252
    "ascii": "cp1252",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "shift_jis": "cp932",
    "x-sjis": "cp932",
    "iso-8859-8-i": "iso-8859-8",
}


def best_effort(data: bytes) -> tuple[str, str]:
    """Mostly-UTF-8 bytes (say, a truncated character) stay UTF-8; otherwise Windows-1252."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    if bad * 4 <= non_ascii:
        return text, "UTF-8 with undecodable bytes replaced"
    return data.decode("cp1252", "replace"), "Windows-1252"


_PARAM = re.compile(
    r"""\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)\s*;?""",
    re.S,
)
_CONTINUED = re.compile(r"^(.+)\*(\d{1,4})(\*?)$")


def parse_params(value: str, warnings: list[str]) -> tuple[str, dict[str, str]]:
    """Split 'type/sub; a=1; b="two"' into the lower-cased main value and its parameters.

    Handles RFC 2231 (charset'lang'percent-encoded, and name*0*= continuations) and RFC 2047
    encoded words inside quoted values, which mail clients use for attachment names.
    """
    main, _, rest = value.partition(";")
    params: dict[str, str] = {}
    continued: dict[str, dict[int, tuple[str, bool]]] = {}
    for match in _PARAM.finditer(rest):
        key = match.group(1).lower()
        raw = match.group(2).strip()
        if raw.startswith('"'):
            raw = raw[1:-1] if raw.endswith('"') and len(raw) > 1 else raw[1:]
            raw = re.sub(r"\\(.)", r"\1", raw)
        part = _CONTINUED.match(key)
        if part:
            continued.setdefault(part.group(1), {})[int(part.group(2))] = (raw, bool(part.group(3)))
        elif key.endswith("*"):
            params[key[:-1]] = _rfc2231(raw, True, warnings)
        else:
            params.setdefault(key, raw)
    for key, sections in continued.items():
        ordered = [sections[index] for index in sorted(sections)]
        encoded = ordered[0][1]
        joined = "".join(text for text, _ in ordered)
        params[key] = _rfc2231(joined, encoded, warnings)
    for key in ("name", "filename"):
        if key in params and "=?" in params[key]:
            params[key] = decode_words(params[key], warnings)
    return main.strip().lower(), params


def _rfc2231(value: str, encoded: bool, warnings: list[str]) -> str:
    if not encoded:
        return value
    charset, sep, rest = value.partition("'")
    if not sep:
        return unquote_to_bytes(value).decode("utf-8", "replace")
    _lang, _, text = rest.partition("'")
    return decode_text(unquote_to_bytes(text), charset or "utf-8", warnings, "a parameter")


def parse_addresses(values: list[str], warnings: list[str]) -> tuple[Address, ...]:
    """Parse address headers; emails are case-folded, display names decoded.

    Beyond what `email.utils.getaddresses` does, two shapes of real mail are read as their
    senders meant, with a warning: a display name that is itself an address
    (`alice@example.com <bob@example.com>`, Outlook's habit and the usual shape of spoofing:
    the address is bob's, and the warning says the name claims alice's) and the mailing-list
    archive spelling `andy at example.com`.
    """
    if not values:
        return ()
    found: list[Address] = []
    try:
        pairs = _simple_addresses(values)
        if pairs is None:
            pairs = _careful_addresses(values, warnings)
    except Exception as error:  # the stdlib parser is old and has raised on odd input
        warnings.append(f"an address header could not be parsed ({error})")
        return ()
    for name, email in pairs:
        email = email.strip()
        if not email:
            if name:
                warnings.append(f"an address has no email part: {name[:80]!r}")
            continue
        display = decode_words(name, warnings) if name else ""
        _warn_if_name_claims_another_address(display, email, warnings)
        found.append(Address(email.casefold(), display))
    return tuple(found)


_ADDR = r"[^<>\s@,;:\"()\[\]\\]+@[^<>\s@,;:\"()\[\]\\]+"
_SIMPLE_ADDRESS = re.compile(rf"\s*(?:([^<>,;:\"()\[\]\\@]*?)\s*<({_ADDR})>|({_ADDR}))\s*")
_NAME_IS_ADDRESS = re.compile(r'\s*"?([^<>"]*@[^<>"]*?)"?\s*<([^<>]*)>\s*')
_ARCHIVE_AT = re.compile(r"([^\s@<>\"(),;:]+) at ((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,63})")
_ARCHIVE_ITEM = re.compile(
    rf"\s*(?:([^<>\"]*?)\s*<{_ARCHIVE_AT.pattern}>|{_ARCHIVE_AT.pattern}"
    r"\s*(?:\((.*)\))?)\s*"
)
_EMBEDDED_ADDRESS = re.compile(_ADDR)


def _simple_addresses(values: list[str]) -> list[tuple[str, str]] | None:
    """The common 'Name <a@b>, c@d' shape without the stdlib parser's cost; None if unusual."""
    pairs: list[tuple[str, str]] = []
    for value in values:
        if '"' in value or "(" in value:
            return None
        for item in value.split(","):
            if not item.strip():
                continue
            match = _SIMPLE_ADDRESS.fullmatch(item)
            if match is None:
                return None
            if match.group(3):
                pairs.append(("", match.group(3)))
            else:
                pairs.append((match.group(1), match.group(2)))
    return pairs


def _careful_addresses(values: list[str], warnings: list[str]) -> list[tuple[str, str]]:
    """Item by item: the two real-mail shapes first, then `getaddresses` for the rest."""
    pairs: list[tuple[str, str]] = []
    for value in values:
        for item in split_address_list(value):
            named = _NAME_IS_ADDRESS.fullmatch(item)
            if named is not None and "@" in named.group(2):
                pairs.append((named.group(1).strip(), named.group(2).strip()))
                continue
            archive = _ARCHIVE_ITEM.fullmatch(item)
            if archive is not None:
                name, local, domain = archive.group(1), archive.group(2), archive.group(3)
                if local is None:
                    name, local, domain = archive.group(6), archive.group(4), archive.group(5)
                email = f"{local}@{domain}"
                warnings.append(
                    f"the archive-style address {local[:40]} at {domain[:60]} was read as {email}"
                )
                pairs.append(((name or "").strip(), email))
                continue
            pairs.extend(getaddresses([item]))
    return pairs


# The only characters that change the splitter's state; it jumps from one to the next (in C)
# instead of looking at every character. A backslash takes the next character with it.
_ADDRESS_SPECIAL = re.compile(r'\\.|[\\"()<>,]', re.DOTALL)


def split_address_list(value: str) -> list[str]:
    """Split an address header at its top-level commas (not inside quotes, <> or comments)."""
    items: list[str] = []
    depth_angle = depth_paren = 0
    quoted = False
    start = 0
    for special in _ADDRESS_SPECIAL.finditer(value):
        char = special.group()
        if char[0] == "\\":
            continue  # an escaped character, or a backslash at the very end
        if quoted:
            quoted = char != '"'
        elif char == '"':
            quoted = True
        elif char == "(":
            depth_paren += 1
        elif char == ")":
            depth_paren = max(0, depth_paren - 1)
        elif char == "<":
            depth_angle += 1
        elif char == ">":
            depth_angle = max(0, depth_angle - 1)
        elif not depth_angle and not depth_paren:  # a comma
            items.append(value[start : special.start()])
            start = special.end()
    items.append(value[start:])
    return [item for item in items if item.strip()]


def _warn_if_name_claims_another_address(display: str, email: str, warnings: list[str]) -> None:
    claimed = _EMBEDDED_ADDRESS.search(display) if "@" in display else None
    if claimed is not None and claimed.group(0).strip("'\"").casefold() != email.casefold():
        warnings.append(
            f"the display name {display[:80]!r} is itself an address, but the real address "
            f"is {email[:80]}: the usual shape of a spoofed sender"
        )


_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
}
_ZONES = {
    "ut": 0,
    "utc": 0,
    "gmt": 0,
    "z": 0,
    "edt": -4,
    "est": -5,
    "cdt": -5,
    "cst": -6,
    "mdt": -6,
    "mst": -7,
    "pdt": -7,
    "pst": -8,
    "bst": 1,
}
_DATE = re.compile(
    r"(?:[A-Za-z]+,?\s+)?(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{2,4})\s+"
    r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([+-]\d{4}|[A-Za-z]{1,5})?"
)
# "Wed Aug 24 10:15:30 +0000 2022" or "Thu Jan  1 00:00:00 2020" (mbox From lines, asctime).
_ASCTIME = re.compile(
    r"[A-Za-z]{3}\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"\s+(?:([+-]\d{4}|[A-Za-z]{1,5})\s+)?(\d{4})"
)


def parse_date(value: str, warnings: list[str], what: str = "the Date header") -> datetime | None:
    """An aware datetime; a date without a zone is taken as Europe/London, with a warning."""
    value = value.strip()
    if not value:
        return None
    fields: tuple[int, int, int, int, int, int, str | None] | None = None
    match = _DATE.search(value)
    if match and match.group(2).lower() in _MONTHS:
        day, month, year = int(match.group(1)), _MONTHS[match.group(2).lower()], match.group(3)
        fields = (
            _full_year(year),
            month,
            day,
            int(match.group(4)),
            int(match.group(5)),
            int(match.group(6) or 0),
            match.group(7),
        )
    else:
        asc = _ASCTIME.search(value)
        if asc and asc.group(1).lower() in _MONTHS:
            fields = (
                int(asc.group(7)),
                _MONTHS[asc.group(1).lower()],
                int(asc.group(2)),
                int(asc.group(3)),
                int(asc.group(4)),
                int(asc.group(5) or 0),
                asc.group(6),
            )
        else:
            try:
                loose = parsedate_tz(value)
            except (ValueError, IndexError, OverflowError):
                loose = None
            if loose is not None:
                numeric = re.search(r"[+-]\d{4}", value)
                fields = (*loose[:6], numeric.group(0) if numeric else None)
    if fields is None:
        warnings.append(f"{what} is not a date: {value[:80]!r}")
        return None
    year, month, day, hour, minute, second, zone_text = fields
    zone = _zone(zone_text)
    if zone is None:
        warnings.append(f"{what} has no timezone; taken as Europe/London")
        zone = LONDON
    try:
        if second == 60:
            second = 59  # a leap second
        return datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except (ValueError, OverflowError):
        warnings.append(f"{what} is out of range: {value[:80]!r}")
        return None


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        return year + (2000 if year < 50 else 1900)
    if len(text) == 3:
        return year + 1900
    return year


def _zone(text: str | None) -> tzinfo | None:
    if not text:
        return None
    if text[0] in "+-":
        minutes = int(text[1:3]) * 60 + int(text[3:5])
        if minutes >= 24 * 60:
            return None
        return timezone(timedelta(minutes=-minutes if text[0] == "-" else minutes))
    hours = _ZONES.get(text.lower())
    if hours is None:
        return None
    return timezone(timedelta(hours=hours))
