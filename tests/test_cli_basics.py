"""The command line's conventions: help everywhere, exit codes, no tracebacks."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from saferpractice.cli import COMMANDS, cli


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "saferpractice", *args], capture_output=True, text=True, check=False
    )


def test_top_level_help_lists_every_command() -> None:
    result = run("--help")
    assert result.returncode == 0
    for name in COMMANDS:
        assert name in result.stdout


def _all_commands(group: click.Group, ctx: click.Context) -> list[list[str]]:
    paths: list[list[str]] = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        paths.append([name])
        if isinstance(command, click.Group):
            sub_ctx = click.Context(command, info_name=name, parent=ctx)
            paths.extend([name, *rest] for rest in _all_commands(command, sub_ctx))
    return paths


@pytest.mark.parametrize(
    "path", _all_commands(cli, click.Context(cli, info_name="saferpractice")), ids=" ".join
)
def test_every_command_has_help(path: list[str]) -> None:
    result = run(*path, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout


def test_unknown_command_is_a_usage_error_without_traceback() -> None:
    result = run("no-such-command")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
