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


# -- only a cache this user alone could have written is unpickled ---------------------------


class _Planted:
    """Unpickling this writes a marker file: proof that a planted pickle ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (Path.write_text, (self.marker, "ran"))


def _plant(cache: Path, extra: Path, payload: object, folder_mode: int, file_mode: int) -> Path:
    import pickle

    key = _cache_key([*builtin_paths(), extra])
    assert key is not None
    path = _cache_file(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(payload))
    path.chmod(file_mode)
    path.parent.chmod(folder_mode)
    return path


@pytest.mark.parametrize(
    ("folder_mode", "file_mode"),
    [(0o777, 0o600), (0o770, 0o600), (0o700, 0o666), (0o700, 0o620)],
    ids=["world-writable folder", "group-writable folder", "world-writable file", "group file"],
)
def test_a_pickle_others_could_write_is_never_unpickled(
    cache: Path, tmp_path: Path, folder_mode: int, file_mode: int
) -> None:
    extra = tmp_path / "ours.yaml"
    extra.write_text(SCHOOL, encoding="utf-8")
    marker = tmp_path / "marker"
    _plant(cache, extra, _Planted(marker), folder_mode, file_mode)
    assert load_lexicons([extra]) == uncached([extra])
    assert not marker.exists()


def test_a_linked_cache_folder_is_never_followed(cache: Path, tmp_path: Path) -> None:
    extra = tmp_path / "ours.yaml"
    extra.write_text(SCHOOL, encoding="utf-8")
    marker = tmp_path / "marker"
    folder = _plant(cache, extra, _Planted(marker), 0o700, 0o600).parent
    # the same private folder, now reached only through a link someone else could have made
    elsewhere = folder.rename(tmp_path / "elsewhere")
    folder.symlink_to(elsewhere, target_is_directory=True)
    assert load_lexicons([extra]) == uncached([extra])
    assert not marker.exists()


def test_a_private_cache_of_this_user_is_used(cache: Path, tmp_path: Path) -> None:
    """The check does not refuse the user's own cache: a private file is what is loaded."""
    extra = tmp_path / "ours.yaml"
    extra.write_text(SCHOOL, encoding="utf-8")
    mine = uncached([])  # different from what the files give, so its use is visible
    assert mine != uncached([extra])
    _plant(cache, extra, mine, 0o700, 0o600)
    assert load_lexicons([extra]) == mine


def test_a_looser_folder_of_ours_is_made_private_when_written(cache: Path, tmp_path: Path) -> None:
    extra = tmp_path / "ours.yaml"
    extra.write_text(SCHOOL, encoding="utf-8")
    folder = cache / "lexicons"
    folder.mkdir(parents=True)
    folder.chmod(0o775)
    load_lexicons([extra])  # refuses nothing yet (no file), writes, tightens the folder
    assert folder.stat().st_mode & 0o777 == 0o700
    files = list(folder.iterdir())
    assert len(files) == 1 and files[0].stat().st_mode & 0o777 == 0o600
