"""Shared helpers for the hostile-input tests: run `saferpractice scan` as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

FIXTURE_SCHOOL = Path(__file__).resolve().parents[1] / "checks" / "fixtures" / "school"
AS_OF = "2026-11-24"


def run_cli(*args: str, timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
    """`saferpractice ARGS...` in a fresh process; a hang fails the test at `timeout`."""
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "saferpractice", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
        env=env,
    )


def scan(
    school: Path, *evidence: Path, out: Path, extra: tuple[str, ...] = (), timeout: float = 60.0
) -> subprocess.CompletedProcess[str]:
    return run_cli(
        "scan", str(school), *map(str, evidence), "--as-of", AS_OF, "-o", str(out), *extra,
        timeout=timeout,
    )  # fmt: skip


def findings(path: Path) -> list[dict[str, Any]]:
    """The findings of a JSON Lines output (without its closing summary line, if any)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [row for row in rows if "rule" in row]


def assert_clean(result: subprocess.CompletedProcess[str]) -> None:
    """No traceback, and an exit code the CLI documents (0, 1 or 2)."""
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode in (0, 1, 2), result.stderr[-3000:]
