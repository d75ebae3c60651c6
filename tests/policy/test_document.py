"""The policy as a document a school circulates: its own name and logo, no development wording."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from saferpractice.policy import load_default_policy
from saferpractice.policy.render import DocumentOptions, render_html, render_markdown

EXAMPLE_SCHOOL = Path(__file__).resolve().parents[2] / "examples" / "school"
# A 1x1 PNG: enough to prove the logo is embedded, made here rather than committed.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)
DEVELOPMENT_WORDING = re.compile(
    r"\bseed\b|please check\]|completed\s*(&mdash;|–|-)\s*please", re.I
)


@pytest.mark.parametrize("render", [render_html, render_markdown])
def test_the_default_document_is_a_template_with_no_development_wording(render: object) -> None:
    policy = load_default_policy()
    text = render(policy)  # type: ignore[operator]
    assert not DEVELOPMENT_WORDING.search(text)
    assert "St Thomas" not in text  # another school's name is never on the template
    assert "A template for schools to adopt" in text


def test_the_schools_own_name_and_logo_head_the_document() -> None:
    options = DocumentOptions(
        "Millbrook Church of England Primary School", "data:image/png;base64,AA"
    )
    html = render_html(load_default_policy(), options)
    assert '<p class="organisation">Millbrook Church of England Primary School</p>' in html
    assert '<img class="school-logo" src="data:image/png;base64,AA"' in html
    assert "A template for schools to adopt" not in html


def test_reviewer_notes_can_be_left_out() -> None:
    policy = load_default_policy()
    assert 'id="reviewer-notes"' in render_html(policy)
    without = render_html(policy, DocumentOptions(reviewer_notes=False))
    assert 'id="reviewer-notes"' not in without
    assert "Notes for reviewers" not in without


def test_contents_carry_page_numbers_in_print() -> None:
    html = render_html(load_default_policy())
    assert "target-counter(attr(href), page)" in html
    assert ".chapter { break-before: page" not in html  # no forced, nearly empty pages


def _school_with_logo(tmp_path: Path) -> Path:
    folder = tmp_path / "school"
    shutil.copytree(EXAMPLE_SCHOOL, folder)
    (folder / "crest.png").write_bytes(PIXEL)
    with (folder / "school.yaml").open("a", encoding="utf-8") as handle:
        handle.write("logo: crest.png\n")
    return folder


def test_policy_render_with_school_uses_its_name_and_logo(tmp_path: Path) -> None:
    out = tmp_path / "policy.html"
    result = subprocess.run(
        [sys.executable, "-m", "saferpractice", "policy", "render", "--format", "html",
         "--school", str(_school_with_logo(tmp_path)), "--no-reviewer-notes", "-o", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "Millbrook Church of England Primary School" in html
    assert 'src="data:image/png;base64,' in html
    assert 'id="reviewer-notes"' not in html


def test_a_logo_outside_the_school_folder_is_refused(tmp_path: Path) -> None:
    folder = _school_with_logo(tmp_path)
    text = (folder / "school.yaml").read_text(encoding="utf-8")
    (folder / "school.yaml").write_text(text.replace("logo: crest.png", "logo: ../x.png"))
    (tmp_path / "x.png").write_bytes(PIXEL)
    result = subprocess.run(
        [sys.executable, "-m", "saferpractice", "policy", "render", "--format", "html",
         "--school", str(folder), "-o", str(tmp_path / "p.html")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "logo" in result.stderr and "inside the school folder" in result.stderr
    assert "Traceback" not in result.stderr
