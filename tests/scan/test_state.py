"""Incremental rescans (`--state`, `--since-state`): after appending mail, adding files,
rewriting or truncating a file, the merged findings equal a full scan of the evidence as it
now is, while only what changed is read."""

from __future__ import annotations

import functools
import io
import json
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scale_evidence import BODIES, RECIPIENTS, SENDERS, make_evidence, make_mbox

from saferpractice.checks import CheckContext
from saferpractice.diagnostics import UserError
from saferpractice.evidence.mbox_split import split_mbox
from saferpractice.scan.engine import ScanOptions, ScanResult, load_context, run_scan
from saferpractice.scan.output import write_jsonl
from saferpractice.scan.school_gaps import SchoolGaps
from saferpractice.scan.sharded import plan_scan
from saferpractice.scan.state import Changes, last_message_offset, load_state, run_with_state

FIXTURE = Path(__file__).resolve().parents[1] / "checks" / "fixtures" / "school"
AS_OF = date(2026, 11, 24)
OPTIONS = ScanOptions(as_of=AS_OF, shard_bytes=3_000)


@functools.cache
def context() -> CheckContext:
    return load_context(FIXTURE, OPTIONS)


def findings_jsonl(result: ScanResult) -> str:
    out = io.StringIO()
    write_jsonl(result.findings, out)
    return out.getvalue()


def full(evidence: Path) -> ScanResult:
    return run_scan(context(), [evidence], ScanOptions(as_of=AS_OF))


def incremental(
    evidence: Path, state: Path, since: bool = True
) -> tuple[ScanResult, Changes | None]:
    return run_with_state(
        context(), [evidence], OPTIONS, None, SchoolGaps(), state if since else None, state
    )


def assert_same_counts(got: ScanResult, expected: ScanResult) -> None:
    """The summary's counts: items by kind, left out by --since, and read/warned/skipped."""
    assert got.checked == expected.checked
    assert got.before_since == expected.before_since
    assert {k: v for k, v in got.report.stats.items() if v.read or v.warned or v.skipped} == {
        k: v for k, v in expected.report.stats.items() if v.read or v.warned or v.skipped
    }


def append_mail(mbox: Path, seed: int, messages: int) -> None:
    extra = make_mbox(random.Random(seed), messages)
    with mbox.open("ab") as out:
        out.write(extra)


def test_appended_mail_is_read_from_the_last_message_on(tmp_path: Path) -> None:
    evidence = make_evidence(tmp_path, 21, messages=80)
    state = tmp_path / "findings.jsonl.state.json"
    first, changes = incremental(evidence, state, since=False)
    assert changes is None and state.is_file()
    assert_same_counts(first, full(evidence))
    assert findings_jsonl(first) == findings_jsonl(full(evidence))
    mbox = evidence / "mail" / "a.mbox"
    resume_at = last_message_offset(mbox, mbox.stat().st_size)
    append_mail(mbox, 99, 3)
    tail = mbox.read_bytes()[resume_at:]
    # the old last message again, and the new ones (as the splitter cuts them)
    expected_records = len(list(split_mbox(io.BytesIO(tail), 1 << 24)))
    read_before = sum(first.checked.values())
    again, changes = incremental(evidence, state)
    assert changes is not None
    assert [source for source, _ in changes.appended] == ["mail/a.mbox"]
    assert not changes.reread and not changes.new
    # the summary counts the whole result: what was not read again is carried from the state
    assert sum(again.checked.values()) == read_before + expected_records - 1
    assert_same_counts(again, full(evidence))
    assert findings_jsonl(again) == findings_jsonl(full(evidence))
    assert "from their last message on" in changes.lines()[0]


def test_nothing_changed_reads_nothing(tmp_path: Path) -> None:
    evidence = make_evidence(tmp_path, 22)
    state = tmp_path / "s.json"
    first, _ = incremental(evidence, state, since=False)
    again, changes = incremental(evidence, state)
    assert changes is not None and not changes.appended and not changes.reread
    assert sum(again.checked.values()) == sum(first.checked.values()) > 0
    assert_same_counts(again, first)
    assert findings_jsonl(again) == findings_jsonl(first)


