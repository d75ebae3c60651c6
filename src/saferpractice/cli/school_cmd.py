"""`saferpractice school ...`: check a school folder and export it normalised."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console

from saferpractice.cli.common import EXIT_FOUND, EXIT_OK, EXIT_USAGE, echo_error, plural

if TYPE_CHECKING:
    from saferpractice.school import SchoolLoad

_DIR = click.Path(file_okay=False, path_type=Path)


def load_with_status(folder: Path) -> SchoolLoad:
    """Load the folder, showing a spinner on the terminal while it reads."""
    from saferpractice.school import load_school

    console = Console(stderr=True)
    with console.status(f"Reading the school folder {folder} ..."):
        return load_school(folder)


def show_diagnostics(loaded: SchoolLoad, warnings: bool = True) -> None:
    """Every error, then (under their own heading) every warning."""
    if loaded.errors:
        click.secho(f"Errors ({len(loaded.errors)}):", fg="red", bold=True, err=True)
        for diagnostic in loaded.errors:
            click.secho(f"  {diagnostic}", fg="red", err=True)
    if loaded.warnings and warnings:
        click.secho(f"Warnings ({len(loaded.warnings)}):", fg="yellow", bold=True, err=True)
        for diagnostic in loaded.warnings:
            click.secho(f"  {diagnostic}", fg="yellow", err=True)


def summary(loaded: SchoolLoad) -> str:
    school = loaded.school
    counts = f"{plural(len(loaded.errors), 'error')}, {plural(len(loaded.warnings), 'warning')}"
    if school is None:
        rows = ", ".join(f"{name} {count}" for name, count in loaded.rows.items())
        return f"not valid: {counts} (rows read: {rows or 'none'})."
    roles = Counter(person.role for person in school.people.values())
    people = ", ".join(f"{roles[role]} {role}" for role in sorted(roles))
    noun = "person" if len(school.people) == 1 else "people"
    return (
        f"valid: {school.name}; {len(school.people)} {noun} ({people}); "
        f"{plural(len(school.accounts), 'account')}, {plural(len(school.devices), 'device')}, "
        f"{plural(len(school.approvals), 'approval')}, {plural(len(school.consents), 'consent')}, "
        f"{plural(len(school.acknowledgements), 'acknowledgement')}; {counts}."
    )


@click.group()
def school() -> None:
    """The school folder: people, accounts, devices, approvals, consents, acknowledgements."""


@school.command()
@click.argument("folder", type=_DIR)
@click.option("--no-warnings", is_flag=True, help="Count warnings but do not list them.")
def check(folder: Path, no_warnings: bool) -> None:
    """Validate the school FOLDER and report every problem at once.

    Each message names the file, the row (the first data row is row 2, as in a
    spreadsheet) or line, the column and the reason. Exit 0 if valid (warnings allowed),
    1 if there are errors, 2 if the folder cannot be read.
    """
    loaded = load_with_status(folder)
    if loaded.unreadable:
        for diagnostic in loaded.diagnostics:
            echo_error(str(diagnostic))
        sys.exit(EXIT_USAGE)
    show_diagnostics(loaded, warnings=not no_warnings)
    click.echo(f"{folder}: {summary(loaded)}")
    sys.exit(EXIT_OK if loaded.school is not None else EXIT_FOUND)


@school.command()
@click.argument("folder", type=_DIR)
@click.option("-o", "--output", "out", type=_DIR, required=True, help="Folder to write.")
@click.option("--force", is_flag=True, help="Overwrite school folder files already in OUT.")
def export(folder: Path, out: Path, force: bool) -> None:
    """Write the school FOLDER back out to OUT, normalised.

    Phone numbers become E.164, addresses and handles are case-folded, websites are written
    host/path, and enumerated values lower-case. Loading OUT gives the same school.
    Exit 0 when written, 1 if FOLDER has errors (nothing is written), 2 on a usage error.
    """
    from saferpractice.school import export_school
    from saferpractice.school.load import FILE_ORDER

    loaded = load_with_status(folder)
    if loaded.unreadable:
        for diagnostic in loaded.diagnostics:
            echo_error(str(diagnostic))
        sys.exit(EXIT_USAGE)
    if loaded.school is None:
        show_diagnostics(loaded)
        click.echo(f"{folder}: {summary(loaded)} Nothing was written.")
        sys.exit(EXIT_FOUND)
    existing = [name for name in FILE_ORDER if (out / name).exists()]
    same = out.resolve() == folder.resolve()
    if existing and not force:
        echo_error(
            f"{out} already has {', '.join(existing)}; use --force to overwrite"
            + (" (it is the folder being exported)" if same else "")
        )
        sys.exit(EXIT_USAGE)
    written = export_school(loaded.school, out)
    click.echo(f"{folder}: {summary(loaded)}")
    click.echo(f"Wrote {plural(len(written), 'file')} to {out}.")
    sys.exit(EXIT_OK)
