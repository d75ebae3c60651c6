"""Scan orchestration: read evidence, run the checks in batches, optionally in parallel.

Per-item work (`_check_batch`) is a pure function of a batch of records and the worker's
context, so batches can move between processes (and later onto a Dask cluster) unchanged. The
result is the same whatever the number of jobs: findings are de-duplicated by id and sorted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from saferpractice.checks import RULES, CheckContext, check_record, check_school
from saferpractice.diagnostics import UserError
from saferpractice.evidence.records import Record
from saferpractice.evidence.report import ReadReport
from saferpractice.findings import Finding, sort_key

BATCH_SIZE = 256


@dataclass(frozen=True, slots=True)
class ScanOptions:
    as_of: date
    jobs: int = 1
    since: date | None = None
    rules: frozenset[str] = frozenset(RULES)
    lexicons: tuple[str, ...] = ()
    batch_size: int = BATCH_SIZE


@dataclass(slots=True)
class ScanResult:
    findings: list[Finding]
    report: ReadReport
    checked: Counter[str] = field(default_factory=Counter)  # records checked, by kind
    before_since: int = 0  # records left out by --since (counted, not silently dropped)


def load_context(school_dir: Path, options: ScanOptions) -> CheckContext:
    """Load and validate the school folder and its policy; stop with every error if invalid."""
    from saferpractice.policy import load_default_policy, load_policy
    from saferpractice.school import load_school

    loaded = load_school(school_dir)
    if loaded.school is None:
        errors = [d for d in loaded.diagnostics if d.severity == "error"]
        raise UserError(
            f"the school folder {school_dir} has {len(errors)} error(s); "
            f"run `saferpractice school check {school_dir}` for details",
            errors[:20],
        )
    school = loaded.school
    policy = load_policy(school.policy_path) if school.policy_path else load_default_policy()
    return CheckContext(
        school=school, policy=policy, as_of=options.as_of, lexicon_paths=options.lexicons
    )


def _record_time(record: Record) -> datetime | None:
    for name in ("sent_at", "time"):
        value = getattr(record, name, None)
        if isinstance(value, datetime):
            return value
    meta = getattr(record, "meta", None)
    captured = getattr(meta, "captured_at", None)
    return captured if isinstance(captured, datetime) else None


def iter_records(paths: Sequence[Path], report: ReadReport) -> Iterator[Record]:
    """Every record under the given paths; refs are relative to each path (or its folder)."""
    from saferpractice.evidence.registry import iter_evidence

    for path in paths:
        if not path.exists():
            raise UserError(f"{path}: no such file or folder")
        root = path if path.is_dir() else path.parent
        yield from iter_evidence([path], report, root)


# -- worker side ------------------------------------------------------------------------

_worker_context: CheckContext | None = None
_worker_rules: frozenset[str] = frozenset()


def _init_worker(ctx: CheckContext, rules: frozenset[str]) -> None:
    global _worker_context, _worker_rules
    _worker_context = ctx
    _worker_rules = rules


def _check_batch(batch: list[Record]) -> list[Finding]:
    assert _worker_context is not None, "worker not initialised"
    found: list[Finding] = []
    for record in batch:
        found.extend(check_record(record, _worker_context, _worker_rules))
    return found


# -- driver side ------------------------------------------------------------------------


def _batches(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run_scan(
    ctx: CheckContext,
    evidence: Sequence[Path],
    options: ScanOptions,
    on_progress: Callable[[int, int], None] | None = None,
) -> ScanResult:
    """Check every record under `evidence`; `on_progress(records, findings)` is told as it goes."""
    report = ReadReport()
    result = ScanResult(findings=[], report=report)
    since = options.since

    def wanted() -> Iterator[Record]:
        for record in iter_records(evidence, report):
            moment = _record_time(record)
            if since is not None and moment is not None and ctx.local_date(moment) < since:
                result.before_since += 1
                continue
            result.checked[record.kind.value] += 1
            yield record

    found: list[Finding] = list(check_school(ctx, options.rules))
    seen = 0

    def tick(batch_len: int) -> None:
        nonlocal seen
        seen += batch_len
        if on_progress is not None:
            on_progress(seen, len(found))

    if options.jobs <= 1:
        for batch in _batches(wanted(), options.batch_size):
            for record in batch:
                found.extend(check_record(record, ctx, options.rules))
            tick(len(batch))
    else:
        with ProcessPoolExecutor(
            max_workers=options.jobs, initializer=_init_worker, initargs=(ctx, options.rules)
        ) as pool:
            pending: list[tuple[Future[list[Finding]], int]] = []
            for batch in _batches(wanted(), options.batch_size):
                pending.append((pool.submit(_check_batch, batch), len(batch)))
                while len(pending) >= options.jobs * 4:  # bound memory: a few batches in flight
                    future, size = pending.pop(0)
                    found.extend(future.result())
                    tick(size)
            for future, size in pending:
                found.extend(future.result())
                tick(size)
    unique = {finding.id: finding for finding in found}
    result.findings = sorted(unique.values(), key=sort_key)
    return result
