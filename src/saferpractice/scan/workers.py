"""The per-shard task: read, parse and check one shard's evidence where it runs.

`check_shard(shard, job, ctx)` is a pure function of its arguments (no module state), so the
same task runs in a local process pool and on a Dask cluster. It returns its findings and its
read accounting piece by piece, so the driver can merge them in the order a single process
would have produced them, whatever the sharding.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import pickle
import signal
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, cast

from saferpractice.checks import CheckContext
from saferpractice.diagnostics import Diagnostic, Severity
from saferpractice.evidence.csvutil import TextPart
from saferpractice.evidence.images import SidecarCache
from saferpractice.evidence.mail import (
    BOM,
    DEFAULT_LIMITS,
    MailLimits,
    image_reader,
    mail_kind,
    mbox_records,
    read_eml,
    read_mbox,
    source_name,
)
from saferpractice.evidence.mail_maildir import MaildirWalk
from saferpractice.evidence.mbox_split import LOOKAHEAD
from saferpractice.evidence.messages import read_messages_csv, read_messages_jsonl
from saferpractice.evidence.records import ImageRecord, MailRecord, Record
from saferpractice.evidence.registry import read_walked
from saferpractice.evidence.report import ReadReport
from saferpractice.findings import Finding
from saferpractice.scan.engine import _Origins, _record_time, check_one
from saferpractice.scan.shards import Piece, Shard

if TYPE_CHECKING:
    from distributed import Client

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


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
    # The reader gave up on the file in this piece: the file's later pieces are dropped, as a
    # whole-file read would not have read them (sharded.without_abandoned).
    abandoned: bool = False

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
    them from the whole file (same offsets, same bytes, same reports: the same reader's
    `mbox_records` does the work).

    `start` is 0 or a message boundary. The stream runs a splitter look-ahead past `end`, so
    the last message is cut by the same separator decision as in a whole-file read.
    """
    source = source_name(path, root)
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
        yield from mbox_records(
            bounded,  # type: ignore[arg-type]  # read() is all the splitter uses
            base,
            source,
            report,
            limits,
            image_reader(),
            stop=end,
        )


class _ItemGate:
    """Counts a Maildir walk's items (a message read, or an entry skipped) and lets through
    only those numbered in [first, stop): the walk's `report.skip` and reading callbacks both
    come here, in the walk's order, so every part of a split folder sees the same numbering."""

    def __init__(self, report: ReadReport, first: int, stop: int | None) -> None:
        self.report = report
        self.first = first
        self.stop = stop
        self.number = -1

    def mine(self) -> bool:
        self.number += 1
        return self.number >= self.first and (self.stop is None or self.number < self.stop)

    def skip(self, diagnostic: Diagnostic) -> None:
        if self.mine():
            self.report.skip(diagnostic)


def read_maildir_part(
    path: Path, first: int, stop: int | None, report: ReadReport, root: Path
) -> Iterator[Record]:
    """Items [first, stop) of a Maildir tree, read exactly as `read_maildir` reads them (the
    same walk, with the same readers for each message or mbox found in it)."""
    gate = _ItemGate(report, first, stop)

    def one(file: Path, label: str) -> Iterator[MailRecord | ImageRecord]:
        if gate.mine():
            yield from read_eml(file, report, root)

    def mbox(file: Path, label: str) -> Iterator[MailRecord | ImageRecord]:
        if gate.mine():
            yield from read_mbox(file, report, root)

    walk = MaildirWalk(
        cast(ReadReport, gate), lambda item: source_name(item, root), one, mbox, mail_kind
    )
    yield from walk.folder(path)


def _records(
    piece: Piece, report: ReadReport, root: Path, sidecars: SidecarCache, part: TextPart | None
) -> Iterator[Record]:
    path = Path(piece.path)
    if piece.items:
        reading = read_maildir_part(path, piece.start, piece.end, report, root)
    elif part is not None:
        read = read_messages_csv if piece.text == "messages-csv" else read_messages_jsonl
        reading = read(path, report, root, part)
    elif piece.end is None:
        yield from read_walked(path, report, root, sidecars)
        return
    else:
        reading = read_mbox_range(path, piece.start, piece.end, report, root)
    try:
        yield from reading
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
        # A resumed range's first message was counted by the previous scan (scan/state.py).
        again = _first_offsets(piece) if piece.resumed else frozenset()
        recounted: list[Record] = []
        first = False  # in the first message: its record and the images attached to it
        part = None
        if piece.text and piece.end is not None:
            part = TextPart(piece.start, piece.end, piece.number)
        for record in _records(piece, result.report, root, cache, part):
            moment = _record_time(record)
            offset = getattr(record, "offset", None)  # an attached image has none
            if offset is not None:
                first = offset in again
            counted = not first
            if not counted:
                recounted.append(record)
            if job.since is not None and moment is not None and ctx.local_date(moment) < job.since:
                result.before_since += counted
                continue
            result.checked[record.kind.value] += counted
            result.findings.extend(check_one(record, origin_of(record), ctx, job.rules))
        if again:
            _uncount(result.report, source_name(Path(piece.path), root), again, recounted)
        result.abandoned = part is not None and part.abandoned
        results.append(result)
    return ShardResult(shard.number, results)


