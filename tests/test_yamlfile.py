"""The one YAML loader refuses hostile files quickly, with a clear message, wherever YAML is
read: the policy, school.yaml, lexicons and web-filter categories (issue 10 item 13).

The hostile inputs are generated here; none is committed.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from saferpractice.detect.lexicon import load_lexicons
from saferpractice.detect.monitoring import load_monitoring
from saferpractice.diagnostics import Diagnostic
from saferpractice.policy.validate import check_policy_file
from saferpractice.school import load_school
from saferpractice.yamlfile import (
    MAX_DEPTH,
    MAX_YAML_BYTES,
    YamlSource,
    _flow_depth,
    parse_yaml_text,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "school"
TIME_BOUND = 10.0  # seconds; the unbounded loader ran for over 300 s on the bomb


def billion_laughs() -> str:
    """Nine levels of nine aliases each: 9**9 (387 million) values when expanded."""
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "\n".join(lines) + "\n"


def deep_flow() -> str:
    return "x: " + "[" * 3000 + "]" * 3000 + "\n"


def deep_block() -> str:
    return "x:\n" + "".join(" " * (i + 1) + "- \n" for i in range(1000)) + "\n"


def deep_dashes() -> str:
    return "x:\n  " + "- " * 3000 + "end\n"


def too_large() -> str:
    line = "# padding: a comment line that YAML reads and discards\n"
    return "name: Big\n" + line * (MAX_YAML_BYTES // len(line) + 1)


HOSTILE: dict[str, tuple[Callable[[], str], str]] = {
    "billion laughs": (billion_laughs, "anchors and aliases expand"),
    "3,000 levels of [": (deep_flow, f"nested more than {MAX_DEPTH} levels"),
    "1,000 levels of block indentation": (deep_block, f"nested more than {MAX_DEPTH} levels"),
    "3,000 levels of '- '": (deep_dashes, f"nested more than {MAX_DEPTH} levels"),
    "over the size limit": (too_large, "limit"),
}


def _policy(path: Path) -> list[Diagnostic]:
    return check_policy_file(path).diagnostics


def _school(path: Path) -> list[Diagnostic]:
    folder = path.parent / "school"
    shutil.copytree(EXAMPLE, folder)
    (folder / "school.yaml").write_bytes(path.read_bytes())
    return list(load_school(folder).errors)


def _lexicon(path: Path) -> list[Diagnostic]:
    return load_lexicons([path]).errors


def _monitoring(path: Path) -> list[Diagnostic]:
    return list(load_monitoring([path]).diagnostics)


READERS: dict[str, Callable[[Path], list[Diagnostic]]] = {
    "policy": _policy,
    "school.yaml": _school,
    "lexicon": _lexicon,
    "web-filter categories": _monitoring,
}


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("attack", sorted(HOSTILE))
def test_hostile_yaml_is_refused_quickly_with_a_clear_message(
    tmp_path: Path, reader: str, attack: str
) -> None:
    make, expected = HOSTILE[attack]
    path = tmp_path / "hostile.yaml"
    path.write_text(make(), encoding="utf-8")
    started = time.monotonic()
    diagnostics = READERS[reader](path)
    elapsed = time.monotonic() - started
    assert elapsed < TIME_BOUND, f"{attack} took {elapsed:.1f} s in the {reader} reader"
    messages = [str(d) for d in diagnostics]
    assert any(expected in m and "refused" in m for m in messages), messages


def test_the_line_of_the_offending_alias_is_given() -> None:
    refused = parse_yaml_text(billion_laughs(), "bomb.yaml")
    assert isinstance(refused, Diagnostic) and refused.line is not None
    assert 2 <= refused.line <= 9


def test_aliases_within_the_bound_still_load_with_lines() -> None:
    text = "base: &base {start: '08:30', end: '15:30'}\nmonday: *base\nwhen: 2026-09-01\n"
    parsed = parse_yaml_text(text, "ok.yaml")
    assert isinstance(parsed, YamlSource)
    assert parsed.data["monday"] == {"start": "08:30", "end": "15:30"}
    assert parsed.data["when"] == "2026-09-01"  # dates stay text, for a line-precise check
    assert parsed.line_of(["when"]) == 3


@pytest.mark.parametrize("text", ["+_", "a: -_\n", "- [+__]\n"])
def test_a_sign_and_underscores_is_refused_with_a_message(text: str) -> None:
    """ruamel raised IndexError on '+_' (found by the YAML fuzzer through a lexicon file)."""
    refused = parse_yaml_text(text, "lexicon.yaml")
    assert isinstance(refused, Diagnostic) and "put it in quotes" in refused.message


@pytest.mark.parametrize(
    "value", ["!foo [nonsense]", "!foo\n  - nonsense", "!!omap [nonsense: 1]", "!!set {x}"]
)
def test_items_of_tagged_collections_have_the_collections_line(value: str) -> None:
    """ruamel keeps no position for the items of a sequence with a custom tag (found by the
    YAML fuzzer: a school.yaml's phone number error then raised TypeError)."""
    parsed = parse_yaml_text(f"name: Test\nphone_numbers: {value}\n", "school.yaml")
    assert isinstance(parsed, YamlSource)
    assert parsed.line_of(["phone_numbers", 0]) == 2


def test_a_bad_phone_number_in_a_tagged_list_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    from saferpractice.diagnostics import Diagnostics
    from saferpractice.school.settings import read_settings

    (tmp_path / "school.yaml").write_text("name: Test\nphone_numbers: !foo [nonsense]\n")
    diagnostics = Diagnostics()
    read_settings(tmp_path, diagnostics)
    said = [str(d) for d in diagnostics]
    assert any("line 2" in d and "'nonsense' is not a valid phone number" in d for d in said), said


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("[]{}&*ab:- \n,'\"!|>#+_0")), max_size=200))
def test_any_text_parses_or_gives_a_diagnostic(text: str) -> None:
    assert isinstance(parse_yaml_text(text, "x.yaml"), YamlSource | Diagnostic)


def _flow_depth_one_character_at_a_time(text: str) -> int | None:
    """The flow-depth pre-scan as first written: the line of the refusal, or None."""
    depth, line = 0, 1
    for ch in text:
        if ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif ch in "]}":
            depth = max(0, depth - 1)
        elif ch == "\n":
            line += 1
    return None


@settings(max_examples=300, deadline=None)
@given(
    st.text(st.sampled_from("[]{}\na: -'\""), max_size=3 * MAX_DEPTH)
    | st.text(st.sampled_from("[[[{{\n]}a"), max_size=3 * MAX_DEPTH)  # deep enough to refuse
)
@example("a:\n" + "[" * (MAX_DEPTH + 1))
def test_the_flow_depth_prescan_agrees_with_the_one_character_at_a_time_reference(
    text: str,
) -> None:
    found = _flow_depth(text, "x.yaml")
    assert (found.line if found is not None else None) == _flow_depth_one_character_at_a_time(text)