def test_truncated_rewritten_and_new_files_are_read_whole(tmp_path: Path) -> None:
    evidence = make_evidence(tmp_path, 23, messages=60)
    state = tmp_path / "s.json"
    incremental(evidence, state, since=False)
    a = evidence / "mail" / "a.mbox"
    a.write_bytes(a.read_bytes()[: len(a.read_bytes()) // 2].rpartition(b"\nFrom ")[0] + b"\n")
    b = evidence / "mail" / "b.mbox"
    data = bytearray(b.read_bytes())
    data[200:210] = b"X" * 10  # same size, other bytes
    b.write_bytes(bytes(data))
    (evidence / "more.mbox").write_bytes(make_mbox(random.Random(4), 5))
    again, changes = incremental(evidence, state)
    assert changes is not None
    why = dict(changes.reread)
    assert "truncated" in why["mail/a.mbox"]
    assert "mail/b.mbox" in why
    assert changes.new == ["more.mbox"]
    assert any("read again whole" in line for line in changes.lines())
    assert_same_counts(again, full(evidence))
    assert findings_jsonl(again) == findings_jsonl(full(evidence))


def test_a_changed_sidecar_rereads_its_images(tmp_path: Path) -> None:
    evidence = make_evidence(tmp_path, 24)
    state = tmp_path / "s.json"
    incremental(evidence, state, since=False)
    sidecar = evidence / "photos" / "website" / "images.csv"
    sidecar.write_text(sidecar.read_text().replace("P001;P002", "P002"), encoding="utf-8")
    again, changes = incremental(evidence, state)
    assert changes is not None
    assert "photos/website/a.jpg" in dict(changes.reread)
    assert_same_counts(again, full(evidence))
    assert findings_jsonl(again) == findings_jsonl(full(evidence))


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rounds=st.lists(st.integers(1, 6), min_size=1, max_size=3),
    seed=st.integers(0, 50),
    first=st.integers(1, 3),
    bom=st.booleans(),
)
def test_any_series_of_appends_equals_a_full_scan(
    tmp_path: Path, rounds: list[int], seed: int, first: int, bom: bool
) -> None:
    folder = tmp_path / f"r{seed}-{len(rounds)}-{sum(rounds)}-{first}-{bom}"
    evidence = folder / "evidence"
    evidence.mkdir(parents=True)
    mbox = evidence / "box.mbox"
    mbox.write_bytes(make_mbox(random.Random(seed), first, bom=bom))  # one message: resume at 0
    state = folder / "s.json"
    incremental(evidence, state, since=False)
    for number, count in enumerate(rounds):
        append_mail(mbox, seed * 10 + number, count)
        again, _ = incremental(evidence, state)
        assert_same_counts(again, full(evidence))
    assert findings_jsonl(again) == findings_jsonl(full(evidence))


def test_last_message_offset_is_a_message_start(tmp_path: Path) -> None:
    data = make_mbox(random.Random(8), 30)
    path = tmp_path / "m.mbox"
    path.write_bytes(data)
    last = last_message_offset(path, len(data))
    assert last > 0 and data[last:].startswith(b"From ") and data.count(b"\nSubject:", last) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not a scan state file"),
        ('{"format": "other"}', "not a saferpractice scan state file"),
        ('{"format": "saferpractice-scan-state", "version": 99}', "version 99"),
        ('{"format": "saferpractice-scan-state", "version": 1}', "version 1"),
        ('{"format": "saferpractice-scan-state", "version": 2, "files": [{}]}', "damaged"),
    ],
)
def test_a_bad_state_file_is_named_with_the_reason(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "s.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError, match=message):
        load_state(path)


def test_cli_state_then_since_state(tmp_path: Path) -> None:
    evidence = make_evidence(tmp_path, 25, messages=40)
    state = tmp_path / "findings.jsonl.state.json"

    def scan(out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "saferpractice", "scan", str(FIXTURE), str(evidence),
             "--as-of", AS_OF.isoformat(), "-o", str(out), *extra],
            capture_output=True, text=True, check=False, timeout=300,
        )  # fmt: skip

    first = scan(tmp_path / "one.jsonl", "--state", str(state))
    assert first.returncode == 1, first.stderr
    append_mail(evidence / "mail" / "b.mbox", 7, 2)
    second = scan(tmp_path / "two.jsonl", "--since-state", str(state))
    assert second.returncode == 1, second.stderr
    assert "Incremental rescan" in second.stderr and "1 mbox file(s)" in second.stderr
    whole = scan(tmp_path / "whole.jsonl")

    def findings(name: str) -> list[str]:
        return (tmp_path / name).read_text(encoding="utf-8").splitlines()[:-1]

    assert findings("two.jsonl") == findings("whole.jsonl")
    summary = json.loads((tmp_path / "two.jsonl").read_text().splitlines()[-1])["summary"]
    whole_summary = json.loads((tmp_path / "whole.jsonl").read_text().splitlines()[-1])["summary"]
    assert summary["checked"] == whole_summary["checked"]  # the whole result, not the part read
    assert summary["skipped"] == whole_summary["skipped"]
    assert whole.returncode == 1


