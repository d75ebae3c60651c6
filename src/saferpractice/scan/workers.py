"""The per-shard task: read, parse and check one shard's evidence where it runs.

`check_shard(shard, job, ctx)` is a pure function of its arguments (no module state), so the
same task runs in a local process pool and on a Dask cluster. It returns its findings and its
read accounting piece by piece, so the driver can merge them in the order a single process
would have produced them, whatever the sharding.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO

from saferpractice.checks import CheckContext
from saferpractice.diagnostics import Diagnostic
from saferpractice.evidence.images import SidecarCache
from saferpractice.evidence.mail import BOM, DEFAULT_LIMITS, MailLimits, image_reader, source_name
from saferpractice.evidence.mbox_split import LOOKAHEAD, split_mbox
from saferpractice.evidence.records import Record
from saferpractice.evidence.registry import read_walked
from saferpractice.evidence.report import ReadReport
from saferpractice.findings import Finding
from saferpractice.scan.engine import _Origins, _record_time, check_one
from saferpractice.scan.shards import Piece, Shard


@dataclass(frozen=True, slots=True)
class ShardJob:
    """What every shard of one scan shares (small: sent with each task)."""

    root: str
    rules: frozenset[str]
    since: date | None = None


@dataclass(slots=True)
class PieceResult:
    key: tuple[int, int]
    findings: list[Finding] = field(default_factory=list)
    report: ReadReport = field(default_factory=ReadReport)
    checked: Counter[str] = field(default_factory=Counter)
    before_since: int = 0

    @property
    def records(self) -> int:
        return sum(self.checked.values()) + self.before_since


@dataclass(slots=True)
class ShardResult:
    number: int
    pieces: list[PieceResult]

    @property
    def records(self) -> int:
        return sum(piece.records for piece in self.pieces)

    @property
    def findings(self) -> int:
        return sum(len(piece.findings) for piece in self.pieces)


class _Bounded:
    """A read-only view of a stream that ends after `remaining` bytes."""

    def __init__(self, stream: BinaryIO, remaining: int) -> None:
        self.stream = stream
        self.remaining = max(remaining, 0)

    def read(self, size: int = -1) -> bytes:
        if self.remaining <= 0:
            return b""
        want = self.remaining if size < 0 else min(size, self.remaining)
        data = self.stream.read(want)
        self.remaining -= len(data)
        return data


def read_mbox_range(
    path: Path,
    start: int,
    end: int,
    report: ReadReport,
    root: Path,
    *,
    limits: MailLimits = DEFAULT_LIMITS,
) -> Iterator[Record]:
    """The messages of an mbox file that begin in [start, end), exactly as `read_mbox` reads
    them from the whole file (same offsets, same bytes, same reports).

    `start` is 0 or a message boundary. The stream runs a splitter look-ahead past `end`, so
    the last message is cut by the same separator decision as in a whole-file read.
    """
    from saferpractice.evidence.mail import _parse  # the mail reader's own message step

    source = source_name(path, root)
    images = image_reader()
    try:
        stream = path.open("rb")
    except OSError as error:
        report.skip(Diagnostic(source, f"cannot open the mbox: {error.strerror or error}"))
        return
    with stream:
        base = start
        if start == 0 and stream.read(len(BOM)) == BOM:
            base = len(BOM)
        stream.seek(base)
        bounded = _Bounded(stream, end + LOOKAHEAD - base)
        for item in split_mbox(bounded, limits.max_message_bytes, base_offset=base):  # type: ignore[arg-type]
            if item.offset >= end:
                break
            if item.preamble:
                report.skip(
                    Diagnostic(
                        source,
                        f"{item.size} bytes before the first 'From ' line are not a message",
                        offset=0,
                    )
                )
            elif item.oversized:
                report.skip(
                    Diagnostic(
                        source,
                        f"message of {item.size} bytes is larger than the bound of "
                        f"{limits.max_message_bytes} bytes; skipped",
                        offset=item.offset,
                    )
                )
            else:
                record = _parse(
                    item.data, source, item.offset, item.from_line, limits, images, report
                )
                if record is not None:
                    yield record


def _records(
    piece: Piece, report: ReadReport, root: Path, sidecars: SidecarCache
) -> Iterator[Record]:
    path = Path(piece.path)
    if piece.end is None:
        yield from read_walked(path, report, root, sidecars)
        return
    try:
        yield from read_mbox_range(path, piece.start, piece.end, report, root)
    except OSError as error:  # as the registry reports a whole file that stops
        source = source_name(path, root)
        report.skip(Diagnostic(source, f"reading stopped ({error.strerror or error})"))
    except Exception as error:  # one broken range must never end the whole run
        report.skip(
            Diagnostic(
                source_name(path, root),
                f"reading stopped by an internal error ({type(error).__name__}: {error})",
            )
        )


def check_shard(shard: Shard, job: ShardJob, ctx: CheckContext) -> ShardResult:
    """Read, parse and check every piece of `shard`; a pure function of its arguments."""
    root = Path(job.root)
    origin_of = _Origins(root)
    sidecars: dict[int, SidecarCache] = {}  # one per evidence argument, as a single read has
    results: list[PieceResult] = []
    for piece in shard.pieces:
        result = PieceResult(piece.key)
        cache = sidecars.setdefault(piece.argument, SidecarCache())
        for record in _records(piece, result.report, root, cache):
            moment = _record_time(record)
            if job.since is not None and moment is not None and ctx.local_date(moment) < job.since:
                result.before_since += 1
                continue
            result.checked[record.kind.value] += 1
            result.findings.extend(check_one(record, origin_of(record), ctx, job.rules))
        results.append(result)
    return ShardResult(shard.number, results)


# -- a local process pool's workers: the context arrives once, by the pool's initializer ----

_pool_context: CheckContext | None = None


def init_pool_worker(ctx: CheckContext) -> None:
    global _pool_context
    from saferpractice.scan.engine import _die_with_parent

    _pool_context = ctx
    _die_with_parent()


def check_shard_in_pool(shard: Shard, job: ShardJob) -> ShardResult:
    assert _pool_context is not None, "worker not initialised"
    return check_shard(shard, job, _pool_context)
