"""The independent evaluation sets stay valid, separate from training, and readable by the
bench script, which reports a bad line instead of stopping."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from saferpractice.detect.semantic.corpus import (
    BREACH_CATEGORIES,
    DEFAULT_CORPUS,
    OK_CATEGORIES,
    load_corpus,
    parse_lines,
)

BENCH = Path(__file__).resolve().parents[2] / "bench"
# ib-067's text is also in the training corpus (eb-0062, added with the short breaches on
# 29 November 2026), so on the first set that one row is not independent. Any other shared
# text is a new leak and fails.
KNOWN_SHARED = {"ib-067"}
SETS = [
    BENCH / "data" / "independent-messages.jsonl",
    BENCH / "data" / "independent-messages-2.jsonl",
]
# Short messages for choosing between candidate models (bench/data/README.md): never trained on.
SELECTION = [BENCH / "data" / "short-selection-a.jsonl", BENCH / "data" / "short-selection-b.jsonl"]


def _script() -> ModuleType:
    if str(BENCH) not in sys.path:  # the script imports its sibling bench/semantic.py
        sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(
        "semantic_independent", BENCH / "semantic_independent.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_an_independent_set_loads_cleanly(path: Path) -> None:
    corpus = parse_lines(path.read_text("utf-8").splitlines(), path.name)
    assert corpus.problems == ()
    assert len(corpus.examples) >= 200


@pytest.mark.parametrize("path", SELECTION, ids=lambda p: p.name)
def test_the_short_selection_set_is_short_labelled_and_balanced(path: Path) -> None:
    corpus = parse_lines(path.read_text("utf-8").splitlines(), path.name)
    assert corpus.problems == ()
    examples = corpus.examples
    assert all(2 <= len(e.text.split()) <= 14 for e in examples)
    counts = Counter(e.category for e in examples if e.is_breach)
    assert all(counts[c] >= 5 for c in BREACH_CATEGORIES)
    assert abs(sum(e.is_breach for e in examples) * 2 - len(examples)) <= 12


@pytest.mark.parametrize("path", SETS + SELECTION, ids=lambda p: p.name)
def test_an_independent_set_shares_no_id_or_text_with_training(path: Path) -> None:
    training = load_corpus(DEFAULT_CORPUS).examples
    examples = parse_lines(path.read_text("utf-8").splitlines(), path.name).examples
    assert not {e.id for e in examples} & {e.id for e in training}
    trained = {e.text.strip().lower() for e in training}
    shared = {e.id for e in examples if e.text.strip().lower() in trained}
    assert shared <= KNOWN_SHARED


def test_the_second_set_covers_every_category() -> None:
    examples = parse_lines(SETS[1].read_text("utf-8").splitlines(), SETS[1].name).examples
    counts = Counter((e.label, e.category) for e in examples)
    assert all(counts["breach", c] >= 12 for c in BREACH_CATEGORIES)
    assert all(counts["ok", c] >= 12 for c in OK_CATEGORIES)
    assert abs(sum(e.is_breach for e in examples) * 2 - len(examples)) <= 40


def test_the_bench_script_skips_and_names_a_bad_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "set.jsonl"
    good = '{"text": "See you at the fixture", "label": "ok", "category": "trips-fixtures"}'
    path.write_text(f'{good}\n{{not json\n["a list"]\n{{"text": "t"}}\n\n{good}\n', "utf-8")
    rows = _script().read_rows(path)
    out = capsys.readouterr().out
    assert len(rows) == 2
    assert "line 2: skipped" in out and "line 3: skipped: not a JSON object" in out
    assert "line 4: skipped: missing label, category" in out
    assert "2 messages read, 3 lines skipped" in out


def test_the_bench_script_names_an_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="cannot read"):
        _script().read_rows(tmp_path / "absent.jsonl")
