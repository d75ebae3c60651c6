"""Diagnostics: precise, user-facing messages about bad input.

Every reader and validator reports problems as `Diagnostic` values rather than raising, so
that one bad item never aborts a run and every problem can be reported at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem with one place in one input file.

    `line` is a 1-based line number in a text file, `row` a CSV row as a spreadsheet shows
    it (the header is row 1, the first data row is row 2), `offset` a byte offset in a
    binary or mailbox file. `field` names the
    column, key or dotted field path at fault.
    """

    source: str
    message: str
    line: int | None = None
    row: int | None = None
    offset: int | None = None
    field: str | None = None
    severity: Severity = Severity.ERROR

    def location(self) -> str:
        parts = [self.source]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.offset is not None:
            parts.append(f"offset {self.offset}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        what = f"{self.field}: " if self.field else ""
        return f"{where}: {self.severity.value}: {what}{self.message}"


def errors_in(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The errors among `diagnostics`, in order: the one place that filters by severity."""
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def warnings_in(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.WARNING]


@dataclass(slots=True)
class Diagnostics:
    """The one collector of diagnostics: every reader and validator adds to one of these
    (or to a plain list) and reads back `errors` and `warnings`."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    def error(
        self,
        source: str,
        message: str,
        *,
        line: int | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.items.append(Diagnostic(source, message, line=line, row=row, field=field))

    def warning(
        self,
        source: str,
        message: str,
        *,
        line: int | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.items.append(
            Diagnostic(source, message, line=line, row=row, field=field, severity=Severity.WARNING)
        )

    @property
    def errors(self) -> list[Diagnostic]:
        return errors_in(self.items)

    @property
    def warnings(self) -> list[Diagnostic]:
        return warnings_in(self.items)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)


class UserError(Exception):
    """An error caused by the user's input or invocation; shown without a traceback (exit 2)."""

    def __init__(self, message: str, diagnostics: Iterable[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics = list(diagnostics)
