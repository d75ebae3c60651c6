"""Run `saferpractice web ...` as a real process with its own data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_web(args: list[str], data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SAFERPRACTICE_DATA_DIR": str(data_dir), **env}
    environment.pop("DATABASE_URL", None)  # each run gets its own SQLite file
    return subprocess.run(
        [sys.executable, "-m", "saferpractice", "web", *args],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=300,
    )
