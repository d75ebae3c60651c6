"""The driver of a sharded scan: plan the shards, hand them out, merge the results.

The driver never reads or parses evidence: workers do that for their own shards
(scan/workers.py). Whatever runs the shards (a local process pool here, a Dask cluster in
scan/cluster.py), the merge puts every piece's findings and read accounting back in the order a
single process would have produced them, so the result equals `--jobs 1` byte for byte.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from saferpractice.checks import CheckContext, check_school
from saferpractice.diagnostics import UserError
from saferpractice.evidence.report import ReadReport
from saferpractice.findings import Finding, sort_key
from saferpractice.scan.forksafe import forking_workers
from saferpractice.scan.school_gaps import SchoolGaps, with_caveats
from saferpractice.scan.shards import SHARD_BYTES, ShardPlan, plan_shards
from saferpractice.scan.workers import (
    ShardJob,
    ShardResult,
    check_shard,
    check_shard_in_pool,
    init_pool_worker,
)

if TYPE_CHECKING:
    from saferpractice.scan.engine import ScanOptions, ScanResult

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Planned:
    plan: ShardPlan
    job: ShardJob


def plan_scan(
    evidence: Sequence[Path],
    rules: frozenset[str],
    since: object,
    shard_bytes: int = SHARD_BYTES,
    resume: Mapping[str, int] | None = None,
) -> Planned:
    """The shards of a scan of `evidence` and what every shard's task shares."""
    from datetime import date

    from saferpractice.scan.engine import evidence_root

    for path in evidence:
        if not path.exists() and not path.is_symlink():
            raise UserError(f"{path}: no such file or folder")
    root = evidence_root(evidence)
    plan = plan_shards(evidence, root, shard_bytes, resume)
    assert since is None or isinstance(since, date)
    return Planned(plan, ShardJob(str(root), rules, since))


def fresh_context(ctx: CheckContext) -> CheckContext:
    """A copy of the context without its cached detectors: small to send, built where used."""
    return replace(ctx)


def warm_up(ctx: CheckContext) -> None:
    """Import the readers and build the context's detectors now, in the driver, so that
    workers forked from it start with them (copy-on-write) instead of each building its own.

    The single-process scan pays the same once, so this moves work, it adds none.
    """
    from saferpractice.evidence import (  # noqa: F401  (imported for the forked workers)
        devices,
        images,
        imazing,
        mail,
        messages,
        msg,
        pst,
        sms_backup,
        social,
        web,
        whatsapp,
    )

    sample = "Ring 07700 900123 or +44 20 7946 0000, pat@example.com, www.example.org, @pat"
    ctx.contacts.find(sample)  # phone metadata for GB, the fast paths' patterns
    ctx.risk.find(sample)  # the lexicon database (compiled, or loaded from its cache)
    for name in ("own_detail_cues", "web_categories", "usernames", "personal_handles"):
        getattr(ctx, name)
    _ = ctx.handles_anywhere
    if ctx.semantic is not None:
        ctx.semantic.available()  # loads the model once; ONNX runs one thread, so forks safely


@dataclass(slots=True)
class Merged:
    findings: list[Finding]
    report: ReadReport
    checked: Counter[str]
    before_since: int


def merge_results(
    results: Iterable[ShardResult],
    ctx: CheckContext,
    rules: frozenset[str],
    gaps: SchoolGaps,
) -> Merged:
    """One result from the shards' results, in single-process order (by piece key)."""
    pieces = sorted(
        (piece for result in without_abandoned(results) for piece in result.pieces),
        key=lambda p: p.key,
    )
    report = ReadReport()
    found: list[Finding] = list(check_school(ctx, rules))
    checked: Counter[str] = Counter()
    before_since = 0
    for piece in pieces:
        report.merge(piece.report)
        found.extend(piece.findings)
        checked.update(piece.checked)
        before_since += piece.before_since
    unique = {finding.id: finding for finding in with_caveats(found, gaps)}
    return Merged(sorted(unique.values(), key=sort_key), report, checked, before_since)


def without_abandoned(results: Iterable[ShardResult]) -> list[ShardResult]:
    """The results without the pieces of a file after one where its reader gave up on it
    (100 unreadable rows or lines in a row): a whole-file read stops there too."""
    results = list(results)
    given_up: dict[int, int] = {}  # a file's walk position: the start of the piece given up in
    for result in results:
        for piece in result.pieces:
            if piece.abandoned:
                file, start = piece.key
                given_up[file] = min(start, given_up.get(file, start))
    if not given_up:
        return results
    return [
        replace(
            result,
            pieces=[
                piece
                for piece in result.pieces
                if piece.key[0] not in given_up or piece.key[1] <= given_up[piece.key[0]]
            ],
        )
        for result in results
    ]


