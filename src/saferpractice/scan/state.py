"""Incremental rescans: remember what a scan read, and next time read only what is new.

A scan run with `--state FILE` records, for every file it read: its resolved path, the source
name its findings carry, device and inode, size, modification time, a hash of its head (the
first 64 KiB) and of the 4 KiB before its end, and, for an mbox, the offset of its last
message. It also records the findings, so the next scan can merge into them.

`--since-state FILE` then compares each file with its record:

- a file not in the record is new: it is read whole;
- a file whose identity, size, time and hashes all match is unchanged: it is not read;
- an mbox that only grew (same identity, same head, same bytes before its old end) is read
  from its last recorded message on (that message is read again, in case it was still being
  written; merging by id keeps it once);
- anything else (rewritten, truncated, replaced, or another kind of file that changed) is
  read again whole, its old findings are dropped in favour of the new ones, and the scan says
  so. A Maildir folder is always read whole (its messages are files of their own).

The state is taken before the evidence is read, so mail that arrives during a scan is read
again next time rather than missed. The new findings are merged into the old by id, and the
counts of the files not read again (or read from their last message on) are carried over
from the state, so the summary counts the whole result, not only the part read this time.
The warnings behind those carried counts are listed by the scan that read them.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from saferpractice.checks import CheckContext
from saferpractice.diagnostics import UserError
from saferpractice.evidence.mbox_split import LOOKAHEAD, SEPARATOR, is_separator
from saferpractice.evidence.report import ReadReport, SourceStats
from saferpractice.findings import EvidencePointer, Finding, Level, Priority, sort_key
from saferpractice.scan.school_gaps import SchoolGaps
from saferpractice.scan.shards import SKIP

STATE_FORMAT = "saferpractice-scan-state"
STATE_VERSION = 2  # 2: each file's counts (`FileState.tally`)
HEAD_BYTES = 64 * 1024
TAIL_BYTES = 4 * 1024
_BACK_STEP = 1 << 20


@dataclass(frozen=True, slots=True)
class FileState:
    path: str  # resolved
    source: str  # as the findings name it (relative to the scan's evidence root)
    device: int
    inode: int
    size: int
    mtime_ns: int
    head: str  # blake2b of the first HEAD_BYTES
    tail: str  # blake2b of the TAIL_BYTES before `size`
    mbox_last: int | None = None  # offset of the last message of an mbox
    # What the scans so far counted in this file (see `Tally`): a rescan that does not read
    # it again still counts it, so the summary is the whole result's.
    tally: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class Changes:
    """What a rescan found since the state was taken, for the scan's summary."""

    new: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    appended: list[tuple[str, int]] = field(default_factory=list)  # source, bytes appended
    reread: list[tuple[str, str]] = field(default_factory=list)  # source, why
    gone: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)  # Maildir folders, always read whole

    def lines(self) -> list[str]:
        said = [
            f"Incremental rescan: {len(self.unchanged):,} unchanged file(s) not read, "
            f"{len(self.new):,} new file(s) read, {len(self.appended):,} mbox file(s) read "
            f"from their last message on ({sum(n for _, n in self.appended):,} bytes appended)."
        ]
        for source, why in self.reread:
            said.append(f"{source}: {why}; read again whole")
        if self.folders:
            said.append(f"{len(self.folders):,} Maildir folder(s) read whole (not tracked)")
        if self.gone:
            said.append(
                f"{len(self.gone):,} file(s) in the state are gone; their findings are kept"
            )
        return said


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _read_at(path: Path, offset: int, size: int) -> bytes:
    with path.open("rb") as stream:
        stream.seek(offset)
        return stream.read(size)


def last_message_offset(path: Path, size: int) -> int:
    """The offset of the last message in an mbox of `size` bytes (0 if it has one message),
    found by the splitter's own separator test, reading back from the end a window at a time."""
    end = size
    while end > 0:
        start = max(0, end - _BACK_STEP)
        window = _read_at(path, start, end - start + LOOKAHEAD)
        search_end = end - start
        while True:
            found = window.rfind(SEPARATOR, 0, search_end)
            if found < 0:
                break
            if is_separator(window, found + 1):
                return start + found + 1
            search_end = found + len(SEPARATOR) - 1
        if start == 0:
            break
        end = start + len(SEPARATOR)  # a separator across the window's edge is seen next time
    return 0


