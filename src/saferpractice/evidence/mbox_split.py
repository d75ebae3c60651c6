"""Split an mbox stream into messages in constant memory.

`mailbox.mbox` indexes the whole file before yielding anything; this scanner reads fixed-size
chunks, finds the "\\nFrom " separators with `bytes.find`, and yields each message's bytes with
the byte offset of its "From " line. A message larger than the bound is never buffered: its
bytes are dropped as they stream past and it is yielded as oversized, so the caller can report
it by offset and carry on with the next message.

Every line that begins with "From " is a separator (as in `mailbox.mbox`). Body lines that
were quoted on writing (">From ", mboxrd's ">>From ") are unquoted by one level.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

SEPARATOR = b"\nFrom "
CHUNK_BYTES = 1 << 20
_QUOTED_FROM = re.compile(rb"(?m)^>(>*From )")


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
            return MboxItem(0, self.size, b"", b"", preamble=True)
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
    stream: BinaryIO, max_message_bytes: int, chunk_bytes: int = CHUNK_BYTES
) -> Iterator[MboxItem]:
    """Yield the items of an mbox stream in order, holding at most one bounded message."""
    keep_back = len(SEPARATOR) - 1
    # A virtual newline before the file makes a "From " at offset 0 a separator like any other.
    data = b"\n"
    base = -1  # file offset of data[0]
    current = _Collector(0, max_message_bytes, preamble=True)
    eof = False
    while not eof:
        chunk = stream.read(chunk_bytes)
        if chunk:
            data += chunk
        else:
            eof = True
        pos = 0
        while True:
            found = data.find(SEPARATOR, pos)
            if found < 0:
                break
            # The newline before "From " ends the previous item's last line; drop it.
            current.add(data[pos:found])
            item = current.finish()
            if item is not None:
                yield item
            current = _Collector(base + found + 1, max_message_bytes)
            pos = found + 1
        keep = len(data) if eof else max(pos, len(data) - keep_back)
        current.add(data[pos:keep])
        data = data[keep:]
        base += keep
    item = current.finish()
    if item is not None:
        yield item
