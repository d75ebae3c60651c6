"""The driver of a sharded scan: plan the shards, hand them out, merge the results.

The driver never reads or parses evidence: workers do that for their own shards
(scan/workers.py). Whatever runs the shards (a local process pool here, a Dask cluster in
scan/cluster.py), the merge puts every piece's findings and read accounting back in the order a
single process would have produced them, so the result equals `--jobs 1` byte for byte.
"""

from __future__ import annotations

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
    pieces = sorted((piece for result in results for piece in result.pieces), key=lambda p: p.key)
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


class Tally:
    """Progress across completed shards: records checked and findings so far."""

    def __init__(self, on_progress: Progress | None) -> None:
        self.on_progress = on_progress
        self.records = 0
        self.findings = 0

    def add(self, result: ShardResult) -> None:
        self.records += result.records
        self.findings += result.findings
        if self.on_progress is not None:
            self.on_progress(self.records, self.findings)


def run_in_pool(
    ctx: CheckContext,
    planned: Planned,
    jobs: int,
    on_progress: Progress | None = None,
) -> list[ShardResult]:
    """Run every shard in a pool of `jobs` local processes; each gets the context once."""
    pool = ProcessPoolExecutor(
        max_workers=jobs, initializer=init_pool_worker, initargs=(fresh_context(ctx),)
    )
    tally = Tally(on_progress)
    results: list[ShardResult] = []
    try:
        for result in _as_completed(pool, planned):
            results.append(result)
            tally.add(result)
    except BaseException:
        _end_workers(pool)
        raise
    pool.shutdown(wait=True)
    return results


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
    `options.cluster`, a Dask cluster (scan/cluster.py)."""
    from saferpractice.scan.engine import ScanResult

    planned = plan_scan(evidence, options.rules, options.since, options.shard_bytes)
    results = run_planned(ctx, planned, options, on_progress)
    merged = merge_results(results, ctx, options.rules, gaps)
    result = ScanResult(findings=merged.findings, report=merged.report, gaps=gaps)
    result.checked = merged.checked
    result.before_since = merged.before_since
    return result


def run_planned(
    ctx: CheckContext, planned: Planned, options: ScanOptions, on_progress: Progress | None
) -> list[ShardResult]:
    """Run the planned shards where the options say: a cluster, a pool, or this process."""
    if options.cluster:
        from saferpractice.scan.cluster import run_on_cluster

        return run_on_cluster(ctx, planned, options.cluster, on_progress)
    if options.jobs > 1:
        return run_in_pool(ctx, planned, options.jobs, on_progress)
    tally = Tally(on_progress)
    results = []
    for shard in planned.plan.shards:
        results.append(check_shard(shard, planned.job, ctx))
        tally.add(results[-1])
    return results
