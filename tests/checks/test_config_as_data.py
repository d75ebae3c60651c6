"""Cue words and web-filter category names are data that a school extends in its folder,
validated with line-precise errors, and the checks read them (issue 11 item 5)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from evidence_builders import mail, web

from saferpractice.checks import CheckContext, check_record
from saferpractice.checks.cues import load_cues
from saferpractice.evidence.records import Record
from saferpractice.policy import load_default_policy
from saferpractice.school import load_school

FIXTURE_SCHOOL = Path(__file__).parent / "fixtures" / "school"
PAT_SCHOOL = "pat.smith@heatonlane.sch.uk"
SAM = "sam.jones@heatonlane.sch.uk"
AS_OF = date(2026, 11, 24)


def _context(tmp_path: Path, files: dict[str, str]) -> tuple[CheckContext, list[str]]:
    folder = tmp_path / "school"
    shutil.copytree(FIXTURE_SCHOOL, folder)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    loaded = load_school(folder)
    school = loaded.school or loaded.partial
    assert school is not None
    problems = [str(d) for d in loaded.diagnostics if d.source in files]
    ctx = CheckContext(school=school, policy=load_default_policy(), as_of=AS_OF)
    return ctx, problems


def _rules(ctx: CheckContext, record: Record) -> list[str]:
    return [f.rule for f in check_record(record, ctx)]


def test_a_schools_own_filter_category_name_is_checked(tmp_path: Path) -> None:
    record = web("pat.smith", "http://cards.example/", "Card Rooms")
    plain, _ = _context(tmp_path / "a", {})
    assert "internet.inappropriate" not in _rules(plain, record)
    extended, problems = _context(
        tmp_path / "b",
        {"web-categories.yaml": "categories:\n  - id: gambling\n    filter_names: [card rooms]\n"},
    )
    assert problems == []
    assert "internet.inappropriate" in _rules(extended, record)


def test_a_schools_own_cue_words_are_read(tmp_path: Path) -> None:
    body = "For the trip, hit me up on 07700 900999 if anything changes."
    record = mail(PAT_SCHOOL, SAM, body)
    plain, _ = _context(tmp_path / "a", {})
    assert "contact.personal-details" not in _rules(plain, record)
    extended, problems = _context(tmp_path / "b", {"contact-cues.yaml": "cues: [hit me up on]\n"})
    assert problems == []
    assert "contact.personal-details" in _rules(extended, record)


def test_errors_in_a_schools_data_name_the_file_and_line(tmp_path: Path) -> None:
    _, problems = _context(
        tmp_path,
        {
            "contact-cues.yaml": "window: 40\ncues:\n  - hit me up on\n  - 5\ncolour: red\n",
            "web-categories.yaml": "categories:\n  - title: no id\n",
        },
    )
    assert any(p.startswith("contact-cues.yaml, line 4:") and "text" in p for p in problems)
    assert any(p.startswith("contact-cues.yaml, line 5:") and "unknown key" in p for p in problems)
    assert any(p.startswith("web-categories.yaml, line 2:") and "'id'" in p for p in problems)


def test_the_built_in_cues_load_cleanly() -> None:
    cues = load_cues()
    assert cues.diagnostics == () and "my number" in cues.cues and cues.window == 40
