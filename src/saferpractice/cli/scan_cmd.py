"""`saferpractice scan`: check evidence against the policy and the school's own agreements."""

from __future__ import annotations

import io
import sys
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TextIO

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from saferpractice.checks.context import CheckContext
from saferpractice.checks.rules import RULES
from saferpractice.cli.common import EXIT_FOUND, EXIT_OK
from saferpractice.diagnostics import UserError
from saferpractice.findings import Finding, Priority
from saferpractice.scan.engine import (
    ScanOptions,
    ScanResult,
    ScanStopped,
    load_context_with_gaps,
    run_scan,
)
from saferpractice.scan.output import one_line
from saferpractice.scan.school_gaps import SchoolGaps

FORMATS = ("jsonl", "csv", "html")
SUFFIX_FORMATS = {".jsonl": "jsonl", ".csv": "csv", ".html": "html", ".htm": "html"}


def _parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date like 2026-11-24", param_hint=option
        ) from None


def _parse_rules(values: tuple[str, ...]) -> frozenset[str]:
    if not values:
        return frozenset(RULES)
    chosen: set[str] = set()
    for value in values:
        for name in value.split(","):
            name = name.strip()
            if not name:
                continue
            matched = [rule for rule in RULES if rule == name or rule.startswith(name + ".")]
            if not matched:
                raise click.BadParameter(
                    f"unknown rule {name!r}; known rules: {', '.join(RULES)}", param_hint="--rules"
                )
            chosen.update(matched)
    return frozenset(chosen)


def _format_for(output: Path | None, requested: str | None) -> str:
    """The output format, from --format or the file's extension (in any case).

    A file is never written in a format its name does not say: `-o report.pdf` stops with a
    message rather than writing JSON Lines into a file that a PDF reader will open.
    """
    suffix = output.suffix.casefold() if output is not None else ""
    from_suffix = SUFFIX_FORMATS.get(suffix)
    if suffix and from_suffix is None:
        hint = " (PDF is not a report format yet: write .html and print it)" * (suffix == ".pdf")
        raise click.BadParameter(
            f"cannot write findings to a '{output.suffix if output else ''}' file{hint}; "
            "use a name ending .jsonl, .csv or .html",
            param_hint="--output",
        )
    if requested and from_suffix and requested != from_suffix:
        raise click.BadParameter(
            f"--format {requested} does not match the file name {output}", param_hint="--format"
        )
    return requested or from_suffix or "jsonl"


def _summary_table(findings: list[Finding]) -> Table:
    counts = Counter((f.rule, f.level.value) for f in findings)
    table = Table(title="Findings by rule and level", title_justify="left")
    table.add_column("rule")
    table.add_column("red", justify="right", style="red")
    table.add_column("amber", justify="right", style="yellow")
    by_priority = Counter(f.priority for f in findings)
    table.caption = "By priority: " + ", ".join(f"{by_priority[p]:,} {p.value}" for p in Priority)
    for rule in RULES:
        red, amber = counts[(rule, "red")], counts[(rule, "amber")]
        if red or amber:
            table.add_row(rule, str(red or ""), str(amber or ""))
    table.add_row(
        "total",
        str(sum(1 for f in findings if f.level.value == "red")),
        str(sum(1 for f in findings if f.level.value == "amber")),
        style="bold",
    )
    return table


@click.command("scan")
@click.argument("school_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("evidence", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write findings here (default: standard output).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Output format (default: from the file extension, else jsonl).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Parallel worker processes; the result is identical to --jobs 1.",
)
@click.option(
    "--cluster",
    metavar="ADDRESS",
    help="Run the scan on a Dask cluster: a scheduler such as tcp://host:8786, or local:N to "
    "start N local worker processes. Every worker must see the evidence at the same path "
    "(docs/scale.md). The result is identical to --jobs 1.",
)
@click.option(
    "--shard-mb",
    type=click.FloatRange(min=0.001),
    default=32.0,
    show_default=True,
    help="Target size of the shards that --jobs and --cluster workers read on their own.",
)
@click.option("--since", help="Only check evidence dated on or after this date (YYYY-MM-DD).")
@click.option(
    "--as-of", "as_of", help="The date to judge registers and the policy on (default: today)."
)
@click.option(
    "--rules",
    multiple=True,
    help="Only these rules (comma-separated ids or prefixes such as 'images').",
)
@click.option(
    "--lexicon",
    "lexicons",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="An extra risk-language lexicon file (repeatable).",
)
@click.option(
    "--min-priority",
    type=click.Choice([p.value for p in Priority]),
    default=Priority.ROUTINE.value,
    show_default=True,
    help="Leave out findings below this priority (urgent, then high, then routine).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse to scan when the school folder has any error (by default the scan goes on "
    "with what can be used and says what was left out).",
)
@click.option(
    "--policy",
    "policy_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Use this policy file instead of the one school.yaml names (which must be inside "
    "the school folder).",
)
@click.option(
    "--state",
    "state_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Record what this scan read, and its findings, in this file (for --since-state; "
    "keep it next to the output, e.g. findings.jsonl.state.json).",
)
@click.option(
    "--since-state",
    "since_state",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read only files that are new or changed since the scan that wrote this state file, "
    "and appended mail; merge the new findings into that scan's. The state is updated in "
    "place unless --state names another file.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary table.")