def fingerprint(path: Path, source: str, is_mbox: bool) -> FileState:
    info = path.stat()
    size = info.st_size
    head = _read_at(path, 0, min(size, HEAD_BYTES))
    tail_from = max(0, size - TAIL_BYTES)
    tail = _read_at(path, tail_from, size - tail_from)
    return FileState(
        path=os.path.realpath(path),
        source=source,
        device=info.st_dev,
        inode=info.st_ino,
        size=size,
        mtime_ns=info.st_mtime_ns,
        head=_digest(head),
        tail=_digest(tail),
        mbox_last=last_message_offset(path, size) if is_mbox else None,
    )


def snapshot(evidence: Sequence[Path], root: Path) -> tuple[dict[str, FileState], list[str]]:
    """The state of every file under `evidence` now, and the Maildir folders (not tracked)."""
    from saferpractice.evidence.csvutil import source_name
    from saferpractice.evidence.registry import MBOX, identify, walk

    files: dict[str, FileState] = {}
    folders: list[str] = []
    for path in walk(list(evidence)):
        source = source_name(path, root)
        try:
            if not path.is_file():
                if path.is_dir():
                    folders.append(source)
                continue
            spec = identify(path)[0]
            state = fingerprint(path, source, spec is MBOX)
        except OSError:
            continue  # the scan reads it and reports why it cannot
        files[state.path] = state
    return files, folders


def _unchanged_bytes(old: FileState, path: Path) -> bool:
    """The head and the bytes before the old end are as they were."""
    head = _read_at(path, 0, min(old.size, HEAD_BYTES))
    tail_from = max(0, old.size - TAIL_BYTES)
    tail = _read_at(path, tail_from, old.size - tail_from)
    return _digest(head) == old.head and _digest(tail) == old.tail


def compare(
    previous: Mapping[str, FileState], now: Mapping[str, FileState], folders: list[str]
) -> tuple[dict[str, int], Changes]:
    """The `resume` map for the shard planner (see shards.plan_shards), and what changed."""
    resume: dict[str, int] = {}
    changes = Changes(folders=list(folders))
    for key, current in now.items():
        old = previous.get(key)
        if old is None:
            changes.new.append(current.source)
            continue
        same_file = (old.device, old.inode) == (current.device, current.inode)
        same_stat = same_file and (old.size, old.mtime_ns) == (current.size, current.mtime_ns)
        if same_stat and (old.head, old.tail) == (current.head, current.tail):
            resume[key] = SKIP
            changes.unchanged.append(current.source)
            continue
        grew = same_file and current.size > old.size
        if grew and old.mbox_last is not None and current.mbox_last is not None:
            try:
                kept = _unchanged_bytes(old, Path(key))
            except OSError:
                kept = False
            if kept:
                resume[key] = old.mbox_last
                changes.appended.append((current.source, current.size - old.size))
                continue
        changes.reread.append((current.source, _why_changed(old, current, same_file)))
    changes.gone = sorted(old.source for key, old in previous.items() if key not in now)
    _reread_beside_changed_sidecars(now, resume, changes)
    return resume, changes


def _reread_beside_changed_sidecars(
    now: Mapping[str, FileState], resume: dict[str, int], changes: Changes
) -> None:
    """An image's findings depend on the images.csv beside it: when that changed (or is new),
    the folder's unchanged files are read again too."""
    from saferpractice.evidence.images import SIDECAR_NAME

    folders = {
        Path(key).parent
        for key in now
        if Path(key).name == SIDECAR_NAME and resume.get(key) != SKIP
    }
    for key, current in now.items():
        if resume.get(key) == SKIP and Path(key).parent in folders:
            del resume[key]
            changes.unchanged.remove(current.source)
            changes.reread.append((current.source, f"the {SIDECAR_NAME} beside it changed"))


