"""The labelled corpus: schema validation (hypothesis on the loader), the stable held-back
fifth, and the corpus in the repository loading cleanly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saferpractice.detect.semantic import categories
from saferpractice.detect.semantic.corpus import (
    AUDIENCES,
    BREACH_CATEGORIES,
    CHANNELS,
    DEFAULT_CORPUS,
    FIELDS,
    OK_CATEGORIES,
    REGISTERS,
    Example,
    Problem,
    is_held_back,
    load_corpus,
    parse_line,
    parse_lines,
)

texts = st.text(min_size=1, max_size=200).filter(lambda t: t.strip() != "")


@st.composite
def valid_rows(draw: st.DrawFn) -> dict[str, str]:
    label = draw(st.sampled_from(["breach", "ok"]))
    pool = BREACH_CATEGORIES if label == "breach" else OK_CATEGORIES
    return {
        "id": draw(texts),
        "text": draw(texts),
        "label": label,
        "category": draw(st.sampled_from(pool)),
        "audience": draw(st.sampled_from(AUDIENCES)),
        "channel": draw(st.sampled_from(CHANNELS)),
        "register": draw(st.sampled_from(REGISTERS)),
    }


@given(valid_rows())
def test_a_valid_row_loads_as_written(row: dict[str, str]) -> None:
    parsed = parse_line(json.dumps(row), "x.jsonl line 1")
    assert isinstance(parsed, Example)
    assert {name: getattr(parsed, name) for name in FIELDS} == row
    assert parsed.is_breach == (row["label"] == "breach")


@given(valid_rows(), st.sampled_from(FIELDS))
def test_a_missing_field_is_named(row: dict[str, str], field: str) -> None:
    del row[field]
    parsed = parse_line(json.dumps(row), "x.jsonl line 7")
    assert isinstance(parsed, Problem)
    assert str(parsed) == f"x.jsonl line 7: missing {field}"


@given(valid_rows(), st.sampled_from(["label", "audience", "channel", "register", "category"]))
def test_a_value_outside_the_schema_is_named(row: dict[str, str], field: str) -> None:
    row[field] = "not-a-" + field
    parsed = parse_line(json.dumps(row), "x.jsonl line 3")
    assert isinstance(parsed, Problem)
    assert field in parsed.reason and parsed.where == "x.jsonl line 3"


@given(valid_rows())
def test_a_breach_category_on_an_ok_row_is_refused(row: dict[str, str]) -> None:
    row["label"], row["category"] = "ok", BREACH_CATEGORIES[0]
    parsed = parse_line(json.dumps(row), "x.jsonl line 1")
    assert isinstance(parsed, Problem)
    assert "is not a ok category" in parsed.reason


@settings(max_examples=300)
@given(st.text(max_size=300))
def test_any_line_is_an_example_or_a_problem_never_a_crash(line: str) -> None:
    assert isinstance(parse_line(line, "x.jsonl line 1"), Example | Problem)


@given(st.lists(valid_rows(), min_size=1, max_size=8), st.data())
def test_bad_lines_are_counted_and_the_rest_still_load(
    rows: list[dict[str, str]], data: st.DataObject
) -> None:
    for index, row in enumerate(rows):
        row["id"] = f"id-{index}"
    lines = [json.dumps(row) for row in rows]
    bad_at = data.draw(st.integers(0, len(lines)))
    lines.insert(bad_at, "{not json")
    lines.append(json.dumps(rows[0]))  # a repeated id
    corpus = parse_lines(lines, "x.jsonl")
    assert [e.id for e in corpus.examples] == [row["id"] for row in rows]
    assert [p.where for p in corpus.problems] == [
        f"x.jsonl line {bad_at + 1}",
        f"x.jsonl line {len(lines)}",
    ]
    assert "repeats" in corpus.problems[1].reason


@given(st.lists(texts, min_size=1, max_size=50, unique=True))
def test_the_held_back_split_is_stable_and_disjoint(ids: list[str]) -> None:
    rows = [
        json.dumps({**dict.fromkeys(FIELDS, "x"), "id": i, "text": "t", "label": "ok",
                    "category": "praise", "audience": "pupil", "channel": "sms",
                    "register": "formal"})
        for i in ids
    ]  # fmt: skip
    corpus = parse_lines(rows, "x.jsonl")
    train, held = corpus.split()
    assert {e.id for e in held} == {i for i in ids if is_held_back(i)}
    assert {e.id for e in train} | {e.id for e in held} == set(ids)
    assert not {e.id for e in train} & {e.id for e in held}
    reversed_corpus = parse_lines(list(reversed(rows)), "x.jsonl")
    assert {e.id for e in reversed_corpus.split()[1]} == {e.id for e in held}  # order-free


def test_about_a_fifth_is_held_back() -> None:
    held = sum(is_held_back(f"b-{n:04d}") for n in range(5000))
    assert 900 < held < 1100


def test_a_folder_without_corpus_files_is_a_problem(tmp_path: Path) -> None:
    corpus = load_corpus(tmp_path)
    assert corpus.examples == ()
    assert corpus.problems[0].reason == "no .jsonl files"


def test_ids_must_be_unique_across_files(tmp_path: Path) -> None:
    row = {"id": "a", "text": "t", "label": "ok", "category": "praise", "audience": "pupil",
           "channel": "sms", "register": "formal"}  # fmt: skip
    (tmp_path / "a.jsonl").write_text(json.dumps(row) + "\n", "utf-8")
    (tmp_path / "b.jsonl").write_text("\n" + json.dumps(row) + "\n", "utf-8")
    corpus = load_corpus(tmp_path)
    assert len(corpus.examples) == 1
    assert str(corpus.problems[0]) == "b.jsonl line 2: id 'a' repeats a.jsonl line 1"


def test_the_repository_corpus_loads_cleanly() -> None:
    if not DEFAULT_CORPUS.is_dir():
        pytest.skip(f"{DEFAULT_CORPUS} is not in this checkout")
    corpus = load_corpus(DEFAULT_CORPUS)
    assert corpus.problems == (), [str(p) for p in corpus.problems[:10]]
    train, held = corpus.split()
    for category in BREACH_CATEGORIES + OK_CATEGORIES:  # every category is both learnt and measured
        assert any(e.category == category for e in train), category
        assert any(e.category == category for e in held), category


def test_every_corpus_category_has_words_for_the_finding() -> None:
    known = categories()
    assert set(known) == set(BREACH_CATEGORIES) | set(OK_CATEGORIES)
    assert all(known[c].is_breach and known[c].concern for c in BREACH_CATEGORIES)
    assert not any(known[c].is_breach for c in OK_CATEGORIES)