class Tally:
    """The shards done so far, and progress across them: records checked, findings found."""

    def __init__(self, on_progress: Progress | None) -> None:
        self.on_progress = on_progress
        self.records = 0
        self.findings = 0
        self.results: list[ShardResult] = []

    def add(self, result: ShardResult) -> None:
        self.results.append(result)
        self.records += result.records
        self.findings += result.findings
        if self.on_progress is not None:
            self.on_progress(self.records, self.findings)


class Stopped(BaseException):  # not Exception: no reader may swallow it
    """The scan was stopped (SIGTERM) with `tally.results` done out of `shards`."""

    def __init__(self, tally: Tally, shards: int) -> None:
        super().__init__(f"stopped after {len(tally.results)} of {shards} shards")
        self.tally = tally
        self.shards = shards


def run_in_pool(
    ctx: CheckContext,
    planned: Planned,
    jobs: int,
    on_progress: Progress | None = None,
    tally: Tally | None = None,
) -> list[ShardResult]:
    """Run every shard in a pool of `jobs` local processes.

    With the "fork" start method (Linux) the workers inherit the driver's context with its
    detectors already built, so no worker unpickles the school or compiles a detector: that
    per-worker start-up was most of the gap to a linear speed-up (docs/benchmarks.md).
    Elsewhere each worker gets a copy of the context, without its detectors, once.
    """
    tally = tally or Tally(on_progress)
    forking = multiprocessing.get_start_method() == "fork"
    if forking:
        warm_up(ctx)  # a forked worker's initargs are inherited, not pickled: no copy is made
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        initializer=init_pool_worker,
        initargs=(ctx if forking else fresh_context(ctx),),
    )
    try:
        with forking_workers():  # the pool forks its workers lazily, as shards are submitted
            for result in _as_completed(pool, planned):
                tally.add(result)
    except BaseException:
        _end_workers(pool)
        raise
    pool.shutdown(wait=True)
    return tally.results


def _end_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel queued shards and end the worker processes at once."""
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


def _as_completed(pool: ProcessPoolExecutor, planned: Planned) -> Iterator[ShardResult]:
    pending: set[Future[ShardResult]] = {
        pool.submit(check_shard_in_pool, shard, planned.job) for shard in planned.plan.shards
    }
    while pending:
        # Wake now and then: a SIGTERM delivered to another thread only runs the scan's
        # handler (which ends the workers) when this, the main thread, runs Python again.
        done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
        for future in done:
            yield future.result()


def run_sharded_scan(
    ctx: CheckContext,
    evidence: Sequence[Path],
    options: ScanOptions,
    on_progress: Progress | None,
    gaps: SchoolGaps,
) -> ScanResult:
    """A scan whose workers read their own shards: a local pool (`options.jobs`) or, with
    `options.cluster`, a Dask cluster (scan/cluster.py).

    Stopped by SIGTERM, it raises `engine.ScanStopped` holding the merged results of the
    shards that had finished, so the caller can keep and report them.
    """
    from saferpractice.scan.engine import ScanStopped

    planned = plan_scan(evidence, options.rules, options.since, options.shard_bytes)
    try:
        results = run_planned(ctx, planned, options, on_progress)
    except Stopped as stopped:
        partial = _as_result(merge_results(stopped.tally.results, ctx, options.rules, gaps), gaps)
        raise ScanStopped(partial, len(stopped.tally.results), stopped.shards) from None
    return _as_result(merge_results(results, ctx, options.rules, gaps), gaps)


def _as_result(merged: Merged, gaps: SchoolGaps) -> ScanResult:
    from saferpractice.scan.engine import ScanResult

    result = ScanResult(findings=merged.findings, report=merged.report, gaps=gaps)
    result.checked = merged.checked
    result.before_since = merged.before_since
    return result


def run_planned(
    ctx: CheckContext, planned: Planned, options: ScanOptions, on_progress: Progress | None
) -> list[ShardResult]:
    """Run the planned shards where the options say: a cluster, a pool, or this process.

    A SIGTERM (turned into `engine._TerminatedError` by the scan's handler) ends the workers
    and raises `Stopped` with the shards done so far.
    """
    from saferpractice.scan.engine import _TerminatedError

    tally = Tally(on_progress)
    try:
        if options.cluster:
            from saferpractice.scan.cluster import run_on_cluster

            return without_abandoned(run_on_cluster(ctx, planned, options.cluster, tally=tally))
        if options.jobs > 1:
            return without_abandoned(run_in_pool(ctx, planned, options.jobs, tally=tally))
        for shard in planned.plan.shards:
            tally.add(check_shard(shard, planned.job, ctx))
        return without_abandoned(tally.results)
    except _TerminatedError:
        raise Stopped(tally, len(planned.plan.shards)) from None