def _why_changed(old: FileState, current: FileState, same_file: bool) -> str:
    if not same_file:
        return "replaced by another file since the last scan"
    if current.size < old.size:
        return f"truncated from {old.size:,} to {current.size:,} bytes since the last scan"
    if current.size > old.size and old.mbox_last is not None:
        return "grew, but its earlier bytes changed too"
    return "changed since the last scan"


# -- the state file ---------------------------------------------------------------------


def _finding_from_json(row: Mapping[str, Any]) -> Finding:
    evidence = row["evidence"]
    occurred = row.get("occurred_at")
    return Finding(
        id=row["id"],
        rule=row["rule"],
        level=Level(row["level"]),
        policy_item=row["policy_item"],
        people=tuple(row["people"]),
        summary=row["summary"],
        why=tuple(row["why"]),
        evidence=EvidencePointer(
            kind=evidence["kind"],
            source=evidence["source"],
            ref=evidence["ref"],
            excerpt=evidence.get("excerpt", ""),
            spans=tuple((int(a), int(b), str(c)) for a, b, c in evidence.get("spans", ())),
        ),
        occurred_at=datetime.fromisoformat(occurred) if occurred else None,
        priority=Priority(row.get("priority", Priority.ROUTINE.value)),
        priority_reason=row.get("priority_reason", ""),
    )


@dataclass(slots=True)
class ScanState:
    files: dict[str, FileState]
    findings: list[Finding]


