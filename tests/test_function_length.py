"""The style guide's limit: functions under about 60 lines, measured by
scripts/long_functions.py. The packages listed here have none over; the rest of the
tree is listed by the script (`python scripts/long_functions.py`)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
WITHIN_LIMIT = ("demo", "school", "policy", "checks")


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "long_functions", ROOT / "scripts" / "long_functions.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("package", WITHIN_LIMIT)
def test_no_function_is_over_60_lines(package: str) -> None:
    found = list(_script().long_functions(ROOT / "src" / "saferpractice" / package))
    assert found == [], found


def test_the_script_finds_a_long_function(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(60))
    (tmp_path / "long.py").write_text(f"def short():\n    pass\n\n\ndef long():\n{body}\n")
    assert [(lines, name) for lines, _, name in _script().long_functions(tmp_path)] == [
        (61, "long")
    ]
