"""Split an mbox stream into messages in constant memory.

`mailbox.mbox` indexes the whole file before yielding anything; this scanner reads fixed-size
chunks, finds the "\\nFrom " separators with `bytes.find`, and yields each message's bytes with
the byte offset of its "From " line. A message larger than the bound is never buffered: its
bytes are dropped as they stream past and it is yielded as oversized, so the caller can report
it by offset and carry on with the next message.

A line is a separator when it begins with "From ", has the shape of one (`From <sender>` with
nothing after it, as Thunderbird's `From - ` and archive tools write, or with a time such as
`From a@b Mon Jan  1 00:00:00 2024`), and the next line is a header field. So a body line
such as "From the office: ..." followed by text never splits a message, although mbox
writers that do not quote body lines (mboxo) leave it unquoted. Body lines that were quoted on
writing (">From ", mboxrd's ">>From ") are unquoted by one level.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

SEPARATOR = b"\nFrom "
CHUNK_BYTES = 1 << 20
MAX_FROM_LINE = 1000
# Bytes needed after "\nFrom " to decide: the From line and the start of the next line.
LOOKAHEAD = MAX_FROM_LINE + 256
_QUOTED_FROM = re.compile(rb"(?m)^>(>*From )")
FROM_LINE = re.compile(rb"From [^ \t\r\n]+(?:[ \t]*|[ \t][^\n]*\d:\d\d[^\n]*)")
HEADER_START = re.compile(rb"[!-9;-~]{1,200}[ \t]*:")


def is_separator(data: bytes, start: int) -> bool:
    """True if the line at `start` of `data` is an mbox "From " line followed by a header."""
    end = data.find(b"\n", start, start + MAX_FROM_LINE)
    if end < 0:
        return False
    line_end = end - 1 if end > start and data[end - 1] == 0x0D else end
    if FROM_LINE.fullmatch(data, start, line_end) is None:
        return False
    return HEADER_START.match(data, end + 1) is not None


@dataclass(frozen=True, slots=True)
class MboxItem:
    """One stretch of an mbox: a message, an oversized message, or stray bytes before the first.

    `offset` is the byte offset of the "From " line (0 for the preamble); `size` is the
    number of bytes the item spans; `data` is empty when the item was too large to keep.
    """

    offset: int
    size: int
    from_line: bytes
    data: bytes
    oversized: bool = False
    preamble: bool = False


class _Collector:
    """The bytes of the item being scanned, kept only while they fit the bound."""

    __slots__ = ("blank", "max_bytes", "offset", "oversized", "pieces", "preamble", "size")

    def __init__(self, offset: int, max_bytes: int, *, preamble: bool = False) -> None:
        self.offset = offset
        self.max_bytes = max_bytes
        self.preamble = preamble
        self.pieces: list[bytes] = []
        self.size = 0
        self.oversized = False
        self.blank = True

    def add(self, piece: bytes) -> None:
        if not piece:
            return
        self.size += len(piece)
        if self.preamble:
            # Stray bytes before the first message are only counted, never kept.
            if self.blank and piece.strip():
                self.blank = False
            return
        if self.oversized:
            return
        if self.size > self.max_bytes:
            self.oversized = True
            self.pieces = []
            return
        self.pieces.append(piece)

    def finish(self) -> MboxItem | None:
        if self.preamble:
            if self.blank:
                return None
            return MboxItem(self.offset, self.size, b"", b"", preamble=True)
        if self.oversized:
            return MboxItem(self.offset, self.size, b"", b"", oversized=True)
        raw = b"".join(self.pieces)
        end = raw.find(b"\n")
        if end < 0:
            from_line, data = raw, b""
        else:
            from_line, data = raw[:end], raw[end + 1 :]
        from_line = from_line.rstrip(b"\r")
        if b"From " in data:
            data = _QUOTED_FROM.sub(rb"\1", data)
        return MboxItem(self.offset, self.size, from_line, data)


def split_mbox(
    stream: BinaryIO,
    max_message_bytes: int,
    chunk_bytes: int = CHUNK_BYTES,
    *,
    base_offset: int = 0,
) -> Iterator[MboxItem]:
    """Yield the items of an mbox stream in order, holding at most one bounded message.

    `base_offset` is the file offset of the stream's first byte (after a byte-order mark).
    """
    keep_back = len(SEPARATOR) - 1
    # A virtual newline before the file makes a "From " at offset 0 a separator like any other.
    data = b"\n"
    base = base_offset - 1  # file offset of data[0]
    current = _Collector(base_offset, max_message_bytes, preamble=True)
    eof = False
    while not eof:
        chunk = stream.read(chunk_bytes)
        if chunk:
            data += chunk
        else:
            eof = True
        pos = search = 0
        undecided = -1  # a "\nFrom " whose line is not all here yet
        while True:
            found = data.find(SEPARATOR, search)
            if found < 0:
                break
            if not eof and len(data) - found < LOOKAHEAD:
                undecided = found
                break
            search = found + 1
            if not is_separator(data, found + 1):
                continue
            # The newline before "From " ends the previous item's last line; drop it.
            current.add(data[pos:found])
            item = current.finish()
            if item is not None:
                yield item
            current = _Collector(base + found + 1, max_message_bytes)
            pos = found + 1
        if eof:
            keep = len(data)
        elif undecided >= 0:
            keep = max(pos, undecided)
        else:
            keep = max(pos, len(data) - keep_back)
        current.add(data[pos:keep])
        data = data[keep:]
        base += keep
    item = current.finish()
    if item is not None:
        yield item
