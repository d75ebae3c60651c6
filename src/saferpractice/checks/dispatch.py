"""What each check module serves: the rules it can raise and the records it reads.

Every check module declares a `CHECKS` tuple of `RecordCheck` and `SchoolCheck` values;
`saferpractice.checks` gathers them and is the one place where enabled rules are applied.
A test proves that the rules the modules declare are exactly the rule registry's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from saferpractice.checks.context import CheckContext
from saferpractice.evidence.records import Record
from saferpractice.findings import Finding

# A check function reads one prepared record (or the record itself) and the context.
RecordFunction = Callable[[Any, CheckContext], Iterable[Finding]]
Prepare = Callable[[Any, CheckContext], Any]


@dataclass(frozen=True, slots=True)
class RecordCheck:
    """A check over one evidence record of the given types.

    `prepare`, when given, turns the record into what `run` reads (a mail or message into a
    `Communication`); records are prepared once per record, however many checks share it.
    """

    rules: frozenset[str]
    reads: tuple[type[Record], ...]
    run: RecordFunction
    prepare: Prepare | None = None


@dataclass(frozen=True, slots=True)
class SchoolCheck:
    """A check that needs no evidence: it reads the school folder and the policy."""

    rules: frozenset[str]
    run: Callable[[CheckContext], Iterable[Finding]]


Check = RecordCheck | SchoolCheck


def record_check(
    rule: str | Iterable[str],
    reads: type[Record] | tuple[type[Record], ...],
    run: RecordFunction,
    prepare: Prepare | None = None,
) -> RecordCheck:
    rules = frozenset([rule] if isinstance(rule, str) else rule)
    return RecordCheck(rules, reads if isinstance(reads, tuple) else (reads,), run, prepare)


def school_check(
    rule: str | Iterable[str], run: Callable[[CheckContext], Iterable[Finding]]
) -> SchoolCheck:
    return SchoolCheck(frozenset([rule] if isinstance(rule, str) else rule), run)
