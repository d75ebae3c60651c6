"""One multi-pattern database for many regular expressions: hyperscan, or pure Python.

Both backends answer the same question, so their results can be compared exactly:

    for every pattern p and every start offset s at which p matches, the longest match
    text[s:e] of p starting there (after the Unicode boundary filter below).

hyperscan reports every match end with its leftmost start (`HS_FLAG_SOM_LEFTMOST`); we keep
the longest end per (pattern, start). The Python backend finds candidate starts with one
big alternation and then asks each pattern's own regex at that start. Patterns are built
so that regex preference equals the longest match (alternatives sorted longest first; see
`lexicon.py`), and the differential test in tests/detect checks that the two agree.

Matching is ASCII case-insensitive and `\\b` uses ASCII word characters in both backends
(`re.ASCII`; hyperscan without `HS_FLAG_UCP`). A shared filter then drops a match whose
neighbour is any Unicode letter or digit, so "naïve"-style neighbours never make a hit.

The compiled database is not picklable. An engine pickles as its configuration (the
patterns and the requested backend) and compiles lazily, once per process.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import platform
import re
from bisect import bisect_right
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from saferpractice.detect import hslock
from saferpractice.detect.owncache import own_cache_bytes, write_private

Backend = Literal["hyperscan", "python"]
ENV_VAR = "SAFERPRACTICE_MATCHER"

# Lone surrogates (from undecodable bytes) cannot be encoded as UTF-8; both backends see
# U+FFFD instead, which keeps character offsets unchanged.
_SURROGATE = re.compile("[\ud800-\udfff]")


def hyperscan_available() -> bool:
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return False
    return True


def choose_backend(requested: str | None = None) -> Backend:
    """The backend to use: an explicit request, else $SAFERPRACTICE_MATCHER, else the best.

    A request for hyperscan when it is not installed is an error rather than a silent
    fallback, so that a benchmark or test never measures the wrong engine.
    """
    wanted = (requested or os.environ.get(ENV_VAR, "") or "").strip().lower()
    if wanted in ("", "auto"):
        return "hyperscan" if hyperscan_available() else "python"
    if wanted == "python":
        return "python"
    if wanted == "hyperscan":
        if not hyperscan_available():
            raise RuntimeError(
                f"{ENV_VAR}=hyperscan was requested but the hyperscan package is not installed"
            )
        return "hyperscan"
    raise ValueError(f"unknown matcher backend {wanted!r}: expected 'python' or 'hyperscan'")


def _neighbour_is_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    first = text[start] if start < end else ""
    last = text[end - 1] if start < end else ""
    # Only a word character inside the match, next to a word character outside, joins words.
    return bool(
        (before and (before.isalnum() or before == "_") and (first.isalnum() or first == "_"))
        or (after and (after.isalnum() or after == "_") and (last.isalnum() or last == "_"))
    )


class MultiPatternMatcher:
    """Match many regular expressions at once; see the module docstring for the semantics."""

    def __init__(self, patterns: Sequence[str], backend: str | None = None) -> None:
        self.patterns: tuple[str, ...] = tuple(patterns)
        self.requested = backend
        self.backend: Backend = choose_backend(backend)
        self._compiled: Any = None

    # -- pickling: configuration only ---------------------------------------------------
    def __reduce__(self) -> tuple[Any, tuple[tuple[str, ...], str]]:
        return (MultiPatternMatcher, (self.patterns, self.backend))

    # -- compilation --------------------------------------------------------------------
    def compile(self) -> None:
        """Compile now (otherwise the first `scan` compiles); idempotent."""
        if self._compiled is not None:
            return
        if self.backend == "hyperscan":
            self._compiled = _compile_hyperscan(self.patterns)
        else:
            self._compiled = _compile_python(self.patterns)

    # -- matching -----------------------------------------------------------------------
    def scan(self, text: str) -> list[tuple[int, int, int]]:
        """`(pattern_index, start, end)` triples, sorted by start, end and pattern index."""
        if not self.patterns or not text:
            return []
        self.compile()
        clean = _SURROGATE.sub("\ufffd", text)
        if self.backend == "hyperscan":
            raw = _scan_hyperscan(self._compiled, clean)
        else:
            raw = _scan_python(self._compiled, clean)
        found = [
            (pid, start, end)
            for (pid, start), end in raw.items()
            if not _neighbour_is_word(clean, start, end)
        ]
        found.sort(key=lambda item: (item[1], item[2], item[0]))
        return found

    def scan_many(self, texts: Sequence[str]) -> list[list[tuple[int, int, int]]]:
        """`[self.scan(t) for t in texts]`, scanning the texts joined as one buffer.

        The texts are joined with SEPARATOR, whose edges are newlines, so word boundaries
        at a text's edge are unchanged; no pattern can start in one text and end in the
        next unless it matches the separator. If one ever does (a school's own pattern),
        the texts it spans are rescanned alone, so the result always equals per-text scans.
        """
        if not self.patterns:
            return [[] for _ in texts]
        joined, starts = join_texts(texts)
        out: list[list[tuple[int, int, int]]] = [[] for _ in texts]
        redo: set[int] = set()
        for pid, start, end in self.scan(joined):
            index = bisect_right(starts, start) - 1
            base = starts[index]
            if end > base + len(texts[index]) or start - base >= len(texts[index]):
                redo.update(range(index, bisect_right(starts, end - 1)))
                continue
            out[index].append((pid, start - base, end - base))
        for index in redo:
            out[index] = self.scan(texts[index])
        return out


# "\n" on both sides keeps every word boundary at a text's edge; no lexicon pattern, address
# or number can contain NUL.
SEPARATOR = "\n\x00\n"


def join_texts(texts: Sequence[str]) -> tuple[str, list[int]]:
    """The texts joined by SEPARATOR, and the offset where each one starts."""
    starts: list[int] = []
    position = 0
    for text in texts:
        starts.append(position)
        position += len(text) + len(SEPARATOR)
    return SEPARATOR.join(texts), starts


# -- python backend ---------------------------------------------------------------------

_PY_FLAGS = re.IGNORECASE | re.ASCII


def _compile_python(patterns: Sequence[str]) -> tuple[re.Pattern[str], list[re.Pattern[str]]]:
    each = [re.compile(p, _PY_FLAGS) for p in patterns]
    combined = re.compile("|".join(f"(?:{p})" for p in patterns), _PY_FLAGS)
    return combined, each


def _scan_python(
    compiled: tuple[re.Pattern[str], list[re.Pattern[str]]], text: str
) -> dict[tuple[int, int], int]:
    combined, each = compiled
    out: dict[tuple[int, int], int] = {}
    pos = 0
    n = len(text)
    while pos <= n:
        hit = combined.search(text, pos)
        if hit is None:
            break
        start = hit.start()
        for pid, pattern in enumerate(each):
            m = pattern.match(text, start)
            if m is not None and m.end() > start:
                out[(pid, start)] = m.end()
        pos = start + 1
    return out


# -- hyperscan backend ------------------------------------------------------------------


HYPERSCAN_FLAGS_NAMES = ("HS_FLAG_SOM_LEFTMOST", "HS_FLAG_CASELESS", "HS_FLAG_UTF8")
CACHE_ENV_VAR = "SAFERPRACTICE_CACHE_DIR"


def cache_dir() -> Path:
    """Where compiled databases are kept: $SAFERPRACTICE_CACHE_DIR, else the user's cache."""
    explicit = os.environ.get(CACHE_ENV_VAR)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "saferpractice"


def _database_key(patterns: Sequence[str], hs: Any) -> str:
    digest = hashlib.sha256()
    version = getattr(hs, "__version__", "?")
    digest.update(f"hyperscan {version} {platform.machine()} {HYPERSCAN_FLAGS_NAMES}".encode())
    for pattern in patterns:
        digest.update(b"\0" + pattern.encode("utf-8"))
    return digest.hexdigest()[:32]


def _compile_hyperscan(patterns: Sequence[str]) -> Any:
    """Load the compiled database from the cache, else compile it (seconds) and cache it.

    The cache is an optimisation only: an unreadable, corrupt or unwritable cache means
    compiling in this process, never an error.
    """
    import hyperscan as hs

    path = cache_dir() / "hyperscan" / f"{_database_key(patterns, hs)}.db"
    try:
        data = own_cache_bytes(path)  # a database others could plant could hide every finding
        if data is None:
            raise OSError(f"{path}: not a private cache file of this user")
        cached = hs.loadb(data, hs.HS_MODE_BLOCK)
        cached.scratch = hs.Scratch(cached)  # loadb gives a database without scratch space
        hslock.scan(cached, b"probe", lambda *_args: None)  # wrong CPU -> error
        return cached
    except (OSError, hs.error):
        pass
    flags = hs.HS_FLAG_SOM_LEFTMOST | hs.HS_FLAG_CASELESS | hs.HS_FLAG_UTF8
    db = hs.Database(mode=hs.HS_MODE_BLOCK)
    db.compile(
        expressions=[p.encode("utf-8") for p in patterns],
        ids=list(range(len(patterns))),
        elements=len(patterns),
        flags=[flags] * len(patterns),
    )
    with contextlib.suppress(OSError):  # the cache only saves start-up time
        write_private(path, hs.dumpb(db))
    return db


def _byte_to_char(data: bytes, offsets: set[int]) -> dict[int, int]:
    """For non-ASCII text: UTF-8 byte offset -> character offset, for the offsets needed."""
    return {offset: len(data[:offset].decode("utf-8")) for offset in offsets}


def _scan_hyperscan(db: Any, text: str) -> dict[tuple[int, int], int]:
    data = text.encode("utf-8")
    hits: dict[tuple[int, int], int] = {}

    def on_match(pid: int, start: int, end: int, _flags: int, _ctx: object) -> None:
        key = (pid, start)
        if end > start and end > hits.get(key, -1):
            hits[key] = end

    hslock.scan(db, data, on_match)
    if not hits or len(data) == len(text):
        return hits
    table = _byte_to_char(data, {o for (_pid, start), end in hits.items() for o in (start, end)})
    return {(pid, table[start]): table[end] for (pid, start), end in hits.items()}
