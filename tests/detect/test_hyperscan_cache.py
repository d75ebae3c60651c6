"""The compiled Hyperscan database is read from the cache only when this user alone could
have written it: a planted database that matches nothing would hide every lexicon finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from saferpractice.detect.engine import (
    CACHE_ENV_VAR,
    MultiPatternMatcher,
    _database_key,
    hyperscan_available,
)

pytestmark = pytest.mark.skipif(not hyperscan_available(), reason="hyperscan is not installed")

PATTERNS = ["keep (this|it) between us", "our little secret"]
TEXT = "remember, keep this between us"


def plant_blind_database(folder: Path) -> None:
    """A valid database under the real key, compiled from a pattern that never matches."""
    import hyperscan as hs

    blind = hs.Database(mode=hs.HS_MODE_BLOCK)
    blind.compile(expressions=[b"zq{7}never"], ids=[0], elements=1, flags=[0])
    target = folder / "hyperscan" / f"{_database_key(PATTERNS, hs)}.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(hs.dumpb(blind))


def matches(folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int, int]]:
    monkeypatch.setenv(CACHE_ENV_VAR, str(folder))
    return MultiPatternMatcher(PATTERNS, backend="hyperscan").scan(TEXT)


def plant_with_modes(tmp_path: Path, folder_mode: int, file_mode: int) -> Path:
    folder = tmp_path / "cache"
    plant_blind_database(folder)
    (folder / "hyperscan").chmod(folder_mode)
    for planted in (folder / "hyperscan").iterdir():
        planted.chmod(file_mode)
    return folder


@pytest.mark.parametrize(
    ("folder_mode", "file_mode"),
    [(0o777, 0o644), (0o700, 0o664)],
    ids=["world-writable folder", "group-writable file"],
)
def test_a_database_others_could_write_is_never_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder_mode: int, file_mode: int
) -> None:
    folder = plant_with_modes(tmp_path, folder_mode, file_mode)
    assert matches(folder, monkeypatch) == [(0, 10, 30)]


def test_a_private_database_of_this_user_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same planted file in a private folder is read: so the refusals above happen only
    # because of the owner check, not because the cache is never consulted.
    folder = plant_with_modes(tmp_path, 0o700, 0o600)
    assert matches(folder, monkeypatch) == []
