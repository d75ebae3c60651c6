"""Issue 10 item 9: errors in a --lexicon file stop the scan with the file, line and reason.

Before the fix, bad YAML or an unknown severity silently dropped the category, and the scan
ran without the words the user had asked it to look for.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_cli import assert_clean, scan

BAD = {
    "severity": (
        "categories:\n  - id: custom\n    severity: catastrophic\n    phrases: [meet me]\n",
        "line 3",
        "severity must be 'red' or 'amber'",
    ),
    "yaml": ("categories: [\n  - id: custom\n", "line 2", "not valid YAML"),
    "bomb": (
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
            for i in range(8)
        ),
        "",
        "alias",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_lexicon_stops_the_scan_with_file_line_and_reason(
    tmp_path: Path, school: Path, case: str
) -> None:
    text, line, reason = BAD[case]
    lexicon = tmp_path / f"{case}.yaml"
    lexicon.write_text(text, encoding="utf-8")
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    result = scan(
        school, evidence, out=tmp_path / "out.jsonl", extra=("--lexicon", str(lexicon)), timeout=60
    )
    assert_clean(result)
    assert result.returncode == 2
    assert str(lexicon) in result.stderr
    assert line in result.stderr and reason in result.stderr, result.stderr
    assert not (tmp_path / "out.jsonl").exists()
