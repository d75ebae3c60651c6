"""`saferpractice scan` over the whole generated hostile corpus (tests/hostile/generate_corpus.py):
no traceback, every run within its time bound, the skip counts add up, and the findings on
the benign part are unchanged by the hostile evidence beside it.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hostile_cli import FIXTURE_SCHOOL, assert_clean, findings, scan

from saferpractice.evidence.registry import iter_evidence
from saferpractice.evidence.report import ReadReport

sys.path.insert(0, str(Path(__file__).parent))
from generate_corpus import CASES, Case, write_benign, write_corpus, write_hostile


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile")
    write_corpus(out)
    return out


def _summary(path: Path) -> dict[str, Any]:
    last = json.loads(path.read_text(encoding="utf-8").splitlines()[-1])
    assert last["summary"]["complete"] is True
    return last["summary"]  # type: ignore[no-any-return]


def _entries(folder: Path) -> list[str]:
    """Every file, link and pipe under `folder` (links not followed), relative to it."""
    found = []
    for top, dirs, files in os.walk(folder):
        for name in files + [d for d in dirs if (Path(top) / d).is_symlink()]:
            found.append(os.path.relpath(Path(top) / name, folder))
    return found


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_each_hostile_case_is_scanned_in_bounds_and_accounted_for(
    corpus: Path, tmp_path: Path, case: Case
) -> None:
    folder = corpus / "hostile" / case.name
    out = tmp_path / "out.jsonl"
    started = time.monotonic()
    result = scan(FIXTURE_SCHOOL, folder, out=out, timeout=case.seconds + 60)
    elapsed = time.monotonic() - started
    assert_clean(result)
    assert result.returncode in (0, 1), result.stderr
    assert elapsed < case.seconds, f"{case.name} took {elapsed:.0f} s"
    summary = _summary(out)
    # The same walk in this process: what the scan counted is what the readers reported.
    report = ReadReport()
    records = list(iter_evidence([folder], report, folder))
    total = report.total
    assert summary["skipped"] == total.skipped
    assert sum(summary["checked"].values()) == len(records)
    if case.read is not None:
        assert len(records) == case.read
    if case.skipped is not None:
        assert total.skipped == case.skipped
    # Nothing disappears: every entry is the source of a record or of a diagnostic (a
    # message inside a Maildir or a linked folder counts for the folder, and vice versa).
    seen = {r.source for r in records} | {d.source for d in report.diagnostics}
    for entry in _entries(folder):
        assert any(
            entry == s or entry.startswith(s + "/") or s.startswith(entry + "/") for s in seen
        ), f"{case.name}: {entry!r} was neither read nor counted"


def test_findings_on_the_benign_part_are_unchanged(tmp_path: Path) -> None:
    world = tmp_path / "world"
    write_benign(world)
    alone = scan(FIXTURE_SCHOOL, world, out=tmp_path / "alone.jsonl")
    assert_clean(alone)
    write_hostile(world)  # the same evidence, now beside every hostile case
    mixed = scan(FIXTURE_SCHOOL, world, out=tmp_path / "mixed.jsonl", timeout=600)
    assert_clean(mixed)

    def benign(path: Path) -> list[dict[str, Any]]:
        rows = [f for f in findings(path) if f["evidence"]["source"].startswith("benign/")]
        return sorted(rows, key=lambda f: str(f["id"]))

    before, after = benign(tmp_path / "alone.jsonl"), benign(tmp_path / "mixed.jsonl")
    assert before  # the benign part has findings to protect
    assert before == after
