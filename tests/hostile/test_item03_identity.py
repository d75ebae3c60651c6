"""Issue 10 item 3: a finding's identity is where its record really came from.

Before the fix, two phones' `messages.csv` given as two arguments kept 3 findings instead of 6
(both files had the source `messages.csv`), and two incidents on different days that shared an
export id within one file were merged into one.
"""

from __future__ import annotations

from pathlib import Path

from hostile_cli import assert_clean, findings, scan

HEADER = "id,channel,sent_at,from,to,body\n"
ROWS = (
    "m1,sms,2026-11-17T10:15:00+00:00,07700 900456,07700 900789,Running late\n"
    "m2,sms,2026-11-18T10:15:00+00:00,07700 900456,07700 900789,Running late again\n"
    "m3,sms,2026-11-19T10:15:00+00:00,07700 900456,07700 900789,On my way\n"
)


def _phone(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "messages.csv").write_text(HEADER + ROWS, encoding="utf-8")
    return folder


def _personal(path: Path) -> list[dict[str, object]]:
    return [f for f in findings(path) if f["rule"] == "phone.personal-device"]


def test_two_phones_as_two_arguments_keep_every_finding(tmp_path: Path, school: Path) -> None:
    one = _phone(tmp_path / "phone1")
    two = _phone(tmp_path / "phone2")
    single = scan(school, one, out=tmp_path / "one.jsonl")
    both = scan(school, one, two, out=tmp_path / "both.jsonl")
    assert_clean(single)
    assert_clean(both)
    assert len(_personal(tmp_path / "one.jsonl")) == 3
    found = _personal(tmp_path / "both.jsonl")
    assert len(found) == 6
    assert len({f["id"] for f in found}) == 6
    sources = {f["evidence"]["source"] for f in found}  # type: ignore[index]
    assert sources == {"phone1/messages.csv", "phone2/messages.csv"}


def test_one_export_id_on_two_days_is_two_findings(tmp_path: Path, school: Path) -> None:
    folder = tmp_path / "phone"
    folder.mkdir()
    (folder / "messages.csv").write_text(
        HEADER
        + "m1,sms,2026-11-17T10:15:00+00:00,07700 900456,07700 900789,Running late\n"
        + "m1,sms,2026-11-20T10:15:00+00:00,07700 900456,07700 900789,Running late\n",
        encoding="utf-8",
    )
    result = scan(school, folder, out=tmp_path / "out.jsonl")
    assert_clean(result)
    found = _personal(tmp_path / "out.jsonl")
    assert len(found) == 2
    assert {f["occurred_at"][:10] for f in found} == {"2026-11-17", "2026-11-20"}  # type: ignore[index]


def test_ids_are_stable_across_rescans_and_one_file_given_twice(
    tmp_path: Path, school: Path
) -> None:
    folder = _phone(tmp_path / "phone1")
    scan(school, folder, out=tmp_path / "a.jsonl")
    scan(school, folder, folder / "messages.csv", out=tmp_path / "b.jsonl")
    first = [f["id"] for f in findings(tmp_path / "a.jsonl")]
    again = [f["id"] for f in findings(tmp_path / "b.jsonl")]
    assert first == again  # the same file given twice is the same evidence