def _first_offsets(piece: Piece) -> frozenset[int]:
    """Where the first message of a resumed range can start: at its start, or after the
    byte-order mark of a file resumed from 0."""
    return frozenset({piece.start} if piece.start else {0, len(BOM)})


def _uncount(
    report: ReadReport, source: str, offsets: frozenset[int], records: list[Record]
) -> None:
    """Take the message at `offsets` out of the piece's read accounting (it is still checked)."""
    stats = report.stats.get(source)
    if stats is None:
        return
    kept: list[Diagnostic] = []
    for diagnostic in report.diagnostics:
        if diagnostic.source == source and diagnostic.offset in offsets:
            if diagnostic.severity is not Severity.WARNING:
                stats.skipped -= 1  # a skip (the warnings are undone with their record)
            continue
        kept.append(diagnostic)
    report.diagnostics[:] = kept
    for record in records:
        stats.read -= 1
        stats.warned -= bool(getattr(record, "warnings", ()))


# -- local workers (a process pool, or a forked Dask cluster): the context arrives once ----

_pool_context: CheckContext | None = None


_one_thread_each = False


def one_thread_each() -> None:
    """Limit this worker process to one BLAS thread (once per process).

    The semantic detector's classifier runs numpy, whose OpenBLAS keeps a thread per core
    busy-waiting between calls: in one process that thread borrows the idle core, but with a
    worker per core it takes CPU from the other worker (docs/benchmarks.md)."""
    global _one_thread_each
    if _one_thread_each:
        return
    _one_thread_each = True
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a dependency; a scan must not fail without it
        return
    threadpool_limits(limits=1, user_api="blas")


def init_pool_worker(ctx: CheckContext) -> None:
    """Keep the context (forked: the driver's own, detectors built; see sharded.run_in_pool)."""
    global _pool_context
    _pool_context = ctx
    _die_with_parent()
    one_thread_each()


def _die_with_parent() -> None:
    """Ask Linux to end this worker when the scan that started it ends, however it ends
    (a SIGKILL leaves no chance to clean up). Elsewhere the driver's own shutdown suffices."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the driver handles Ctrl-C for everyone
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker must not run the driver's
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent had already gone before prctl took effect
        os._exit(1)


def share_context(ctx: CheckContext | None) -> None:
    """Set the context that worker processes forked from now on inherit (a local Dask cluster
    forked from the driver; see scan/cluster.py), or clear it."""
    global _pool_context
    _pool_context = ctx


def check_shard_in_pool(shard: Shard, job: ShardJob) -> ShardResult:
    assert _pool_context is not None, "worker not initialised"
    one_thread_each()  # a forked Dask worker has no initializer: its first task does it
    return check_shard(shard, job, _pool_context)


# -- workers of a cluster at an address: the context is fetched once per worker process ----
#
# The driver publishes the pickled context on the scheduler (Dask's metadata store); each task
# carries only a small reference to it. A worker process unpickles the context on its first
# task and keeps it. Data scattered to the workers would be lost, and could not be recomputed,
# if every worker holding it died (a replacement, or a worker that joined later, would have no
# copy to fetch); the scheduler's copy outlives any worker.

CONTEXT_METADATA = "saferpractice-context"
_fetched: dict[str, CheckContext] = {}


@dataclass(frozen=True, slots=True)
class ContextRef:
    """Where a scan's context is on the scheduler: under its hash (`token`, so a long-lived
    worker keeps its detectors from one scan of a school to the next) and this scan's own
    `scan` key (so a scan that ends withdraws only its own copy, never another's)."""

    token: str
    scan: str


def publish_context(client: Client, ctx: CheckContext) -> ContextRef:
    """Put `ctx` (without its built detectors) on the client's scheduler for this scan."""
    data = pickle.dumps(ctx, protocol=pickle.HIGHEST_PROTOCOL)
    ref = ContextRef(hashlib.sha256(data).hexdigest(), uuid.uuid4().hex)
    client.set_metadata([CONTEXT_METADATA, ref.token, ref.scan], data)  # type: ignore[no-untyped-call]
    return ref


def withdraw_context(client: Client, ref: ContextRef) -> None:
    """Free the scheduler's copy once the scan is over (Dask has no call to delete a key)."""
    with contextlib.suppress(OSError):  # the scheduler is gone, and so is its copy
        client.set_metadata([CONTEXT_METADATA, ref.token, ref.scan], None)  # type: ignore[no-untyped-call]


def context_for(ref: ContextRef) -> CheckContext:
    """The published context, fetched from the scheduler once per worker process."""
    ctx = _fetched.get(ref.token)
    if ctx is None:
        from distributed import get_client

        keys = [CONTEXT_METADATA, ref.token, ref.scan]
        data = get_client().get_metadata(keys, default=None)  # type: ignore[no-untyped-call]
        if not isinstance(data, bytes):
            raise RuntimeError(f"the school context {ref.token[:12]} is not on the scheduler")
        ctx = pickle.loads(data)  # from the scan's own driver, as Dask's tasks themselves are
        assert isinstance(ctx, CheckContext)
        _fetched.clear()  # one school's context at a time: another replaces it
        _fetched[ref.token] = ctx
    return ctx


def check_shard_on_worker(shard: Shard, job: ShardJob, ref: ContextRef) -> ShardResult:
    """`check_shard` as a task on a cluster at an address, with the published context."""
    one_thread_each()
    return check_shard(shard, job, context_for(ref))
