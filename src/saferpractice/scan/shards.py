"""Plan a scan as shards: units of evidence that a worker reads, parses and checks on its own.

A shard is a list of pieces. A piece is a whole file (or a Maildir folder, or an unreadable
path that the worker will report), or a byte range of a large mbox file. A range always starts
on a message boundary ("From " separator) found with the mbox splitter's own test
(`mbox_split.is_separator`), so the worker that reads it sees exactly the messages, with
exactly the offsets, that one reader of the whole file would have seen. A large messages CSV
or JSON Lines file is cut into byte ranges at record boundaries too (scan/text_shards.py).

Planning an mbox reads only a small window at each cut, never a whole file: the driver stays
cheap however large the evidence is. A CSV is parsed once by the planner (quoted cells may
hold line breaks, and rows are numbered by record), at a small fraction of a scan's cost.
Each piece carries its position in the evidence walk (`key`), so the driver can merge the
workers' results in the order one process would have produced them.

Small files are grouped into one shard up to the size target. The files of a folder that holds
an image sidecar (`images.csv`) always share one shard, because the sidecar is read once per
run and its warnings must be reported once.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from saferpractice.evidence.mbox_split import LOOKAHEAD, SEPARATOR, is_separator

SHARD_BYTES = 32 << 20  # a shard's target size: big enough to amortise a task, small to balance
WINDOW_BYTES = 1 << 20
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Piece:
    """A whole file (`end` is None) or the bytes [start, end) of an mbox file.

    `key` is (the file's position in the evidence walk, the range's start): sorting by it gives
    the order a single reader would have read the pieces in. `argument` is the index of the
    evidence argument the file was found under.
    """

    path: str
    key: tuple[int, int]
    argument: int
    start: int = 0
    end: int | None = None
    # A Maildir folder's part: [start, end) counts the walk's items (messages read or entries
    # skipped), not bytes, and end None means "to the last" (see workers.read_maildir_part).
    items: bool = False
    # An incremental rescan's first range of an appended mbox: its first message was counted
    # by the previous scan, so it is checked again (merged by id) but not counted again.
    resumed: bool = False
    # A range of a messages CSV or JSON Lines file: the reader's name ("messages-csv" or
    # "messages-jsonl") and the number of the range's first row or line (scan/text_shards.py).
    text: str = ""
    number: int = 0

    @property
    def is_range(self) -> bool:
        return self.end is not None


@dataclass(frozen=True, slots=True)
class Shard:
    """Pieces one task reads, parses and checks; `number` orders shards for progress only."""

    number: int
    pieces: tuple[Piece, ...]
    size: int  # bytes (an estimate for folders)


@dataclass(frozen=True, slots=True)
class ShardPlan:
    root: str  # the folder every source is relative to (see engine.evidence_root)
    shards: tuple[Shard, ...]

    @property
    def pieces(self) -> int:
        return sum(len(shard.pieces) for shard in self.shards)


def _size_of(path: Path) -> int:
    try:
        return path.stat().st_size if path.is_file() else SHARD_BYTES
    except OSError:
        return 0


def _reader_name(path: Path) -> str:
    """The name of the reader for the file `path` ("mbox", "messages-csv", …), or ""."""
    from saferpractice.evidence.registry import identify

    try:
        spec = identify(path)[0]
    except OSError:
        return ""
    return spec.name if spec is not None else ""


def text_parts(path: Path, reader: str, size: int, shard_bytes: int) -> list[tuple[int, int, int]]:
    """The parts (start, end, first row or line) of a large messages CSV or JSON Lines file."""
    from saferpractice.scan.text_shards import csv_parts, jsonl_parts

    if reader == "messages-csv":
        return csv_parts(path, size, shard_bytes)
    return jsonl_parts(path, size, shard_bytes)


def message_boundary(stream_path: Path, near: int, end: int) -> int | None:
    """The offset of the first mbox separator at or after `near` and before `end`, or None.

    Only windows of the file are read; a separator is a "\\nFrom " whose line passes the
    splitter's own `is_separator` test with the same look-ahead, so every boundary found here
    is one that `split_mbox` also splits at.
    """
    with stream_path.open("rb") as stream:
        position = max(near - 1, 0)  # include the newline before a "From " at `near`
        while position < end:
            stream.seek(position)
            window = stream.read(WINDOW_BYTES + LOOKAHEAD)
            if not window:
                return None
            search = 0
            limit = min(len(window), WINDOW_BYTES)
            while True:
                found = window.find(SEPARATOR, search, limit + len(SEPARATOR) - 1)
                if found < 0:
                    break
                offset = position + found + 1
                if offset >= end:
                    return None
                if offset >= near and is_separator(window, found + 1):
                    return offset
                search = found + 1
            position += limit
    return None


def mbox_ranges(path: Path, size: int, shard_bytes: int, start: int = 0) -> list[tuple[int, int]]:
    """[start, end) ranges covering the mbox file from `start`, each cut on a message boundary.

    `start` is 0 or a message boundary (an incremental rescan resumes at the last message it
    read). A range from 0 reads any byte-order mark and stray preamble exactly as the
    whole-file reader does; the last range ends at the file's size.
    """
    cuts = [start]
    target = start + shard_bytes
    while target < size:
        boundary = message_boundary(path, max(target, cuts[-1] + 1), size)
        if boundary is None:
            break
        cuts.append(boundary)
        target = boundary + shard_bytes
    cuts.append(size)
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def _is_maildir(path: Path) -> bool:
    from saferpractice.evidence.mail import is_maildir

    return is_maildir(path)


def maildir_items(path: Path) -> list[int]:
    """The sizes of the files under a Maildir tree, in no particular order (for planning only).

    The planner needs only an estimate: the parts it cuts are ranges of the walk's item
    count with an open last part, so every item is read exactly once whatever the estimate.
    """
    sizes: list[int] = []
    pending = [str(path)]
    while pending:
        try:
            with os.scandir(pending.pop()) as listing:
                for entry in listing:
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            pending.append(entry.path)
                        else:
                            sizes.append(entry.stat(follow_symlinks=False).st_size)
                    except OSError:
                        sizes.append(0)
        except OSError:
            continue
    return sizes


def _maildir_parts(
    path: Path, index: int, argument: int, shard_bytes: int
) -> Iterator[tuple[Piece, int]]:
    """A Maildir folder as parts of about `shard_bytes` each: ranges of its walk's items."""
    sizes = maildir_items(path)
    total = sum(sizes)
    parts = max(1, min(len(sizes), -(-total // shard_bytes)))
    if parts == 1:
        yield Piece(str(path), (index, 0), argument), total
        return
    per_part = -(-len(sizes) // parts)
    for start in range(0, len(sizes), per_part):
        end = start + per_part if start + per_part < len(sizes) else None
        yield Piece(str(path), (index, start), argument, start, end, items=True), total // parts


def _walked(evidence: Sequence[Path]) -> Iterator[tuple[int, Path]]:
    from saferpractice.evidence.registry import walk

    for argument, path in enumerate(evidence):
        for found in walk([path]):
            yield argument, found


TEXT_READERS = ("messages-csv", "messages-jsonl")  # split at record boundaries when large
SKIP = -1  # in a `resume` map: the file is unchanged since the last scan; read none of it


def plan_shards(
    evidence: Sequence[Path],
    root: Path,
    shard_bytes: int = SHARD_BYTES,
    resume: Mapping[str, int] | None = None,
) -> ShardPlan:
    """Cut the evidence into shards of about `shard_bytes` each (see the module's notes).

    `resume` (for incremental rescans, scan/state.py) maps a file's resolved path to SKIP, or
    to the offset of the mbox message to read on from; a file it does not name is read whole.
    """
    from saferpractice.evidence.images import SIDECAR_NAME

    shard_bytes = max(shard_bytes, 1)
    sidecar_folders: dict[str, list[Piece]] = {}  # pieces that must share one shard
    groups: list[list[Piece]] = []  # in walk order; each becomes part of one shard
    sizes: dict[Piece, int] = {}
    for index, (argument, path) in enumerate(_walked(evidence)):
        from_offset = resume.get(os.path.realpath(path)) if resume else None
        if from_offset == SKIP:
            continue
        size = _size_of(path)
        if path.is_dir() and _is_maildir(path):
            for piece, part_size in _maildir_parts(path, index, argument, shard_bytes):
                sizes[piece] = part_size
                groups.append([piece])
            continue
        reader = _reader_name(path) if size > shard_bytes and path.is_file() else ""
        if from_offset is None and reader in TEXT_READERS:
            parts = text_parts(path, reader, size, shard_bytes)
            for start, end, number in parts if len(parts) > 1 else ():
                key = (index, start)
                piece = Piece(str(path), key, argument, start, end, text=reader, number=number)
                sizes[piece] = end - start
                groups.append([piece])
            if len(parts) > 1:
                continue
        if from_offset is not None or reader == "mbox":
            begin = from_offset or 0
            for start, end in mbox_ranges(path, size, shard_bytes, begin):
                resumed = from_offset is not None and start == begin
                piece = Piece(str(path), (index, start), argument, start, end, resumed=resumed)
                sizes[piece] = end - start
                groups.append([piece])
            continue
        piece = Piece(str(path), (index, 0), argument)
        sizes[piece] = size
        folder = str(path.parent)
        if path.is_file() and (path.parent / SIDECAR_NAME).is_file():
            together = sidecar_folders.get(folder)
            if together is None:
                together = sidecar_folders[folder] = []
                groups.append(together)
            together.append(piece)
            continue
        groups.append([piece])
    return ShardPlan(str(root), tuple(_pack(groups, sizes, shard_bytes)))


def _pack(groups: list[list[Piece]], sizes: dict[Piece, int], shard_bytes: int) -> Iterator[Shard]:
    """Consecutive groups packed into shards of up to `shard_bytes` (a bigger group alone)."""
    pending: list[Piece] = []
    pending_size = 0
    number = 0
    for group in groups:
        group_size = sum(sizes[p] for p in group)
        if pending and pending_size + group_size > shard_bytes:
            yield Shard(number, tuple(pending), pending_size)
            number += 1
            pending, pending_size = [], 0
        pending.extend(group)
        pending_size += group_size
    if pending:
        yield Shard(number, tuple(pending), pending_size)
