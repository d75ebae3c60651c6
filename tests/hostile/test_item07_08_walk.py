"""Issue 10 items 7 and 8 (the evidence folder walk): one locked folder never aborts a
scan, symbolic links to folders are read (once) or counted, and every entry of the tree is
either read or counted as skipped with its reason, so the counts add up.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_cli import AS_OF, FIXTURE_SCHOOL, findings

from saferpractice.evidence.registry import iter_evidence
from saferpractice.evidence.report import ReadReport

ROW = "m{0},sms,2026-11-1{0}T10:15:00+00:00,07700 900456,07700 900789,Running late\n"
HEADER = "id,channel,sent_at,from,to,body\n"


@pytest.fixture
def world() -> Iterator[Path]:
    """A folder every user can read (the scan may run as 'nobody' to meet a locked folder)."""
    folder = Path(tempfile.mkdtemp(prefix="hostile-walk-"))
    folder.chmod(0o755)
    yield folder
    for path in folder.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


def _tree(world: Path) -> Path:
    evidence = world / "evidence"
    (evidence / "phone1").mkdir(parents=True)
    (evidence / "phone1" / "messages.csv").write_text(HEADER + ROW.format(1), encoding="utf-8")
    elsewhere = world / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "messages.csv").write_text(HEADER + ROW.format(2), encoding="utf-8")
    (evidence / "phone2").symlink_to(elsewhere)  # a linked folder: read
    (evidence / "phone3").symlink_to(elsewhere)  # a second link to it: counted, not re-read
    (evidence / "loop").symlink_to(evidence)  # a loop: counted, never followed forever
    (evidence / "dangling").symlink_to(world / "gone")
    os.mkfifo(evidence / "pipe")
    (evidence / "empty.csv").write_bytes(b"")
    (evidence / "notes.txt").write_text("not evidence\n", encoding="utf-8")
    locked = evidence / "locked"
    locked.mkdir()
    (locked / "messages.csv").write_text(HEADER + ROW.format(3), encoding="utf-8")
    for path in [world, *world.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
        elif path.is_file() and not path.is_symlink():
            path.chmod(0o644)
    locked.chmod(0o000)
    return evidence


SKIPPED = {"phone3", "loop", "dangling", "pipe", "empty.csv", "notes.txt", "locked"}


def _as_unprivileged() -> list[str]:
    """A command prefix that drops root's power to read a locked folder (root ignores modes)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: a locked folder cannot be made")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]


def test_the_walk_reads_or_counts_every_entry(world: Path) -> None:
    evidence = _tree(world)
    out = world / "out"
    out.mkdir()
    out.chmod(0o777)
    result = subprocess.run(
        [*_as_unprivileged(), sys.executable, "-m", "saferpractice", "scan",
         str(FIXTURE_SCHOOL), str(evidence), "--as-of", AS_OF, "-o", str(out / "f.jsonl")],
        capture_output=True, text=True, check=False, timeout=120,
        env={**os.environ, "COLUMNS": "200", "PYTHONDONTWRITEBYTECODE": "1"},
    )  # fmt: skip
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    found = findings(out / "f.jsonl")
    sources = {f["evidence"]["source"] for f in found if f["rule"] == "phone.personal-device"}  # type: ignore[index]
    assert sources == {"phone1/messages.csv", "phone2/messages.csv"}
    summary = json.loads((out / "f.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    assert summary["summary"]["checked"] == {"message": 2}
    assert summary["summary"]["skipped"] == len(SKIPPED), result.stderr
    lines = result.stderr.splitlines()
    assert any("locked:" in line and "Permission denied" in line for line in lines)
    assert any("phone3:" in line and "already read" in line for line in lines)


def test_counts_add_up_in_process(world: Path) -> None:
    evidence = _tree(world)
    (evidence / "locked").chmod(0o755)  # in-process we are root: read it like the rest
    report = ReadReport()
    records = list(iter_evidence([evidence], report, evidence))
    skipped = {d.source for d in report.diagnostics}
    assert skipped == SKIPPED - {"locked"}
    assert len(records) == 3  # phone1, phone2 (linked) and locked, each once
    # Every entry in the tree is read or skipped: nothing disappears.
    entries = {p.name for p in evidence.iterdir()}
    read_from = {r.source.split("/")[0] for r in records}
    assert entries == read_from | skipped
