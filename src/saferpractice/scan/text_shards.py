"""Where a large messages CSV or JSON Lines file may be cut into shards, and how each part is
numbered, so that the parts read exactly what one reader of the whole file reads.

A part is bytes [start, end) with the number of its first row (CSV) or line (JSON Lines),
read by `csvutil.iter_csv` / `iter_json_lines` with a `TextPart`.

- **JSON Lines**: a cut follows a line feed, so a line is never split; its line number is one
  more than the line feeds before it (counted with `bytes.count`, at C speed). A cut is made
  only after a line that parses as JSON, where the reader's count of invalid lines in a row is
  0, as it is at a part's start. If the reader gives up on the file (100 invalid lines in a
  row) inside a part, the driver drops the file's later parts (`sharded.merge_results`).
- **CSV**: a quoted cell may hold line breaks, and rows are numbered by record, not by line,
  so the planner parses the file once with the csv module, fed the same decoded lines the
  reader sees (split at CR, LF and CRLF as `newline=""` text does, decoded line by line, which
  equals the stream's decoding because no encoded character spans a line break). It cuts only
  after a complete row that parsed (the reader's error count is 0 there), and never after the
  point where the reader would give up on the file.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from saferpractice.evidence.csvutil import (
    MAX_CONSECUTIVE_ERRORS,
    MAX_LINE_BYTES,
    csv_layout,
    decode_line,
    read_head,
    text_encoding,
)

BLOCK = 1 << 20
Part = tuple[int, int, int]  # start, end, the number of the first row or line


def jsonl_parts(path: Path, size: int, shard_bytes: int) -> list[Part]:
    """Parts of about `shard_bytes` of a JSON Lines file (see the module's notes)."""
    cuts: list[tuple[int, int]] = [(0, 1)]
    with path.open("rb") as stream:
        position, lines = 0, 0  # a line start, and the line feeds before it
        target = shard_bytes
        while target < size:
            while position < target:  # count line feeds up to the target, a block at a time
                block = stream.read(min(BLOCK, target - position))
                if not block:
                    break
                position += len(block)
                lines += block.count(b"\n")
            if position < target:
                break
            stream.seek(position)
            if position > 0 and not _after_line_feed(stream, position):
                skipped = _rest_of_line(stream)  # to the start of the next line
                position += len(skipped)
                lines += skipped.endswith(b"\n")
            cut = _next_clean_line_end(stream, position)
            if cut is None:
                break
            end, counted = cut
            lines += counted
            position = end
            if end < size:
                cuts.append((end, lines + 1))
            target = end + shard_bytes
    return _as_parts(cuts, size)


def _after_line_feed(stream: BinaryIO, position: int) -> bool:
    stream.seek(position - 1)
    return stream.read(1) == b"\n"


def _rest_of_line(stream: BinaryIO) -> bytes:
    parts: list[bytes] = []
    while True:
        chunk: bytes = stream.readline(BLOCK)
        parts.append(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return b"".join(parts)


def _next_clean_line_end(stream: BinaryIO, position: int) -> tuple[int, int] | None:
    """The end of the first line from `position` on that the reader parses as JSON (so its
    count of invalid lines in a row is 0 after it), and the line feeds up to there."""
    counted = 0
    while True:
        raw: bytes = stream.readline(MAX_LINE_BYTES + 1)
        if not raw or not raw.endswith(b"\n"):
            if not raw:
                return None
            raw += _rest_of_line(stream)  # a long line: skipped by the reader, not a cut
            if not raw.endswith(b"\n"):
                return None
            position += len(raw)
            counted += 1
            continue
        position += len(raw)
        counted += 1
        if raw.strip() and _parses(raw):
            return position, counted


def _parses(raw: bytes) -> bool:
    text = decode_line(raw)[0].removeprefix("\ufeff")
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def csv_parts(path: Path, size: int, shard_bytes: int) -> list[Part]:
    """Parts of about `shard_bytes` of a CSV file (see the module's notes); one part if its
    header cannot be read."""
    head = read_head(path)
    delimiter, skip = csv_layout(head[:8192].decode("utf-8", errors="ignore"))
    encoding = text_encoding(head)
    cuts: list[tuple[int, int]] = [(0, 0)]
    with path.open("rb") as stream:
        lines = _Lines(stream, encoding)
        for _ in range(skip):  # PowerShell's "#TYPE" line, read as the reader reads it
            next(lines, None)
        reader = csv.reader(lines, delimiter=delimiter)
        try:
            next(reader)  # the header
        except (csv.Error, StopIteration):
            return [(0, size, 0)]
        row_number = skip + 1
        errors = 0
        target = shard_bytes
        while True:
            row_number += 1
            try:
                next(reader)
            except StopIteration:
                break
            except csv.Error:
                errors += 1
                if errors >= MAX_CONSECUTIVE_ERRORS:
                    break  # the reader gives up here: the rest stays in the last part
                continue
            errors = 0
            if lines.end >= target and lines.end < size:
                cuts.append((lines.end, row_number + 1))
                target = lines.end + shard_bytes
    return _as_parts(cuts, size)


class _Lines:
    """The decoded lines of a binary stream, split where `newline=""` text splits them (CR,
    LF, CRLF); `end` is the byte offset just after the last line handed out."""

    def __init__(self, stream: BinaryIO, encoding: str) -> None:
        self.stream = stream
        self.first = encoding  # the first line may start with a byte-order mark
        self.encoding = "utf-8" if encoding == "utf-8-sig" else encoding
        self.end = 0
        self._lines = self._split()

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        raw = next(self._lines)
        encoding = self.first if self.end == 0 else self.encoding
        self.end += len(raw)
        return raw.decode(encoding, errors="replace")

    def _split(self) -> Iterator[bytes]:
        carry = b""
        while True:
            block: bytes = self.stream.read(BLOCK)
            if not block:
                if carry:
                    yield carry
                return
            lines = (carry + block).splitlines(keepends=True)
            # The last piece may be a line still going on, or a CR whose LF is in the next block.
            carry = lines.pop()
            yield from lines


def _as_parts(cuts: list[tuple[int, int]], size: int) -> list[Part]:
    ends = [start for start, _ in cuts[1:]] + [size]
    return [(start, end, number) for (start, number), end in zip(cuts, ends, strict=True)]