def scan(
    school_dir: Path,
    evidence: tuple[Path, ...],
    output: Path | None,
    fmt: str | None,
    jobs: int,
    cluster: str | None,
    shard_mb: float,
    since: str | None,
    as_of: str | None,
    rules: tuple[str, ...],
    lexicons: tuple[str, ...],
    min_priority: str,
    strict: bool,
    policy_file: Path | None,
    state_file: Path | None,
    since_state: Path | None,
    quiet: bool,
) -> None:
    """Check EVIDENCE (files or folders) against the policy, using SCHOOL_DIR's facts.

    Findings are written as JSON Lines, CSV or an HTML report. Exit code 0 when nothing is
    found, 1 when there are findings, 2 on a usage or input error, 143 when stopped by
    SIGTERM (with --jobs or --cluster the finished shards' findings are kept beside the
    output as NAME.partial.EXT, marked incomplete).

    An output file appears only when it is complete (it is written beside the target and
    renamed into place), and a complete JSON Lines file ends with a line
    {"summary": {"complete": true, ...}} that has no "rule". Errors in the school folder are
    listed and the scan goes on with what can be used (--strict refuses instead).
    """
    options = ScanOptions(
        as_of=_parse_date(as_of, "--as-of") or date.today(),
        jobs=jobs,
        cluster=cluster,
        shard_bytes=int(shard_mb * (1 << 20)),
        since=_parse_date(since, "--since"),
        rules=_parse_rules(rules),
        lexicons=lexicons,
        strict=strict,
        policy=policy_file,
    )
    out_format = _format_for(output, fmt)
    console = Console(stderr=True, quiet=quiet, soft_wrap=True)  # never break paths
    ctx, gaps = load_context_with_gaps(school_dir, options)
    _print_gaps(console, gaps)
    _print_semantic_status(console, options)
    state = (since_state, state_file or since_state) if state_file or since_state else None
    try:
        result = _run_with_progress(console, ctx, list(evidence), options, gaps, state)
    except ScanStopped as stopped:
        _keep_partial(stopped, out_format, output, ctx, options, evidence)
        sys.exit(stopped.code)
    result, below = _at_or_above(result, Priority(min_priority))
    _write(result, out_format, output, ctx, options, evidence)
    _print_summary(console, result, output)
    if below:
        console.print(f"Left out {below:,} findings below --min-priority {min_priority}.")
    sys.exit(EXIT_FOUND if result.findings else EXIT_OK)


def _run_with_progress(
    console: Console,
    ctx: CheckContext,
    evidence: list[Path],
    options: ScanOptions,
    gaps: SchoolGaps,
    state: tuple[Path | None, Path | None] | None,
) -> ScanResult:
    """Run the scan under a progress line; `state` is (--since-state, where to save) or None."""
    with Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("Scanning…", total=None)

        def on_progress(records: int, findings: int) -> None:
            progress.update(
                task, description=f"Scanning: {records:,} items checked, {findings:,} findings"
            )

        if state is None:
            return run_scan(ctx, evidence, options, on_progress, gaps)
        from saferpractice.scan.state import run_with_state

        since_state, save_to = state
        result: ScanResult
        result, changes = run_with_state(
            ctx, evidence, options, on_progress, gaps, since_state, save_to
        )
    for line in changes.lines() if changes else ():
        console.print(one_line(line), markup=False, highlight=False)
    return result


def _keep_partial(
    stopped: ScanStopped,
    out_format: str,
    output: Path | None,
    ctx: CheckContext,
    options: ScanOptions,
    evidence: tuple[Path, ...],
) -> None:
    """Keep what the finished shards of a SIGTERM'd scan found, marked incomplete, and say so.

    The output file named by -o is left as it was (it only ever holds a complete scan); the
    partial findings go beside it as NAME.partial.EXT (or to standard output, without -o).
    """
    partial = stopped.partial
    where = output.with_name(f"{output.stem}.partial{output.suffix}") if output else None
    extra = {
        "complete": False,
        "stopped": "SIGTERM",
        "shards_done": stopped.shards_done,
        "shards": stopped.shards,
    }
    checked = sum(partial.checked.values())
    notice = (
        f"stopped by SIGTERM after {stopped.shards_done:,} of {stopped.shards:,} shards; "
        f"these are the findings of the {stopped.shards_done:,} shards that finished "
        f"({checked:,} items checked). A complete scan may find more."
    )
    _write(partial, out_format, where, ctx, options, evidence, extra, notice)
    kept = f"in {one_line(str(where))}" if where else "on standard output"
    unchanged = f"; {one_line(str(output))} was left as it was" if output else ""
    click.echo(
        f"Stopped by SIGTERM after {stopped.shards_done:,} of {stopped.shards:,} shards: "
        f"{checked:,} items checked and {len(partial.findings):,} findings, kept {kept} "
        f"(marked incomplete){unchanged}. Exit status {stopped.code}.",
        err=True,
    )


