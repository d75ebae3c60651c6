"""`saferpractice import ...`: bring people into a school folder from other systems."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from saferpractice.cli.common import EXIT_FOUND, EXIT_OK, EXIT_USAGE, echo_error, plural
from saferpractice.diagnostics import Diagnostic, Severity

_DIR = click.Path(file_okay=False, path_type=Path)


@click.group("import")
def import_group() -> None:
    """Import people into a school folder (OneRoster 1.1 CSV)."""


def _write_report(out: Path, diagnostics: list[Diagnostic]) -> Path:
    from saferpractice.school.export import write_csv

    path = out / "oneroster-import-report.csv"
    write_csv(
        path,
        ("file", "row", "column", "severity", "message"),
        (
            (d.source, str(d.row or ""), d.field or "", d.severity.value, d.message)
            for d in diagnostics
        ),
    )
    return path


@import_group.command()
@click.argument("source", type=_DIR)
@click.option("-o", "--output", "out", type=_DIR, required=True, help="School folder to write.")
@click.option("--org", default=None, help="The school's sourcedId when orgs.csv has several.")
@click.option("--force", is_flag=True, help="Overwrite people.csv and accounts.csv in OUT.")
def oneroster(source: Path, out: Path, org: str | None, force: bool) -> None:
    """Convert the OneRoster 1.1 CSV export in SOURCE into OUT's people.csv and accounts.csv.

    teacher, administrator and aide become staff; student becomes pupil; parent, guardian
    and relative become parent; agentSourcedIds becomes guardian_of. Rows or values that
    cannot be converted are reported (and listed in OUT/oneroster-import-report.csv), never
    dropped silently. A minimal school.yaml is written if OUT has none: complete it.
    Other registers already in OUT are kept. Finally OUT is checked as `school check` would.

    Exit 0 if everything converted and the folder is valid, 1 if rows were reported or
    the folder has errors, 2 if SOURCE cannot be read or OUT would be overwritten.
    """
    from saferpractice.cli.school_cmd import load_with_status, show_diagnostics, summary
    from saferpractice.school.oneroster import (
        convert_oneroster,
        minimal_settings_yaml,
        write_conversion,
    )

    if not force and any((out / name).exists() for name in ("people.csv", "accounts.csv")):
        echo_error(f"{out} already has people.csv or accounts.csv; use --force to replace them")
        sys.exit(EXIT_USAGE)
    conversion = convert_oneroster(source, org)
    write_conversion(conversion, out)
    settings = out / "school.yaml"
    wrote_settings = not settings.exists()
    if wrote_settings:
        settings.write_text(minimal_settings_yaml(conversion), encoding="utf-8")
    problems = sorted(conversion.diagnostics, key=lambda d: (d.source, d.row or 0))
    for diagnostic in problems:
        colour = "red" if diagnostic.severity is Severity.ERROR else "yellow"
        click.secho(str(diagnostic), fg=colour, err=True)
    if problems:
        report = _write_report(out, problems)
        click.echo(f"The rows and values reported are listed in {report}.")
    roles = Counter(conversion.roles)
    click.echo(
        f"Converted {len(conversion.people)} "
        f"{'person' if len(conversion.people) == 1 else 'people'} "
        f"({', '.join(f'{roles[r]} {r}' for r in sorted(roles)) or 'none'}) and "
        f"{plural(len(conversion.accounts), 'account')}; "
        f"{plural(sum(d.severity is Severity.ERROR for d in problems), 'row problem')}, "
        f"{plural(sum(d.severity is Severity.WARNING for d in problems), 'warning')}."
    )
    if wrote_settings:
        click.secho(
            f"warning: wrote a minimal {settings}; complete the urn, phone_numbers, websites "
            "and school_hours",
            fg="yellow",
            err=True,
        )
    loaded = load_with_status(out)
    show_diagnostics(loaded)
    click.echo(f"{out}: {summary(loaded)}")
    failed = loaded.school is None or any(d.severity is Severity.ERROR for d in problems)
    sys.exit(EXIT_FOUND if failed else EXIT_OK)
