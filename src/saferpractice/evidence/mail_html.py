"""Fast HTML-to-text for mail bodies.

A handful of compiled regular expressions rather than a DOM: mail HTML is often broken, and
the checks need the words and the line breaks, not the layout. Script, style, head and
comments are dropped; block elements become line breaks; entities are unescaped. Text inside
<blockquote> (how webmail quotes reply history) is prefixed with "> " so that the quote
finder marks it like a plain-text quote.
"""

from __future__ import annotations

import html
import re

_DROP = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|head|title|xml)\b[^<>]*>.*?(?:</\1\s*>|$)",
    re.S | re.I,
)
# White space is made plain spaces by str.translate and then runs of spaces are collapsed,
# which is several times faster than one regular expression over every run.
_TO_SPACE = str.maketrans("\t\r\n\f\v", "     ")
_LINE_TO_SPACE = str.maketrans("\t\u00a0", "  ")
_SPACES = re.compile(r"  +")
_QUOTE = re.compile(r"<(/?)blockquote\b[^<>]*>", re.I)
_BREAK = re.compile(
    r"<(?:br|hr)\b[^<>]*>|</?(?:p|div|tr|table|h[1-6]|ul|ol|dl|dt|dd|pre|section|article|"
    r"header|footer|center|address)\b[^<>]*>",
    re.I,
)
_ITEM = re.compile(r"<li\b[^<>]*>", re.I)
_CELL = re.compile(r"</t[dh]\s*>", re.I)
_TAG = re.compile(r"<[a-zA-Z/!?][^<>]*>?")
_MANY_BREAKS = re.compile(r"\n{3,}")
_QUOTE_OPEN = "\x00q+\x00"
_QUOTE_CLOSE = "\x00q-\x00"


def html_to_text(markup: str) -> str:
    """Convert mail HTML to plain text, keeping paragraphs and list items on their own lines."""
    markup = markup.replace("\x00", "")
    markup = _DROP.sub(" ", markup)
    markup = _one_space(markup.translate(_TO_SPACE))
    has_quotes = "lockquote" in markup or "LOCKQUOTE" in markup
    if has_quotes:
        markup = _QUOTE.sub(lambda m: f"\n{_QUOTE_CLOSE if m.group(1) else _QUOTE_OPEN}\n", markup)
    markup = _BREAK.sub("\n", markup)
    markup = _ITEM.sub("\n- ", markup)
    markup = _CELL.sub(" ", markup)
    markup = _TAG.sub("", markup)
    text = html.unescape(markup).replace("\x00", "") if not has_quotes else _unescape(markup)
    lines = [line.strip() for line in _one_space(text.translate(_LINE_TO_SPACE)).split("\n")]
    if has_quotes:
        lines = _prefix_quotes(lines)
    text = "\n".join(lines)
    return (_MANY_BREAKS.sub("\n\n", text) if "\n\n\n" in text else text).strip()


def _one_space(text: str) -> str:
    return _SPACES.sub(" ", text) if "  " in text else text


def _unescape(markup: str) -> str:
    # Unescape between the markers so that an entity can never forge one.
    pieces = re.split(f"({re.escape(_QUOTE_OPEN)}|{re.escape(_QUOTE_CLOSE)})", markup)
    return "".join(
        piece if piece in (_QUOTE_OPEN, _QUOTE_CLOSE) else html.unescape(piece).replace("\x00", "")
        for piece in pieces
    )


def _prefix_quotes(lines: list[str]) -> list[str]:
    out: list[str] = []
    depth = 0
    for line in lines:
        if line == _QUOTE_OPEN:
            depth += 1
        elif line == _QUOTE_CLOSE:
            depth = max(0, depth - 1)
        elif depth:
            out.append(("> " * depth + line).rstrip())
        else:
            out.append(line)
    return out
