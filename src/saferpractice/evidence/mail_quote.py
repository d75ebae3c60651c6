"""Mark the quoted reply history in a plain-text mail body.

Three shapes are recognised:
- lines that start with ">" (inline and bottom-posted replies);
- an attribution line "On <date>, <name> wrote:" (possibly wrapped onto two lines): it and the
  ">" block after it are quoted; if no ">" lines follow (top-posting), all the rest is;
- Outlook's "-----Original Message-----", a "From: ... / Sent: ..." header block, and
  "---------- Forwarded message ----------": all the rest is quoted (label "forwarded" for
  forwards).

Spans are character ranges of the body, sorted and non-overlapping.
"""

from __future__ import annotations

import re

from saferpractice.evidence.records import Span

QUOTED = "quoted"
FORWARDED = "forwarded"

_CHEVRON_BLOCK = re.compile(r"(?m)^[ \t]*>[^\n]*(?:\n[ \t]*>[^\n]*)*")
_ATTRIBUTION = re.compile(r"(?m)^[ \t]*On\b[^\n]{0,300}?(?:\n[^\n]{0,300}?)?\bwrote:[ \t]*$")
_REST = re.compile(
    r"(?m)^[ \t]*(?:-{3,} ?Original Message ?-{3,}"
    r"|_{10,}[ \t]*\n[ \t]*From:"
    r"|From:[^\n]{1,300}\n[ \t]*(?:Sent|Date):)"
)
_FORWARD = re.compile(r"(?m)^[ \t]*-{3,} ?Forwarded message ?-{3,}")


def find_quoted(body: str) -> tuple[Span, ...]:
    """The spans of `body` that are quoted reply history or forwarded messages."""
    if not body:
        return ()
    spans: list[Span] = []
    has_chevron = ">" in body
    if has_chevron:
        for match in _CHEVRON_BLOCK.finditer(body):
            spans.append(Span(match.start(), match.end(), QUOTED))
    if "wrote:" in body:
        for match in _ATTRIBUTION.finditer(body):
            following = body[match.end() :].lstrip("\n \t")
            if following.startswith(">"):
                block = _CHEVRON_BLOCK.match(body, len(body) - len(following))
                end = block.end() if block else match.end()
                spans.append(Span(match.start(), end, QUOTED))
            else:
                spans.append(Span(match.start(), len(body), QUOTED))
                break
    # Each pattern needs its literal words: a substring test first spares the search.
    rest = _REST.search(body) if "Original Message" in body or "From:" in body else None
    if rest is not None:
        spans.append(Span(rest.start(), len(body), QUOTED))
    forward = _FORWARD.search(body) if "Forwarded message" in body else None
    if forward is not None:
        spans.append(Span(forward.start(), len(body), FORWARDED))
    return _merge(spans)


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    """Sort and merge overlapping spans; where a forward and a quote overlap, the earlier wins."""
    if not spans:
        return ()
    spans.sort(key=lambda span: (span.start, -span.end))
    merged = [spans[0]]
    for span in spans[1:]:
        last = merged[-1]
        if span.start <= last.end:
            if span.end > last.end:
                merged[-1] = Span(last.start, span.end, last.label)
        else:
            merged.append(span)
    return tuple(merged)
