"""The on-disk cache of loaded lexicons gives exactly what loading the files gives, follows
every change to a file, and is never needed: a corrupt or unwritable cache means loading."""

from __future__ import annotations

from pathlib import Path

import pytest

from saferpractice.detect.engine import CACHE_ENV_VAR
from saferpractice.detect.lexicon import (
    _cache_file,
    _cache_key,
    _expand_paths,
    _Loader,
    builtin_paths,
    load_lexicons,
)

SCHOOL = """\
categories:
  - id: our-words
    title: Our words
    group: grooming
    severity: amber
    why: a school's own
    phrases: [secret den]
  - id: bad id
"""


def uncached(paths: list[Path]) -> object:
    loader = _Loader()
    for path in [*builtin_paths(), *_expand_paths(paths)]:
        loader.load_file(path)
    return loader.result()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV_VAR, str(folder))
    return folder


def test_cached_lexicons_equal_loaded_ones_with_their_diagnostics(
    cache: Path, tmp_path: Path
) -> None:
    extra = tmp_path / "ours.yaml"
    extra.write_text(SCHOOL, encoding="utf-8")
    first = load_lexicons([extra])  # loads and writes the cache
    assert list((cache / "lexicons").iterdir())
    again = load_lexicons([extra])  # from the cache
    assert first == again == uncached([extra])
    assert again.errors  # the bad category id is still reported, with its line


def test_a_changed_file_is_loaded_again(cache: Path, tmp_path: Path) -> None:
    extra = tmp_path / "ours.yaml"
    extra.write_text(SCHOOL, encoding="utf-8")
    load_lexicons([extra])
    extra.write_text(SCHOOL.replace("secret den", "hidden den"), encoding="utf-8")
    category = load_lexicons([extra]).category("our-words")
    assert category is not None and category.phrases == ("hidden den",)


def test_a_corrupt_cache_file_means_loading(cache: Path, tmp_path: Path) -> None:
    extra = tmp_path / "ours.yaml"
    extra.write_text(SCHOOL, encoding="utf-8")
    key = _cache_key([*builtin_paths(), extra])
    assert key is not None
    path = _cache_file(key)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    assert load_lexicons([extra]) == uncached([extra])


def test_an_unreadable_file_is_reported_not_cached(cache: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    assert _cache_key([missing]) is None
    assert load_lexicons([missing]).errors
    assert not (cache / "lexicons").exists()


def test_an_unwritable_cache_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV_VAR, str(blocker / "under-a-file"))
    assert load_lexicons() == uncached([])
