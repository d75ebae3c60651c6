"""`saferpractice policy ...`: check, print the schema, render, diff and show the policy."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from saferpractice.cli.common import (
    EXIT_FOUND,
    EXIT_OK,
    EXIT_USAGE,
    echo_diagnostics,
    echo_error,
    plural,
)
from saferpractice.diagnostics import Diagnostics, UserError

if TYPE_CHECKING:
    from saferpractice.policy.model import Policy
    from saferpractice.policy.render import DocumentOptions

_FILE = click.Path(dir_okay=False, path_type=Path)


def _load(path: Path | None) -> Policy:
    from saferpractice.policy import load_default_policy, load_policy

    return load_default_policy() if path is None else load_policy(path)


def _school_options(folder: Path, reviewer_notes: bool) -> tuple[DocumentOptions, Path | None]:
    """The school's name and logo from school.yaml, and its own policy file if it has one."""
    from saferpractice.policy.render import DocumentOptions
    from saferpractice.school.branding import branding_for
    from saferpractice.school.settings import read_settings

    diagnostics = Diagnostics()
    settings = read_settings(folder, diagnostics)
    errors = diagnostics.errors
    if settings is None or errors:
        raise UserError(
            f"{folder}: school.yaml has problems:\n" + "\n".join(f"  {d}" for d in errors)
        )
    branding = branding_for(settings, folder)
    own_policy = (folder / settings.policy).resolve() if settings.policy else None
    options = DocumentOptions(branding.name, branding.logo_data_uri, reviewer_notes)
    return options, own_policy


@click.group()
def policy() -> None:
    """The guidance as data: check a school's policy file, render it, compare versions."""


@policy.command()
@click.argument("file", type=_FILE)
def check(file: Path) -> None:
    """Validate a school's policy FILE (YAML) and report every problem at once.

    Exit 0 if valid, 1 if the policy is invalid, 2 if the file cannot be read or parsed.
    """
    from saferpractice.policy import check_policy_file

    result = check_policy_file(file)
    errors, warnings = echo_diagnostics(result.diagnostics)
    if not result.readable:
        sys.exit(EXIT_USAGE)
    if errors or result.policy is None:
        click.echo(
            f"{file}: not valid: {plural(errors, 'error')}, {plural(warnings, 'warning')}.",
            err=True,
        )
        sys.exit(EXIT_FOUND)
    current = result.policy.current_version
    click.echo(
        f"{file}: valid: {plural(len(result.policy.all_ids()), 'item')}, version "
        f"{current.version}, next revision {current.next_revision.isoformat()}"
        f"{', ' + plural(warnings, 'warning') if warnings else ''}."
    )
    sys.exit(EXIT_OK)


@policy.command()
def schema() -> None:
    """Print the JSON Schema that a policy file must follow."""
    from saferpractice.policy.schema import policy_json_schema

    click.echo(json.dumps(policy_json_schema(), indent=2))


@policy.command()
@click.option(
    "--policy",
    "policy_file",
    type=_FILE,
    default=None,
    help="A school's policy file (default: the built-in policy).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["html", "markdown", "pdf"]),
    required=True,
    help="Output format.",
)
@click.option("-o", "--output", "out", type=_FILE, required=True, help="Where to write it.")
@click.option(
    "--school",
    "school_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="A school folder: its name and logo (school.yaml) head the document, and its own "
    "policy is used unless --policy is given.",
)
@click.option(
    "--reviewer-notes/--no-reviewer-notes",
    default=True,
    show_default=True,
    help="Include the appendix that lists completed cut-off cells for reviewers.",
)
def render(
    policy_file: Path | None,
    output_format: str,
    out: Path,
    school_dir: Path | None,
    reviewer_notes: bool,
) -> None:
    """Render the policy as a document to circulate (HTML with print CSS, Markdown or PDF).

    Without --school the document is the template that a school adopts, with no school's name.
    """
    from saferpractice.policy.render import DocumentOptions, OutputFormat, render_to_file

    options = DocumentOptions(reviewer_notes=reviewer_notes)
    if school_dir is not None:
        options, school_policy = _school_options(school_dir, reviewer_notes)
        policy_file = policy_file or school_policy
    loaded = _load(policy_file)
    with_progress = output_format == "pdf"
    if with_progress:
        from rich.console import Console

        with Console(stderr=True).status("Typesetting the PDF..."):
            render_to_file(loaded, OutputFormat(output_format), out, options)
    else:
        render_to_file(loaded, OutputFormat(output_format), out, options)
    current = loaded.current_version
    click.echo(
        f"Wrote {out} ({output_format}, {out.stat().st_size:,} bytes): "
        f"{loaded.metadata.title}, version {current.version}."
    )


