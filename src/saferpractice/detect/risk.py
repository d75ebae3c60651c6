"""Risk-language matching: every lexicon phrase in one multi-pattern database."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from saferpractice.detect.engine import MultiPatternMatcher
from saferpractice.detect.lexicon import Lexicons, RiskSeverity, load_lexicons, phrase_patterns

_ALLOW = -1  # category index of allow-list patterns


@dataclass(frozen=True, slots=True)
class RiskMatch:
    category: str
    severity: RiskSeverity
    phrase: str  # the lexicon phrase that matched, as written in the lexicon
    start: int
    end: int
    group: str = ""


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < s_end and s_start < end for s_start, s_end in spans)


class RiskMatcher:
    """`find(text)` -> the risk phrases in a text, per category, leftmost-longest, no overlaps.

    Build once per process; it pickles as its lexicons and recompiles lazily.
    """

    def __init__(self, lexicons: Lexicons | None = None, backend: str | None = None) -> None:
        self.lexicons = lexicons if lexicons is not None else load_lexicons()
        words = dict(self.lexicons.words)
        patterns: list[str] = []
        owners: list[tuple[int, str]] = []  # (category index or _ALLOW, phrase)
        seen: set[tuple[int, str]] = set()
        for index, category in enumerate(self.lexicons.categories):
            for phrase in category.phrases:
                for pattern in phrase_patterns(phrase, words):
                    if (index, pattern) not in seen:
                        seen.add((index, pattern))
                        patterns.append(pattern)
                        owners.append((index, phrase))
        for phrase in self.lexicons.allow:
            for pattern in phrase_patterns(phrase, words):
                patterns.append(pattern)
                owners.append((_ALLOW, phrase))
        self._owners = owners
        self.engine = MultiPatternMatcher(patterns, backend=backend)

    def __reduce__(self) -> tuple[Any, tuple[Lexicons, str]]:
        return (RiskMatcher, (self.lexicons, self.engine.backend))

    @property
    def backend(self) -> str:
        return self.engine.backend

    @property
    def pattern_count(self) -> int:
        return len(self.engine.patterns)

    def find(self, text: str) -> list[RiskMatch]:
        """Risk phrases in `text`, sorted by position; an allow-list phrase hides any hit it
        overlaps. (Words that are part of a person's name in the school folder are the
        check's concern: checks/communication.py `_inside_name`.)"""
        return self._from_raw(self.engine.scan(text))

    def find_many(self, texts: Sequence[str]) -> list[list[RiskMatch]]:
        """`[self.find(t) for t in texts]` with one database scan over all of them: much
        less per-text overhead for many short messages."""
        return [self._from_raw(raw) for raw in self.engine.scan_many(texts)]

    def _from_raw(self, raw: list[tuple[int, int, int]]) -> list[RiskMatch]:
        if not raw:
            return []
        blocked = [(s, e) for pid, s, e in raw if self._owners[pid][0] == _ALLOW]
        # Per category, prefer the leftmost then the longest hit, then the first phrase.
        candidates = sorted(
            (
                (self._owners[pid][0], start, -(end - start), pid, end)
                for pid, start, end in raw
                if self._owners[pid][0] != _ALLOW
            ),
        )
        out: list[RiskMatch] = []
        last_end: dict[int, int] = {}
        for cat_index, start, _neg_len, pid, end in candidates:
            if start < last_end.get(cat_index, -1):
                continue
            if blocked and _overlaps(start, end, blocked):
                continue
            last_end[cat_index] = end
            category = self.lexicons.categories[cat_index]
            out.append(
                RiskMatch(
                    category=category.id,
                    severity=category.severity,
                    phrase=self._owners[pid][1],
                    start=start,
                    end=end,
                    group=category.group,
                )
            )
        out.sort(key=lambda m: (m.start, m.end, m.category))
        return out
