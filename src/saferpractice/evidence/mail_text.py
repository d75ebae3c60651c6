"""Make a mail's body from its text parts, so that every text a mail client could show is checked.

A mail client shows the HTML alternative when there is one; most checks read the plain-text
alternative. An attacker (or a careless client) can put harmless words in `text/plain` and
different ones in `text/html`, or put the words in an attached message. So the body is built
from segments, each labelled with the part it came from:

1. the message's own text: its non-blank `text/plain` parts, else its `text/html` parts
   converted to text (an empty `text/plain`, as Outlook for Mac sends, never hides the HTML);
2. the lines of the HTML alternative that the plain text does not already say (compared by
   three-word shingles, so re-wrapping and markup never count as a difference, but one new
   phrase does);
3. the same for each attached message (message/rfc822), in document order.

Reply history is found per segment, so an "-----Original Message-----" line in one part can
never hide the next part from the checks.
"""

from __future__ import annotations

import binascii
import re
from dataclasses import dataclass

from saferpractice.evidence.mail_headers import decode_text
from saferpractice.evidence.mail_html import html_to_text
from saferpractice.evidence.mail_quote import find_quoted
from saferpractice.evidence.records import Span

MESSAGE = "the message"
HTML_EXTRA = "the HTML version"
SEGMENT_GAP = "\n\n"
_WORD = re.compile(r"\w+")
_WORD_OR_BREAK = re.compile(r"\w+|\n")
# Link targets and inline-image references that a client writes into the plain text (and the
# HTML hides in attributes) are not words the sender wrote: leave them out of the comparison.
# Matched on case-folded text, and never across a line break (lines are compared one by one).
_LINK = re.compile(r"<?(?:https?|ftp|mailto|cid):[^\s<>\]]*>?|\[cid:[^\]\n]*\]|www\.[^\s<>]+")
SMALL_PRODUCT = 4_000_000  # reference characters x lines compared by substring search
_B64_JUNK = re.compile(rb"[^A-Za-z0-9+/]")
_IDENTITY = ("", "7bit", "8bit", "binary")


@dataclass(slots=True)
class TextPart:
    """A text part as found by the MIME walk, not yet decoded."""

    html: bool
    data: bytes
    charset: str
    cte: str
    container: int  # 0: the message itself; n: the n-th attached message


@dataclass(frozen=True, slots=True)
class Body:
    text: str
    segments: tuple[Span, ...]
    quoted: tuple[Span, ...]


def assemble_body(
    texts: list[TextPart], containers: list[str], max_chars: int, warnings: list[str]
) -> Body:
    """The body text, its labelled segments and its quoted spans (see the module docstring)."""
    pieces: list[tuple[str, str]] = []  # (label, text)
    order = list(dict.fromkeys(part.container for part in texts))
    for container in order:
        own = [part for part in texts if part.container == container]
        label = MESSAGE if container == 0 else containers[container]
        pieces.extend(_container_pieces(own, label, max_chars, warnings))
    text_parts: list[str] = []
    segments: list[Span] = []
    quoted: list[Span] = []
    position = 0
    for label, piece in pieces:
        gap = SEGMENT_GAP if position else ""
        room = max_chars - position - len(gap)
        if room <= 0:
            break
        text_parts.append(gap)
        position += len(gap)
        piece = piece[:room]
        text_parts.append(piece)
        segments.append(Span(position, position + len(piece), label))
        quoted.extend(
            Span(span.start + position, span.end + position, span.label)
            for span in find_quoted(piece)
        )
        position += len(piece)
    total = sum(len(piece) for _, piece in pieces) + len(SEGMENT_GAP) * max(0, len(pieces) - 1)
    if total > max_chars:
        warnings.append(f"body longer than {max_chars} characters; truncated")
    return Body("".join(text_parts), tuple(segments), tuple(quoted))