@policy.command()
@click.argument("old", type=_FILE)
@click.argument("new", type=_FILE)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def diff(old: Path, new: Path, output_format: str) -> None:
    """List the items added, removed and changed (by id) between two policy files.

    Exit 0 if they are the same, 1 if they differ, 2 if either cannot be loaded.
    """
    from saferpractice.policy.diff import diff_policies

    old_policy, new_policy = _load(old), _load(new)
    result = diff_policies(old_policy, new_policy)
    if output_format == "json":
        click.echo(json.dumps(result.to_json(), indent=2))
    else:
        for item_id in result.added:
            click.echo(f"added    {item_id}")
        for item_id in result.removed:
            click.echo(f"removed  {item_id}")
        for item in result.changed:
            click.echo(f"changed  {item.id}  ({', '.join(item.fields)})")
        if result.metadata_changed:
            click.echo(f"metadata ({', '.join(result.metadata_changed)})")
        click.echo(
            f"{old} (version {result.old_version}) -> {new} (version {result.new_version}): "
            f"{len(result.added)} added, {len(result.removed)} removed, "
            f"{len(result.changed)} changed"
            + ("; metadata changed." if result.metadata_changed else ".")
        )
    sys.exit(EXIT_OK if result.identical else EXIT_FOUND)


@policy.command()
@click.argument("item_id", required=False)
@click.option("--policy", "policy_file", type=_FILE, default=None, help="A school's policy file.")
def show(item_id: str | None, policy_file: Path | None) -> None:
    """Show one item (with its consequences and what should be in place), or list every id."""
    loaded = _load(policy_file)
    if item_id is None:
        for known in loaded.all_ids():
            click.echo(known)
        click.echo(f"{plural(len(loaded.all_ids()), 'item')}.", err=True)
        return
    try:
        item = loaded.item(item_id)
    except KeyError:
        close = [known for known in loaded.all_ids() if item_id in known][:5]
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        echo_error(f"no policy item with id {item_id!r}.{hint}")
        sys.exit(EXIT_USAGE)
    title = getattr(item, "title", "") or getattr(item, "term", "")
    click.echo(f"{item.id}" + (f": {title}" if title else ""))
    text = getattr(item, "text", "")
    if text:
        click.echo(f"  {text}")
    try:
        resolved = loaded.practice(item_id)
    except KeyError:
        resolved = None
    if resolved is not None:
        click.echo(f"  Level: {resolved.level.value} ({resolved.area})")
        approval = resolved.practice.approval
        if approval is not None:
            click.echo(f"  Agreed by: {approval.approver.value}; scope: {approval.scope}")
        for consequence in resolved.consequences:
            click.echo(f"  Consequence ({consequence.id}): {consequence.text}")
        for requirement in resolved.in_place:
            click.echo(f"  In place ({requirement.id}): {requirement.text}")
    if item.completed:
        note = f": {item.completion_note}" if item.completion_note else ""
        click.secho(f"  Completed where the original text is cut off{note}", fg="magenta")


@policy.command()
@click.argument("out", type=_FILE)
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
def init(out: Path, force: bool) -> None:
    """Write the built-in policy to OUT as a starting point for a school's own policy."""
    from saferpractice.policy import default_policy_text

    if out.exists() and not force:
        echo_error(f"{out} exists; use --force to overwrite it")
        sys.exit(EXIT_USAGE)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(default_policy_text(), encoding="utf-8")
    click.echo(f"Wrote {out}: edit it, then run `saferpractice policy check {out}`.")
