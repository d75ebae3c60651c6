"""Scan orchestration: load the school, read the evidence and check it, here or in parallel.

One process reads and checks the records itself (`_run_here`). With `--jobs N` or
`--cluster`, the driver plans shards and the workers read, parse and check them
(scan/sharded.py, scan/workers.py). The result is the same whatever the number of jobs:
findings are de-duplicated by id and sorted.
"""

from __future__ import annotations

import os
import signal
import threading
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
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
    """Stop with every error (file, line, reason) in the user's --lexicon files, and with any
    category id message_context.yaml names that the loaded lexicons no longer define.

    The lexicon loader leaves a bad category out and carries on, which is right for a
    built-in set but not for a file the user asked for by name: a typo in a severity would
    silently drop the whole category from the scan (issue 10 item 9).
    """
    if not paths:
        return
    from saferpractice.checks.message_context import lexicon_references
    from saferpractice.detect.lexicon import load_lexicons

    lexicons = load_lexicons(paths)
    problems = [d for d in lexicons.diagnostics if d.severity is Severity.ERROR]
    # The categories the context rules name must still exist with the user's files loaded.
    problems += lexicon_references(lexicons)
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


# -- driver side ------------------------------------------------------------------------


class ScanStopped(SystemExit):
    """A sharded scan stopped by SIGTERM (exit status 143), with the merged results of the
    shards that had finished: `partial`, `shards_done` of `shards`. Uncaught, it exits 143
    like any SIGTERM'd scan; the scan command catches it to keep and report the partial
    results (cli/scan_cmd.py)."""

    def __init__(self, partial: ScanResult, shards_done: int, shards: int) -> None:
        super().__init__(128 + signal.SIGTERM)
        self.partial = partial
        self.shards_done = shards_done
        self.shards = shards


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

    driver = os.getpid()

    def raise_terminated(signum: int, frame: object) -> None:
        if os.getpid() != driver:
            # A worker forked a moment ago still has the driver's handler (the driver passes
            # SIGTERM on to its workers): end it as SIGTERM does by default, not with an
            # exception inside fork's callbacks, which Python prints as a traceback.
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        raise _TerminatedError()

    previous = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_scan(
    ctx: CheckContext,
    evidence: Sequence[Path],
    options: ScanOptions,
    on_progress: Callable[[int, int], None] | None = None,
    gaps: SchoolGaps | None = None,
) -> ScanResult:
    """Check every record under `evidence`; `on_progress(records, findings)` is told as it goes.

    `gaps` (from `load_context_with_gaps`) leaves out the rules an unusable register cannot
    support and adds its caveats to the findings it may have changed. With `jobs > 1` or a
    cluster, workers read their own shards (scan/sharded.py). A SIGTERM ends the scan with
    `SystemExit(143)` after ending every worker process.
    """
    gaps = gaps or SchoolGaps()
    if gaps.not_run:
        options = replace(options, rules=options.rules - frozenset(gaps.not_run))
    with _stop_on_sigterm():
        try:
            if options.jobs > 1 or options.cluster:
                from saferpractice.scan.sharded import run_sharded_scan

                return run_sharded_scan(ctx, evidence, options, on_progress, gaps)
            return _run_here(ctx, evidence, options, on_progress, gaps)
        except _TerminatedError:
            raise SystemExit(128 + signal.SIGTERM) from None


def _run_here(
    ctx: CheckContext,
    evidence: Sequence[Path],
    options: ScanOptions,
    on_progress: Callable[[int, int], None] | None,
    gaps: SchoolGaps,
) -> ScanResult:
    """The scan in this process: read, check and tell progress every `batch_size` records."""
    report = ReadReport()
    result = ScanResult(findings=[], report=report, gaps=gaps)
    since = options.since
    origin_of = _Origins(evidence_root(evidence))
    found: list[Finding] = list(check_school(ctx, options.rules))
    seen = 0
    for record in iter_records(evidence, report):
        moment = _record_time(record)
        if since is not None and moment is not None and ctx.local_date(moment) < since:
            result.before_since += 1
            continue
        result.checked[record.kind.value] += 1
        found.extend(check_one(record, origin_of(record), ctx, options.rules))
        seen += 1
        if on_progress is not None and seen % options.batch_size == 0:
            on_progress(seen, len(found))
    if on_progress is not None:
        on_progress(seen, len(found))
    unique = {finding.id: finding for finding in with_caveats(found, gaps)}
    result.findings = sorted(unique.values(), key=sort_key)
    return result
