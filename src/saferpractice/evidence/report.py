"""Per-source accounting of a read: nothing is dropped without being counted and reported."""

from __future__ import annotations

from dataclasses import dataclass, field

from saferpractice.diagnostics import Diagnostic, Severity


@dataclass(slots=True)
class SourceStats:
    read: int = 0
    warned: int = 0
    skipped: int = 0


@dataclass(slots=True)
class ReadReport:
    """Counts of records read, warned and skipped per source, with the diagnostics behind them."""

    stats: dict[str, SourceStats] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def _stats(self, source: str) -> SourceStats:
        found = self.stats.get(source)
        if found is None:
            found = self.stats[source] = SourceStats()
        return found

    def count_read(self, source: str, warnings: int = 0) -> None:
        stats = self._stats(source)
        stats.read += 1
        if warnings:
            stats.warned += 1

    def warn(self, diagnostic: Diagnostic) -> None:
        """A problem with an item that was still read (call `count_read` for the item too)."""
        self.diagnostics.append(
            Diagnostic(
                diagnostic.source,
                diagnostic.message,
                line=diagnostic.line,
                row=diagnostic.row,
                offset=diagnostic.offset,
                field=diagnostic.field,
                severity=Severity.WARNING,
            )
        )

    def skip(self, diagnostic: Diagnostic) -> None:
        """An item that could not be read at all: counted, reported, never silently lost."""
        self._stats(diagnostic.source).skipped += 1
        self.diagnostics.append(diagnostic)

    def merge(self, other: ReadReport) -> None:
        for source, stats in other.stats.items():
            mine = self._stats(source)
            mine.read += stats.read
            mine.warned += stats.warned
            mine.skipped += stats.skipped
        self.diagnostics.extend(other.diagnostics)

    @property
    def total(self) -> SourceStats:
        total = SourceStats()
        for stats in self.stats.values():
            total.read += stats.read
            total.warned += stats.warned
            total.skipped += stats.skipped
        return total
