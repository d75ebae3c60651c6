"""Shared CLI conventions: exit codes and how diagnostics are shown."""

from __future__ import annotations

from collections.abc import Iterable

import click

from saferpractice.diagnostics import Diagnostic, Severity

EXIT_OK = 0
EXIT_FOUND = 1  # the check ran and found problems
EXIT_USAGE = 2  # usage or input error


def echo_error(message: str) -> None:
    click.secho(f"error: {message}", fg="red", err=True)


def echo_diagnostics(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    """Print diagnostics, errors first; return (errors, warnings)."""
    ordered = sorted(diagnostics, key=lambda d: d.severity is not Severity.ERROR)
    errors = warnings = 0
    for diagnostic in ordered:
        if diagnostic.severity is Severity.ERROR:
            errors += 1
            click.secho(str(diagnostic), fg="red", err=True)
        else:
            warnings += 1
            click.secho(str(diagnostic), fg="yellow", err=True)
    return errors, warnings


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