def load_state(path: Path) -> ScanState:
    """Read a state file, or stop with a message naming the file and what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UserError(f"{path}: cannot read the scan state ({error.strerror or error})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UserError(f"{path}: not a scan state file ({error})") from None
    if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
        raise UserError(f"{path}: not a saferpractice scan state file")
    if data.get("version") != STATE_VERSION:
        raise UserError(
            f"{path}: scan state version {data.get('version')!r}; this version reads "
            f"{STATE_VERSION} (run a full scan with --state to start again)"
        )
    try:
        files = {row["path"]: FileState(**row) for row in data["files"]}
        findings = [_finding_from_json(row) for row in data["findings"]]
    except (KeyError, TypeError, ValueError) as error:
        raise UserError(
            f"{path}: the scan state is damaged ({type(error).__name__}: {error})"
        ) from None
    return ScanState(files, findings)


def save_state(path: Path, state: ScanState) -> None:
    """Write the state atomically (a killed scan leaves the previous state, whole)."""
    from saferpractice.scan.output import atomic_output

    body = {
        "format": STATE_FORMAT,
        "version": STATE_VERSION,
        "files": [asdict(file) for file in sorted(state.files.values(), key=lambda f: f.path)],
        "findings": [finding.to_json() for finding in state.findings],
    }
    try:
        with atomic_output(path) as handle:
            json.dump(body, handle, ensure_ascii=True, allow_nan=False)  # file names round-trip
            handle.write("\n")
    except OSError as error:
        raise UserError(f"cannot write the scan state {path}: {error.strerror or error}") from None


def merge_findings(
    previous: Iterable[Finding], new: Iterable[Finding], dropped_sources: Iterable[str]
) -> list[Finding]:
    """The previous findings (less those from files read again whole) and the new, by id."""
    dropped = set(dropped_sources)
    merged = {f.id: f for f in previous if f.evidence.source not in dropped}
    merged.update((f.id, f) for f in new)
    return sorted(merged.values(), key=sort_key)


# -- the incremental scan ---------------------------------------------------------------


def run_with_state(
    ctx: CheckContext,
    evidence: Sequence[Path],
    options: Any,
    on_progress: Callable[[int, int], None] | None,
    gaps: SchoolGaps,
    since_state: Path | None,
    save_to: Path | None,
) -> tuple[Any, Changes | None]:
    """A scan that reads only what changed since `since_state` (all of it without one), merges
    the findings into the old ones, and writes the new state to `save_to`."""
    from dataclasses import replace

    from saferpractice.scan.engine import ScanResult, _stop_on_sigterm, evidence_root
    from saferpractice.scan.sharded import Stopped, merge_results, plan_scan, run_planned

    if gaps.not_run:
        options = replace(options, rules=options.rules - frozenset(gaps.not_run))
    previous = load_state(since_state) if since_state is not None else None
    for path in evidence:
        if not path.exists() and not path.is_symlink():
            raise UserError(f"{path}: no such file or folder")
    root = evidence_root(evidence)
    files, folders = snapshot(evidence, root)  # before reading: nothing arriving is missed
    resume: dict[str, int] = {}
    changes: Changes | None = None
    if previous is not None:
        resume, changes = compare(previous.files, files, folders)
    planned = plan_scan(evidence, options.rules, options.since, options.shard_bytes, resume)
    with _stop_on_sigterm():
        try:
            results = run_planned(ctx, planned, options, on_progress)
        except Stopped:  # the previous state file stays as it was: the next scan redoes this
            raise SystemExit(128 + signal.SIGTERM) from None
    merged = merge_results(results, ctx, options.rules, gaps)
    findings = merged.findings
    if previous is not None and changes is not None:
        findings = merge_findings(
            previous.findings, findings, (source for source, _ in changes.reread)
        )
    tallies = Tally.of_files(planned, results, merged.report, files)
    if previous is not None:
        for key in resume:  # unchanged (not read) or appended (read on from the last message)
            carried = Tally(previous.files[key].tally)
            carried.add_to(merged.checked, merged.report, files[key].source)
            merged.before_since += carried.before_since
            tallies[key] = carried.plus(tallies.get(key))
    files = {
        key: replace(state, tally=tallies.get(key, Tally()).counts) for key, state in files.items()
    }
    result = ScanResult(findings=findings, report=merged.report, gaps=gaps)
    result.checked = merged.checked
    result.before_since = merged.before_since
    if save_to is not None:
        save_state(save_to, ScanState(files, findings))
    return result, changes


class Tally:
    """One file's counts: items checked by kind, left out by --since, and read, warned and
    skipped (its source's read accounting)."""

    def __init__(self, counts: Mapping[str, int] | None = None) -> None:
        self.counts: dict[str, int] = dict(counts or {})

    def bump(self, name: str, amount: int) -> None:
        if amount:
            self.counts[name] = self.counts.get(name, 0) + amount

    @property
    def before_since(self) -> int:
        return self.counts.get("before_since", 0)

    def plus(self, other: Tally | None) -> Tally:
        total = Tally(self.counts)
        for name, amount in (other.counts if other else {}).items():
            total.bump(name, amount)
        return total

    def add_to(self, checked: Counter[str], report: ReadReport, source: str) -> None:
        """Add these counts to a scan's `checked` and read accounting."""
        for name, amount in self.counts.items():
            if name.startswith("checked:"):
                checked[name.removeprefix("checked:")] += amount
        stats = ReadReport()
        stats.stats[source] = SourceStats(
            self.counts.get("read", 0), self.counts.get("warned", 0), self.counts.get("skipped", 0)
        )
        report.merge(stats)

    @classmethod
    def of_files(
        cls,
        planned: Any,
        results: Iterable[Any],
        report: ReadReport,
        files: Mapping[str, FileState],
    ) -> dict[str, Tally]:
        """Each tracked file's counts in this scan's results (pieces are mapped to files)."""
        path_of = {
            piece.key: os.path.realpath(piece.path)
            for shard in planned.plan.shards
            for piece in shard.pieces
        }
        tallies: dict[str, Tally] = {}
        for result in results:
            for piece in result.pieces:
                tally = tallies.setdefault(path_of[piece.key], cls())
                for kind, count in piece.checked.items():
                    tally.bump(f"checked:{kind}", count)
                tally.bump("before_since", piece.before_since)
        for key, state in files.items():
            stats = report.stats.get(state.source)
            if stats is not None:
                tally = tallies.setdefault(key, cls())
                for name in ("read", "warned", "skipped"):
                    tally.bump(name, getattr(stats, name))
        return tallies
