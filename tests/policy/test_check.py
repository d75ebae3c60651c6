"""`policy check`: broken policy files each give one precise message naming the line."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from saferpractice.diagnostics import UserError
from saferpractice.policy import (
    check_policy_file,
    check_policy_text,
    default_policy_text,
    load_policy,
)


def replace_once(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        return text.replace(old, new)

    return edit


def delete_line(line_text: str) -> Callable[[str], str]:
    return replace_once(line_text + "\n", "")


def line_number(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the `occurrence`-th line containing `needle`."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not found")


@dataclass(frozen=True)
class Broken:
    name: str
    edit: Callable[[str], str]
    line_of: str  # text of the line the message must name (in the edited file)
    field: str
    message: str
    occurrence: int = 1


BROKEN = [
    Broken(
        "unknown-key",
        replace_once(
            "        title: Pupils as friends\n",
            "        title: Pupils as friends\n        colour: blue\n",
        ),
        "colour: blue",
        "areas.social.red[1].colour",
        "unknown key",
    ),
    Broken(
        "duplicate-id",
        replace_once("id: council.what-it-means", "id: council.staying-safe"),
        "id: council.staying-safe",
        "council.aims[1].id",
        "duplicate id 'council.staying-safe'",
        occurrence=2,
    ),
    Broken(
        "id-wrong-level",
        replace_once("id: email.red.personal-account", "id: email.amber.personal-account"),
        "id: email.amber.personal-account",
        "areas.email.red[0].id",
        "must start with 'email.red.'",
    ),
    Broken(
        "unresolved-consequence",
        replace_once(
            "consequences: [email.consequence.rup-breach]",
            "consequences: [email.consequence.typo]",
        ),
        "consequences: [email.consequence.typo]",
        "areas.email.red[0].consequences[0]",
        "'email.consequence.typo' is not the id of a consequence",
    ),
    Broken(
        "red-without-in-place",
        replace_once("in_place: [email.in-place.personal-accounts]", "in_place: []"),
        "in_place: []",
        "areas.email.red[0].in_place",
        "a red practice must cite at least one what-should-be-in-place requirement",
    ),
    Broken(
        "amber-without-approval",
        replace_once(
            "        approval:\n          approver: senior-leader\n"
            "          scope: one trip or one-off situation\n",
            "",
        ),
        "id: phones.amber.own-phone-agreed",
        "areas.phones.amber[0].approval",
        "an amber practice must say who approves it",
    ),
    Broken(
        "bad-date",
        replace_once("      date: 2017-05-11", "      date: 11/05/2017"),
        "date: 11/05/2017",
        "metadata.versions[1].date",
        "'11/05/2017' is not a date: write it as YYYY-MM-DD",
    ),
    Broken(
        "revision-before-issue",
        replace_once("next_revision: 2027-11-24", "next_revision: 2026-01-01"),
        "next_revision: 2026-01-01",
        "metadata.versions[2].next_revision",
        "must be after the issue date 2026-11-24",
    ),
    Broken(
        "review-cycle-not-annual",
        replace_once("review_cycle: annual", "review_cycle: monthly"),
        "review_cycle: monthly",
        "metadata.review_cycle",
        "must be 'annual'",
    ),
    Broken(
        "missing-title",
        delete_line("        title: Inappropriate or illegal content"),
        "id: internet.red.inappropriate-content",
        "areas.internet.red[0].title",
        "required key is missing",
    ),
    Broken(
        "unknown-approver",
        replace_once(
            "approver: head-teacher\n          scope: one named professional profile",
            "approver: governor\n          scope: one named professional profile",
        ),
        "approver: governor",
        "areas.social.amber[0].approval.approver",
        "'governor' is not one of: head-teacher, senior-leader",
    ),
    Broken(
        "unquoted-version",
        replace_once('version: "1.0"', "version: 1.0"),
        "version: 1.0",
        "metadata.versions[0].version",
        "expected text, found the number 1.0 (put it in quotes)",
    ),
    Broken(
        "summary-cites-a-consequence",
        replace_once(
            "practices: [internet.red.remember-me]",
            "practices: [internet.consequence.disciplinary]",
        ),
        "practices: [internet.consequence.disciplinary]",
        "summary.do_not[7].practices[0]",
        "is not the id of a practice",
    ),
    Broken(
        "empty-text",
        replace_once(
            'text: Ticking "remember me" when signing in to password-protected sites.',
            'text: ""',
        ),
        'text: ""',
        "areas.internet.red[1].text",
        "must not be empty",
    ),
]


@pytest.mark.parametrize("case", BROKEN, ids=[case.name for case in BROKEN])
def test_broken_policy_gives_one_precise_message(tmp_path: Path, case: Broken) -> None:
    text = case.edit(default_policy_text())
    path = tmp_path / "school-policy.yaml"
    path.write_text(text, encoding="utf-8")

    result = check_policy_file(path)

    assert result.readable
    assert result.policy is None
    assert len(result.diagnostics) == 1, [str(d) for d in result.diagnostics]
    (diagnostic,) = result.diagnostics
    assert diagnostic.source == str(path)
    assert diagnostic.line == line_number(text, case.line_of, case.occurrence)
    assert diagnostic.field == case.field
    assert case.message in diagnostic.message
    assert str(diagnostic).startswith(f"{path}, line {diagnostic.line}: error: {case.field}: ")


def test_all_errors_are_reported_at_once(tmp_path: Path) -> None:
    text = default_policy_text()
    for case in BROKEN[:5]:
        text = case.edit(text)
    path = tmp_path / "school-policy.yaml"
    path.write_text(text, encoding="utf-8")
    fields = {d.field for d in check_policy_file(path).diagnostics}
    assert fields == {case.field for case in BROKEN[:5]}


def test_default_policy_is_valid() -> None:
    result = check_policy_text(default_policy_text(), "policy.yaml")
    assert result.diagnostics == []
    assert result.ok


def test_load_policy_raises_user_error_with_every_diagnostic(tmp_path: Path) -> None:
    text = BROKEN[0].edit(BROKEN[2].edit(default_policy_text()))
    path = tmp_path / "school-policy.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as raised:
        load_policy(path)
    assert len(raised.value.diagnostics) == 2


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "saferpractice", "policy", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_cli_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(default_policy_text(), encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(BROKEN[0].edit(default_policy_text()), encoding="utf-8")
    unparsable = tmp_path / "unparsable.yaml"
    unparsable.write_text("metadata: [\n", encoding="utf-8")

    ok = run_cli("check", str(good))
    assert ok.returncode == 0, ok.stderr
    assert "valid" in ok.stdout and "version 2.0" in ok.stdout

    invalid = run_cli("check", str(bad))
    assert invalid.returncode == 1
    assert f"{bad}, line " in invalid.stderr and "colour: unknown key" in invalid.stderr

    broken = run_cli("check", str(unparsable))
    assert broken.returncode == 2
    assert "not valid YAML" in broken.stderr and "Traceback" not in broken.stderr

    missing = run_cli("check", str(tmp_path / "absent.yaml"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_schema_command_prints_the_generated_schema() -> None:
    import json

    result = run_cli("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) >= {"metadata", "areas", "summary", "glossary", "council"}


# --- property tests --------------------------------------------------------------------------


def _plain_default() -> dict[str, Any]:
    yaml = YAML(typ="safe")
    data = yaml.load(default_policy_text())
    assert isinstance(data, dict)
    return data


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*prefix, index)))
    return found


_DEFAULT = _plain_default()
_ALL_PATHS = [path for path in _paths(_DEFAULT) if path]
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.text(max_size=12),
    st.sampled_from(["email.red.personal-account", "2020-02-30", "senior-leader", "x.y"]),
    st.lists(st.text(max_size=5), max_size=2),
)


@st.composite
def mutated_policies(draw: st.DrawFn) -> dict[str, Any]:
    import copy

    data = copy.deepcopy(_DEFAULT)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(_ALL_PATHS))
        parent: Any = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            last = path[-1]
            parent[last]
        except (KeyError, IndexError, TypeError):
            continue
        action = draw(st.sampled_from(["delete", "replace", "unknown-key", "duplicate"]))
        if action == "delete":
            del parent[last]
        elif action == "replace":
            parent[last] = draw(_SCALARS)
        elif action == "unknown-key" and isinstance(parent[last], dict):
            parent[last]["surprise"] = draw(_SCALARS)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
    return data


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_policies())
def test_random_mutations_never_crash_and_always_name_file_and_line(data: dict[str, Any]) -> None:
    stream = StringIO()
    YAML(typ="safe").dump(data, stream)
    text = stream.getvalue()
    result = check_policy_text(text, "mutated.yaml")
    line_count = max(1, len(text.splitlines()))
    for diagnostic in result.diagnostics:
        assert diagnostic.source == "mutated.yaml"
        assert diagnostic.line is not None and 1 <= diagnostic.line <= line_count
        assert diagnostic.field
    if result.policy is None:
        assert result.errors


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes(text: str) -> None:
    result = check_policy_text(text, "random.yaml")
    assert result.policy is None
    assert result.diagnostics
    assert all(d.source == "random.yaml" for d in result.diagnostics)
