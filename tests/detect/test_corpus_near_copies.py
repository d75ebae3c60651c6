"""New corpus lines are screened for near-copies across the held-back split, and the corpus as it
stands has no more near-copies across the split than when the screen was added."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "near_copies.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("near_copies", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["near_copies"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


NC = _script()
# Pairs at or above 0.70 across the split or between a bench set and training when the screen
# was added (30 November 2026): independent writers converge on phrases such as "what are you
# wearing to bed tonight". New lines are screened, so the count must never grow.
KNOWN_PAIRS = 204


def _message(text: str, side: str, id_: str = "x") -> object:
    return NC.Message(id_, text, side)


def test_a_near_copy_of_a_held_back_message_is_dropped_from_training() -> None:
    held = _message("is your house empty this weekend?", NC.HELD_BACK, "h1")
    new = [
        _message("is ur house empty this weekend", NC.TRAINING, "n1"),
        _message("Bring your PE kit on Thursday for the fixture", NC.TRAINING, "n2"),
    ]
    kept, dropped = NC.screen(new, [held])
    assert [m.id for m in kept] == ["n2"]
    assert dropped[0].old.id == "h1" and dropped[0].similarity >= NC.ACROSS


def test_lines_on_the_same_side_only_go_when_they_nearly_repeat() -> None:
    old = _message("Bring your PE kit on Thursday for the fixture", NC.TRAINING, "t1")
    new = [
        # similar (above 0.70) but not a repeat (below 0.85): both sides of training may keep it
        _message("Bring your PE kit on Friday for the match", NC.TRAINING, "n1"),
        _message("bring ur PE kit on thursday for the fixture!!", NC.TRAINING, "n2"),
    ]
    kept, dropped = NC.screen(new, [old])
    assert [m.id for m in kept] == ["n1"] and [d.new.id for d in dropped] == ["n2"]


def test_two_new_lines_are_compared_with_each_other() -> None:
    new = [
        _message("dont tell your mum we talked", NC.TRAINING, "n1"),
        _message("don't tell your mum we talked", NC.HELD_BACK, "n2"),
    ]
    kept, dropped = NC.screen(new, [])
    assert [m.id for m in kept] == ["n1"] and dropped[0].old.id == "n1"


def test_the_script_writes_the_kept_lines_and_names_a_bad_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = tmp_path / "new.jsonl"
    good = '{"id": "zz-0001", "text": "The orchestra coach leaves at 7.15 from the bus bay."}'
    copy = '{"id": "zz-0002", "text": "Are you a virgin?"}'  # a bench-set message
    new.write_text(f"{good}\n{copy}\nnot json\n", "utf-8")
    out = tmp_path / "kept"
    assert NC.main([str(new), "--out-dir", str(out)]) == 0
    assert (out / "new.jsonl").read_text("utf-8") == f"{good}\n"
    printed = capsys.readouterr()
    assert f"{new}:3: skipped" in printed.err
    assert "kept 1 of 2" in printed.out and "zz-0002" in printed.out


def test_the_corpus_has_no_more_near_copies_across_its_split_than_when_screened() -> None:
    pairs = NC.audit(NC.corpus_messages(), NC.bench_messages())
    assert len(pairs) <= KNOWN_PAIRS, [(p.new.id, p.old.id) for p in pairs[:20]]
    assert any({p.new.id, p.old.id} == {"ib-067", "eb-0062"} for p in pairs)  # the known one


def test_a_missing_file_is_named_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.jsonl"
    assert NC.main([str(missing), "--out-dir", str(tmp_path / "kept")]) == 0
    printed = capsys.readouterr()
    assert f"{missing}: skipped, cannot be read" in printed.err
    assert "kept 0 of 0" in printed.out


LINE = st.one_of(
    st.text(max_size=40).map(lambda t: t.replace("\n", " ").replace("\r", " ")),
    st.builds(
        lambda i, t: json.dumps({"id": f"hy-{i}", "text": t}),
        st.integers(0, 10**6),
        st.text(max_size=60),
    ),
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(LINE, max_size=8))
def test_every_line_is_kept_dropped_or_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lines: list[str]
) -> None:
    new = tmp_path / "hy.jsonl"
    new.write_text("\n".join(lines) + "\n", "utf-8")
    found = NC._read_new([new])
    kept, dropped = NC.screen([m for _, m, _ in found], [])
    skipped = capsys.readouterr().err.count("skipped, not a corpus line")
    assert len(kept) + len(dropped) + skipped == sum(1 for line in lines if line.strip())