def _container_pieces(
    parts: list[TextPart], label: str, max_chars: int, warnings: list[str]
) -> list[tuple[str, str]]:
    plain = [_decoded(part, max_chars, warnings) for part in parts if not part.html]
    plain = [text for text in plain if text.strip()]
    html = [_decoded(part, max_chars, warnings) for part in parts if part.html]
    html = [text for text in html if text.strip()]
    if not plain:
        return [(label, "\n\n".join(html))] if html else []
    main = "\n\n".join(plain)
    pieces = [(label, main)]
    extra = uncovered_lines("\n\n".join(html), main) if html else ""
    if extra:
        where = HTML_EXTRA if label == MESSAGE else f"{HTML_EXTRA} of {label}"
        pieces.append((where, extra))
    return pieces


def _decoded(part: TextPart, max_chars: int, warnings: list[str]) -> str:
    data = decode_transfer(part.data, part.cte, warnings)
    text = decode_text(data, part.charset, warnings, "the body")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")  # a damaged export's stray NUL; no client shows it
    if part.html:
        # Markup is several times the text it holds; cap it so conversion stays bounded.
        text = html_to_text(text[: max_chars * 4])
    return text.strip("\n")


def uncovered_lines(extra: str, reference: str) -> str:
    """The lines of `extra` whose words the `reference` text does not contain in that order.

    A line is covered when its words occur consecutively in the reference (case, punctuation
    and line breaks aside). On large texts, where that search could grow with the product of
    the two sizes, the test is by three-word shingles instead (each run of three words of the
    line, or each word of a shorter line, occurs in the reference), which stays linear.
    """
    words = _WORD.findall(_comparable(reference))
    joined = " " + " ".join(words) + " "
    # Case-fold and drop links once for the whole text, and find its words and line breaks in
    # one search: joined by single spaces and split at the breaks, each piece is one line's
    # words (neither step adds or removes a line break, so the pieces match extra's lines).
    pieces = " ".join(_WORD_OR_BREAK.findall(_comparable(extra))).split("\n")
    lines = [
        (line, piece)
        for line, piece in zip(extra.split("\n"), map(str.strip, pieces), strict=True)
        if piece
    ]
    everything = " ".join(piece for _, piece in lines)
    if f" {everything} " in joined:
        return ""  # the usual case: the HTML says what the plain text says
    if len(joined) * len(lines) <= SMALL_PRODUCT:
        kept = [line for line, piece in lines if f" {piece} " not in joined]
    else:
        kept = _uncovered_by_shingles([(line, piece.split(" ")) for line, piece in lines], words)
    return "\n".join(kept).strip("\n")


def _comparable(text: str) -> str:
    """The text case-folded, its link targets and cid: references blanked out."""
    text = text.casefold()
    linked = "http" in text or "www." in text or "cid:" in text or "ftp:" in text
    return _LINK.sub(" ", text) if linked or "mailto:" in text else text


def _uncovered_by_shingles(lines: list[tuple[str, list[str]]], words: list[str]) -> list[str]:
    vocabulary = set(words)
    shingles = {hash(triple) for triple in zip(words, words[1:], words[2:], strict=False)}
    kept: list[str] = []
    for line, found in lines:
        if len(found) < 3:
            covered = all(word in vocabulary for word in found)
        else:
            covered = all(
                hash(triple) in shingles
                for triple in zip(found, found[1:], found[2:], strict=False)
            )
        if not covered:
            kept.append(line)
    return kept


def decode_transfer(body: bytes, cte: str, warnings: list[str]) -> bytes:
    """Undo the Content-Transfer-Encoding, forgiving damaged base64."""
    if cte in _IDENTITY:
        return body
    if cte == "base64":
        try:
            return binascii.a2b_base64(body)
        except binascii.Error:
            clean = _B64_JUNK.sub(b"", body)
            clean = clean[: len(clean) - 1] if len(clean) % 4 == 1 else clean
            warnings.append("damaged base64; decoded what could be read")
            return binascii.a2b_base64(clean + b"=" * (-len(clean) % 4))
    if cte == "quoted-printable":
        return binascii.a2b_qp(body)
    warnings.append(f"unknown Content-Transfer-Encoding {cte[:40]!r}; read as is")
    return body