def _print_semantic_status(console: Console, options: ScanOptions) -> None:
    """Say once, before scanning, when the semantic detector cannot run (a package missing)."""
    if "contact.grooming-pattern" not in options.rules:
        return
    from saferpractice.detect.semantic.embedder import missing_reason

    reason = missing_reason()
    if reason:
        console.print(f"[yellow]Semantic detector off: {reason}.[/yellow]", highlight=False)


def _at_or_above(result: ScanResult, floor: Priority) -> tuple[ScanResult, int]:
    kept = [f for f in result.findings if f.priority.rank <= floor.rank]
    return replace(result, findings=kept), len(result.findings) - len(kept)


def _write(
    result: ScanResult,
    out_format: str,
    output: Path | None,
    ctx: object,
    options: ScanOptions,
    evidence: tuple[Path, ...],
    extra: dict[str, object] | None = None,
    incomplete: str | None = None,
) -> None:
    """Write the findings; a file appears only when complete (see `atomic_output`).

    A stopped scan's partial file says so: `extra` is added to a JSON Lines file's summary
    line, and `incomplete` heads an HTML report (a banner) and a CSV file (its first row)."""
    from saferpractice.scan.html_report import render_report
    from saferpractice.scan.output import atomic_output, write_csv, write_jsonl

    assert isinstance(ctx, CheckContext)

    def write(out: TextIO) -> None:
        if out_format == "html":
            from saferpractice.school.branding import branding_for

            shown = [str(p) for p in evidence]
            logo = branding_for(ctx.school.settings, ctx.school.folder).logo_data_uri
            out.write(
                render_report(
                    result, ctx.school, ctx.policy, options.as_of, shown, logo, incomplete
                )
            )
        elif out_format == "csv":
            write_csv(result.findings, out, incomplete)
        else:
            write_jsonl(result.findings, out, {**_jsonl_summary(result, options), **(extra or {})})

    if output is None:
        stdout = _safe_stdout()
        write(stdout)
        stdout.flush()
        return
    try:
        with atomic_output(output) as handle:
            write(handle)
    except OSError as error:
        raise UserError(f"cannot write {output}: {error.strerror or error}") from None


def _safe_stdout() -> TextIO:
    """Standard output that writes undecodable file-name bytes visibly instead of failing."""
    from saferpractice.scan.output import SAFE_ERRORS

    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors=SAFE_ERRORS)
    return sys.stdout


def _jsonl_summary(result: ScanResult, options: ScanOptions) -> dict[str, object]:
    """What the closing line of a JSON Lines file says (the same for any --jobs)."""
    total = result.report.total
    return {
        "as_of": options.as_of.isoformat(),
        "checked": dict(sorted(result.checked.items())),
        "before_since": result.before_since,
        "skipped": total.skipped,
        "read_with_warnings": total.warned,
        "school_folder_errors": len(result.gaps.errors),
        "school_folder_gaps": result.gaps.lines(),
        "rules_not_run": list(result.gaps.not_run),
    }


def _print_gaps(console: Console, gaps: SchoolGaps) -> None:
    """Say what the school folder's errors left out, before the scan starts."""
    if not gaps:
        return
    console.print(
        f"[yellow]The school folder has {len(gaps.errors):,} error(s); scanning with what can "
        "be used (--strict refuses instead):[/yellow]"
    )
    for diagnostic in gaps.errors[:10]:
        console.print(f"  {one_line(str(diagnostic))}", markup=False, highlight=False)
    if len(gaps.errors) > 10:
        console.print(f"  … and {len(gaps.errors) - 10:,} more (saferpractice school check)")
    for line in gaps.lines():
        console.print(f"  {line}", markup=False, highlight=False)


def _print_summary(console: Console, result: ScanResult, output: Path | None) -> None:
    total = result.report.total
    console.print(_summary_table(result.findings))
    kinds = ", ".join(f"{count:,} {kind}" for kind, count in sorted(result.checked.items()))
    console.print(f"Checked {kinds or 'no evidence items'}.")
    if result.before_since:
        console.print(f"Left out {result.before_since:,} items dated before --since.")
    if total.skipped or total.warned:
        console.print(
            f"[yellow]{total.skipped:,} items skipped and {total.warned:,} read with warnings; "
            f"the first are listed below.[/yellow]"
        )
        for diagnostic in result.report.diagnostics[:10]:
            # one_line: a file name with a line break or U+202E cannot forge or hide a line
            console.print(f"  {one_line(str(diagnostic))}", markup=False, highlight=False)
    if output is not None:
        console.print(f"Findings written to {one_line(str(output))}", markup=False)
