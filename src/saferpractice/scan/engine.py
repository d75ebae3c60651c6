"""Scan orchestration: read evidence, run the checks in batches, optionally in parallel.

Per-item work (`_check_batch`) is a pure function of a batch of records and the worker's
context, so batches can move between processes (and later onto a Dask cluster) unchanged. The
result is the same whatever the number of jobs: findings are de-duplicated by id and sorted.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from saferpractice.checks import RULES, CheckContext, check_record, check_school
from saferpractice.diagnostics import Severity, UserError
from saferpractice.evidence.records import Record
from saferpractice.evidence.report import ReadReport
from saferpractice.findings import Finding, sort_key, with_origin
from saferpractice.scan.school_gaps import SchoolGaps, gaps_of, with_caveats

BATCH_SIZE = 256
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_Item = tuple[Record, str]  # a record and the resolved path of its file


@dataclass(frozen=True, slots=True)
class ScanOptions:
    as_of: date
    jobs: int = 1
    since: date | None = None
    rules: frozenset[str] = frozenset(RULES)
    lexicons: tuple[str, ...] = ()
    batch_size: int = BATCH_SIZE
    strict: bool = True  # refuse a school folder with any error (the CLI's default is False)
    policy: Path | None = None  # a policy file named by the user, from anywhere
    # With jobs > 1 or a cluster, workers read and parse their own shards (scan/sharded.py).
    cluster: str | None = None  # "tcp://scheduler:8786" or "local:N" (scan/cluster.py)
    shard_bytes: int = 32 << 20


@dataclass(slots=True)
class ScanResult:
    findings: list[Finding]
    report: ReadReport
    checked: Counter[str] = field(default_factory=Counter)  # records checked, by kind
    before_since: int = 0  # records left out by --since (counted, not silently dropped)
    gaps: SchoolGaps = field(default_factory=SchoolGaps)  # what the school folder lacked


def load_context(school_dir: Path, options: ScanOptions) -> CheckContext:
    """Load the school folder and its policy (see `load_context_with_gaps`)."""
    return load_context_with_gaps(school_dir, options)[0]


def load_context_with_gaps(
    school_dir: Path, options: ScanOptions
) -> tuple[CheckContext, SchoolGaps]:
    """Load and validate the school folder and its policy.

    With `options.strict` any error stops the scan with every error listed. Without it the
    scan goes on with what could be used, and the returned `SchoolGaps` says what was left
    out and which rules that weakens (see scan/school_gaps.py).
    """
    from saferpractice.policy import load_default_policy, load_policy
    from saferpractice.school import load_school

    check_lexicon_files(options.lexicons)
    loaded = load_school(school_dir)
    gaps = gaps_of(loaded, str(school_dir), sorted(options.rules), options.strict)
    school = loaded.school or loaded.partial
    assert school is not None  # gaps_of refuses a folder with nothing usable
    policy_path = options.policy or school.policy_path
    policy = load_policy(policy_path) if policy_path else load_default_policy()
    ctx = CheckContext(
        school=school, policy=policy, as_of=options.as_of, lexicon_paths=options.lexicons
    )
    return ctx, gaps


def check_lexicon_files(paths: Sequence[str | Path]) -> None:
    """Stop with every error (file, line, reason) in the user's --lexicon files.

    The lexicon loader leaves a bad category out and carries on, which is right for a
    built-in set but not for a file the user asked for by name: a typo in a severity would
    silently drop the whole category from the scan (issue 10 item 9).
    """
    if not paths:
        return
    from saferpractice.detect.lexicon import load_lexicons

    problems = [d for d in load_lexicons(paths).diagnostics if d.severity is Severity.ERROR]
    if problems:
        raise UserError(
            f"the --lexicon file(s) have {len(problems)} error(s); fix them or leave the file out",
            problems[:20],
        )


def _record_time(record: Record) -> datetime | None:
    """`record.occurred_at` (kept as a name for callers of the engine's helpers)."""
    return record.occurred_at


def evidence_root(paths: Sequence[Path]) -> Path:
    """The folder every finding's `source` is relative to: the deepest folder holding all the
    evidence arguments (a folder argument counts as itself, a file as its folder).

    With one folder argument this is that folder, as before. With several (two phones'
    exports) each file keeps a distinct source such as `phone1/messages.csv`, and a social
    export's owner folder (`S012/...`) stays visible even when it is given as the argument.
    """
    roots = [os.path.realpath(path if path.is_dir() else path.parent) for path in paths]
    if not roots:
        return Path()
    return Path(os.path.commonpath(roots))


def iter_records(paths: Sequence[Path], report: ReadReport) -> Iterator[Record]:
    """Every record under the given paths; sources are relative to `evidence_root(paths)`."""
    from saferpractice.evidence.registry import iter_evidence

    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise UserError(f"{path}: no such file or folder")
    root = evidence_root(paths)
    for path in paths:
        yield from iter_evidence([path], report, root)


class _Origins:
    """The resolved absolute path of each record's file, resolved once per source."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache: dict[str, str] = {}

    def __call__(self, record: Record) -> str:
        found = self.cache.get(record.source)
        if found is None:
            found = os.path.realpath(self.root / record.source)
            self.cache[record.source] = found
        return found


def check_one(
    record: Record, origin: str, ctx: CheckContext, rules: Collection[str]
) -> list[Finding]:
    """The findings for one record, identified by the file the record came from."""
    return [with_origin(f, origin) for f in check_record(record, ctx, rules)]


# -- worker side ------------------------------------------------------------------------

_worker_context: CheckContext | None = None
_worker_rules: frozenset[str] = frozenset()


def _init_worker(ctx: CheckContext, rules: frozenset[str]) -> None:
    global _worker_context, _worker_rules
    _worker_context = ctx
    _worker_rules = rules
    _die_with_parent()


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


def _check_batch(batch: list[tuple[Record, str]]) -> list[Finding]:
    assert _worker_context is not None, "worker not initialised"
    found: list[Finding] = []
    for record, origin in batch:
        found.extend(check_one(record, origin, _worker_context, _worker_rules))
    return found


# -- driver side ------------------------------------------------------------------------


def _batches(records: Iterable[_Item], size: int) -> Iterator[list[_Item]]:
    batch: list[_Item] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _TerminatedError(BaseException):  # not Exception: no reader may swallow it
    """SIGTERM arrived: stop the scan and its workers now."""


@contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM into an exception in the driver, so the worker pool is shut down (and its
    processes ended) on the way out instead of being left running. Only the main thread may
    set a signal handler; elsewhere (a web worker thread) nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def raise_terminated(signum: int, frame: object) -> None:
        raise _TerminatedError()

    previous = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _end_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel queued batches and end the worker processes at once."""
    # Take the processes first: shutdown() forgets them. `_processes` is private, but it is
    # the only handle on the workers that the executor gives.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()


def run_scan(
    ctx: CheckContext,
    evidence: Sequence[Path],
    options: ScanOptions,
    on_progress: Callable[[int, int], None] | None = None,
    gaps: SchoolGaps | None = None,
) -> ScanResult:
    """Check every record under `evidence`; `on_progress(records, findings)` is told as it goes.

    `gaps` (from `load_context_with_gaps`) leaves out the rules an unusable register cannot
    support and adds its caveats to the findings it may have changed. A SIGTERM ends the
    scan with `SystemExit(143)` after ending every worker process.
    """
    gaps = gaps or SchoolGaps()
    if gaps.not_run:
        options = replace(options, rules=options.rules - frozenset(gaps.not_run))
    report = ReadReport()
    result = ScanResult(findings=[], report=report, gaps=gaps)
    since = options.since
    origin_of = _Origins(evidence_root(evidence))

    def wanted() -> Iterator[_Item]:
        for record in iter_records(evidence, report):
            moment = _record_time(record)
            if since is not None and moment is not None and ctx.local_date(moment) < since:
                result.before_since += 1
                continue
            result.checked[record.kind.value] += 1
            yield record, origin_of(record)

    if options.jobs > 1 or options.cluster:
        from saferpractice.scan.sharded import run_sharded_scan

        with _stop_on_sigterm():
            try:
                return run_sharded_scan(ctx, evidence, options, on_progress, gaps)
            except _TerminatedError:
                raise SystemExit(128 + signal.SIGTERM) from None

    found: list[Finding] = list(check_school(ctx, options.rules))
    seen = 0

    def tick(batch_len: int) -> None:
        nonlocal seen
        seen += batch_len
        if on_progress is not None:
            on_progress(seen, len(found))

    with _stop_on_sigterm():
        try:
            if options.jobs <= 1:
                for batch in _batches(wanted(), options.batch_size):
                    for record, origin in batch:
                        found.extend(check_one(record, origin, ctx, options.rules))
                    tick(len(batch))
            else:
                _run_parallel(ctx, options, wanted(), found, tick)
        except _TerminatedError:
            raise SystemExit(128 + signal.SIGTERM) from None
    unique = {finding.id: finding for finding in with_caveats(found, gaps)}
    result.findings = sorted(unique.values(), key=sort_key)
    return result


def _run_parallel(
    ctx: CheckContext,
    options: ScanOptions,
    items: Iterable[_Item],
    found: list[Finding],
    tick: Callable[[int], None],
) -> None:
    pool = ProcessPoolExecutor(
        max_workers=options.jobs, initializer=_init_worker, initargs=(ctx, options.rules)
    )
    try:
        pending: list[tuple[Future[list[Finding]], int]] = []
        for batch in _batches(items, options.batch_size):
            pending.append((pool.submit(_check_batch, batch), len(batch)))
            while len(pending) >= options.jobs * 4:  # bound memory: a few batches in flight
                future, size = pending.pop(0)
                found.extend(future.result())
                tick(size)
        for future, size in pending:
            found.extend(future.result())
            tick(size)
    except BaseException:
        _end_workers(pool)
        raise
    pool.shutdown(wait=True)