def _with_photo(number: int) -> bytes:
    """A message with a JPEG attached (an attached image becomes an image record of its own)."""
    import base64

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (number % 256, 0, 0)).save(out, "JPEG")
    photo = base64.encodebytes(out.getvalue()).decode()
    return (
        f"From pat.smith78@gmail.com Tue Mar  3 10:00:00 2026\n"
        f"From: pat.smith78@gmail.com\nTo: sam.jones@heatonlane.sch.uk\nSubject: p{number}\n"
        f"Date: Tue, 3 Mar 2026 10:00:00 +0000\nMessage-ID: <p{number}@example.org>\n"
        f'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n'
        f"--b\nContent-Type: text/plain\n\nText me on 07700 900456\n--b\n"
        f'Content-Type: image/jpeg; name="p.jpg"\nContent-Transfer-Encoding: base64\n\n'
        f"{photo}--b--\n\n"
    ).encode()


def test_a_resumed_message_and_its_attached_images_are_counted_once(tmp_path: Path) -> None:
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    mbox = evidence / "box.mbox"
    mbox.write_bytes(make_mbox(random.Random(3), 4) + _with_photo(1))  # the last has a photo
    state = tmp_path / "s.json"
    first, _ = incremental(evidence, state, since=False)
    assert first.checked.get("image", 0) >= 1
    with mbox.open("ab") as out:
        out.write(_with_photo(2))
    again, changes = incremental(evidence, state)
    assert changes is not None and [s for s, _ in changes.appended] == ["box.mbox"]
    assert_same_counts(again, full(evidence))
    assert findings_jsonl(again) == findings_jsonl(full(evidence))


def _texts(rows: range) -> str:
    return "".join(
        f"m{n},sms,2026-03-{1 + n % 27:02d}T10:00:00+00:00,{SENDERS[n % 3]},{RECIPIENTS[0]},"
        f'"{BODIES[n % 7]}\nsecond line"\r\n'
        for n in rows
    )


def test_csv_and_json_lines_read_in_ranges_are_counted_as_whole_files(tmp_path: Path) -> None:
    """A messages CSV and a JSON Lines file (one that the reader gives up on half way) are
    split into ranges: the state's counts per file, carried or read again, match a full scan."""
    evidence = make_evidence(tmp_path, 24, messages=30)
    texts = evidence / "texts2.csv"
    texts.write_text("id,channel,sent_at,from,to,body\r\n" + _texts(range(150)), encoding="utf-8")
    good = [
        json.dumps({"id": f"c{n}", "channel": "chat", "sent_at": "2026-03-02T10:00:00Z",
                    "from": SENDERS[n % 3], "to": [RECIPIENTS[1]], "body": BODIES[n % 7]})
        for n in range(150)
    ]  # fmt: skip
    chat = evidence / "chat.jsonl"
    chat.write_text("\n".join(good[:60] + ["not json"] * 120 + good[60:]) + "\n", encoding="utf-8")
    planned = plan_scan([evidence], OPTIONS.rules, None, OPTIONS.shard_bytes)
    split = [p.text for shard in planned.plan.shards for p in shard.pieces if p.text]
    assert split.count("messages-csv") > 3 and split.count("messages-jsonl") > 3
    state = tmp_path / "s.json"
    first, _ = incremental(evidence, state, since=False)
    assert_same_counts(first, full(evidence))
    assert findings_jsonl(first) == findings_jsonl(full(evidence))
    with texts.open("a", encoding="utf-8", newline="") as out:
        out.write(_texts(range(150, 170)))
    again, changes = incremental(evidence, state)
    assert changes is not None and "texts2.csv" in dict(changes.reread)
    assert_same_counts(again, full(evidence))
    assert findings_jsonl(again) == findings_jsonl(full(evidence))
