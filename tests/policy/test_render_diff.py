"""Rendering (HTML, Markdown, PDF) and diffing of policies."""

from __future__ import annotations

import calendar
import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from saferpractice.policy import check_policy_text, default_policy_text, load_default_policy
from saferpractice.policy.diff import diff_policies
from saferpractice.policy.render import render_html, render_markdown, render_pdf
from saferpractice.timeutil import uk_date

MONTHS = set(calendar.month_name[1:])  # the C locale's English month names
AREA_NAMES = [
    "Social networking",
    "Email",
    "Images of pupils",
    "Mobile phones",
    "Webcams and live streaming",
    "Using the internet",
    "General conduct",
]


def test_html_has_every_section_labels_and_print_css() -> None:
    policy = load_default_policy()
    html = render_html(policy)
    for name in AREA_NAMES:
        assert f"<h2>{name}</h2>" in html
    # Traffic lights carry text labels, not colour alone.
    assert html.count('<span class="level-name">Amber</span>') == len(AREA_NAMES)
    assert "@page" in html and "size: A4" in html and "break-after: page" in html
    for row in policy.metadata.versions:
        assert f"<td>{row.version}</td>" in html
    for item_id in policy.all_ids():
        assert item_id in html, item_id
    completed = [item for item in policy.iter_items() if item.completed]
    assert 'class="completed-badge"' not in html  # listed for reviewers, not badged in the text
    notes = html[html.index('id="reviewer-notes"') :]
    for item in completed:
        assert f'href="#{item.id}"' in notes, item.id
    assert "Checked as: at least 8 characters" in html


def test_the_version_history_gives_uk_dates_in_html_and_markdown() -> None:
    policy = load_default_policy()
    html, markdown = render_html(policy), render_markdown(policy)
    table = html[
        html.index('<table class="versions">') : html.index(
            "</table>", html.index('<table class="versions">')
        )
    ]
    for row in policy.metadata.versions:
        for day in (row.date, row.next_revision):
            uk = f"{day.day} {day:%B %Y}"  # "13 October 2011", as the office writes dates
            assert f">{uk}</td>" in table, uk
            assert f" {uk} |" in markdown, uk
            assert day.isoformat() not in table and day.isoformat() not in markdown
    assert ">13 October 2011</td>" in table and ">1 August 2012</td>" in table


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_a_long_date_is_the_uk_day_month_year_and_reads_back(day: date) -> None:
    text = uk_date(day)
    assert not text.startswith("0") and text.split()[1] in MONTHS
    assert datetime.strptime(text, "%d %B %Y").date() == day


def test_html_escapes_policy_text() -> None:
    text = default_policy_text().replace(
        "title: Pupils as friends", "title: <script>alert(1)</script> & friends"
    )
    policy = check_policy_text(text, "hostile.yaml").policy
    assert policy is not None
    html = render_html(policy)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends" in html
    markdown = render_markdown(policy)
    assert "<script>" not in markdown


def test_markdown_has_tables_summary_and_glossary() -> None:
    policy = load_default_policy()
    markdown = render_markdown(policy)
    for name in AREA_NAMES:
        assert f"## {name}" in markdown
    assert "| Version | Date | Authors | Reason | Next revision |" in markdown
    assert "| 1.0 | 13 October 2011 | HH/LP | New policy | 1 August 2012 |" in markdown
    assert "### Do not" in markdown and "## Glossary" in markdown
    assert "please check]" not in markdown
    assert "## Notes for reviewers" in markdown
    assert "`email.red.personal-account`" in markdown


def test_pdf_is_a_typeset_a4_document() -> None:
    from weasyprint import HTML

    policy = load_default_policy()
    pdf = render_pdf(policy)
    assert pdf.startswith(b"%PDF") and len(pdf) > 50_000
    document = HTML(string=render_html(policy)).render()
    assert 10 <= len(document.pages) <= 40
    width_mm, height_mm = (
        round(size * 25.4 / 96) for size in (document.pages[0].width, document.pages[0].height)
    )
    assert (width_mm, height_mm) == (210, 297)


def test_diff_names_exactly_the_edited_items(tmp_path: Path) -> None:
    text = default_policy_text()
    edited = (
        text.replace(
            "text: Using a personal email account to write to pupils or their families.",
            "text: Using any personal email account to write to pupils or their families.",
        )
        .replace("  - id: future.new-devices\n", "  - id: future.wearables\n")
        .replace(
            "    - id: council.other-activities\n",
            "    - id: council.kind-words\n      text: Using kind words online.\n"
            "    - id: council.other-activities\n",
        )
    )
    old = check_policy_text(text, "old.yaml").policy
    new = check_policy_text(edited, "new.yaml").policy
    assert old is not None and new is not None
    result = diff_policies(old, new)
    assert result.added == ("council.kind-words", "future.wearables")
    assert result.removed == ("future.new-devices",)
    assert [(item.id, item.fields) for item in result.changed] == [
        ("email.red.personal-account", ("text",))
    ]
    assert not result.metadata_changed
    assert diff_policies(old, old).identical


def test_diff_command_exit_codes_and_json(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    old.write_text(default_policy_text(), encoding="utf-8")
    new = tmp_path / "new.yaml"
    new.write_text(
        default_policy_text().replace("approver: head-teacher", "approver: senior-leader"),
        encoding="utf-8",
    )

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "saferpractice", "policy", "diff", *args],
            capture_output=True,
            text=True,
            check=False,
        )

    same = run(str(old), str(old))
    assert same.returncode == 0 and "0 added, 0 removed, 0 changed" in same.stdout
    different = run("--format", "json", str(old), str(new))
    assert different.returncode == 1
    report = json.loads(different.stdout)
    assert report["changed"] == [{"id": "social.amber.public-profile", "fields": ["approval"]}]
    assert report["added"] == [] and report["removed"] == []


def test_render_command_writes_each_format(tmp_path: Path) -> None:
    for fmt in ("html", "markdown"):
        out = tmp_path / f"policy.{fmt}"
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "saferpractice",
                "policy",
                "render",
                "--format",
                fmt,
                "-o",
                str(out),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert "version 2.0" in result.stdout
        assert out.stat().st_size > 10_000
