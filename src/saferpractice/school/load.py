"""`load_school(path)`: read, validate and index a school folder in one pass.

Every problem in every file is collected (errors and warnings), so a school can fix them all
at once. The `School` is built only when there are no errors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from saferpractice.diagnostics import Diagnostic, Severity
from saferpractice.school.registers import (
    ACCOUNTS,
    ACKNOWLEDGEMENTS,
    APPROVALS,
    COLUMNS,
    CONSENTS,
    DEVICES,
    PEOPLE,
    REGISTERS,
    Context,
    check_people,
    parse_accounts,
    parse_acknowledgements,
    parse_approvals,
    parse_consents,
    parse_devices,
    parse_people,
)
from saferpractice.school.school import School
from saferpractice.school.settings import SETTINGS_FILE, read_settings
from saferpractice.school.table import Table, read_table

FILE_ORDER: tuple[str, ...] = (SETTINGS_FILE, *REGISTERS)


@dataclass(frozen=True, slots=True)
class SchoolLoad:
    """The result of loading a folder: the school (None if there were errors), every
    diagnostic, and how many rows each register had."""

    school: School | None
    diagnostics: tuple[Diagnostic, ...]
    rows: dict[str, int] = field(default_factory=dict)
    unreadable: bool = False  # the folder itself could not be read

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.WARNING)


def _order(diagnostic: Diagnostic) -> tuple[int, int, int]:
    try:
        index = FILE_ORDER.index(diagnostic.source)
    except ValueError:
        index = len(FILE_ORDER)
    return index, diagnostic.row or diagnostic.line or 0, 0


def load_school(path: str | Path) -> SchoolLoad:
    """Load the school folder at `path`."""
    folder = Path(path)
    if not folder.is_dir():
        what = "does not exist" if not folder.exists() else "is not a folder"
        return SchoolLoad(None, (Diagnostic(str(folder), what),), unreadable=True)
    diagnostics: list[Diagnostic] = []
    settings = read_settings(folder, diagnostics)
    ctx = Context(settings, diagnostics)
    tables: dict[str, Table | None] = {}
    for name in REGISTERS:
        table = read_table(folder, name, COLUMNS[name], diagnostics)
        tables[name] = table
        if table is None and (folder / name).is_file():
            if name == PEOPLE:
                ctx.people_known.complete = False
            if name == DEVICES:
                ctx.devices_known.complete = False
        elif table is None and name == PEOPLE:
            diagnostics.append(Diagnostic(PEOPLE, "is missing; the folder needs one"))
            ctx.people_known.complete = False
        elif table is None:
            diagnostics.append(
                Diagnostic(name, "is missing; treated as empty", severity=Severity.WARNING)
            )

    def parse(name: str, parser: Callable[[Table, Context], list[Any]]) -> list[Any]:
        table = tables[name]
        return parser(table, ctx) if table is not None else []

    people = parse(PEOPLE, parse_people)
    people_table = tables[PEOPLE]
    if people_table is not None:
        check_people(people_table, ctx, people)
    accounts = parse(ACCOUNTS, parse_accounts)
    devices = parse(DEVICES, parse_devices)
    approvals = parse(APPROVALS, parse_approvals)
    consents = parse(CONSENTS, parse_consents)
    acknowledgements = parse(ACKNOWLEDGEMENTS, parse_acknowledgements)

    diagnostics.sort(key=_order)
    rows = {name: len(table.rows) for name, table in tables.items() if table is not None}
    if settings is None or any(d.severity is Severity.ERROR for d in diagnostics):
        return SchoolLoad(None, tuple(diagnostics), rows)
    school = School(
        settings=settings,
        folder=folder.resolve(),
        people={person.id: person for person in people},
        accounts=tuple(accounts),
        devices=tuple(devices),
        approvals=tuple(approvals),
        consents=tuple(consents),
        acknowledgements=tuple(acknowledgements),
    )
    return SchoolLoad(school, tuple(diagnostics), rows)
