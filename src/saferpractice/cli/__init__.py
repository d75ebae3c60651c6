"""The `saferpractice` command line: a thin layer over the core packages.

Sub-command groups live in their own modules and are imported only when used, so that
`saferpractice --help` stays fast and one area's dependencies never slow another's.
"""

from __future__ import annotations

import importlib
import sys

import click

from saferpractice import __version__
from saferpractice.cli.common import EXIT_USAGE, echo_error
from saferpractice.diagnostics import UserError

# command name -> "module:attribute"; each module owns its commands.
COMMANDS: dict[str, str] = {
    "demo-school": "saferpractice.cli.demo_cmd:demo_school",
    "evidence": "saferpractice.cli.evidence_cmd:evidence",
    "import": "saferpractice.cli.import_cmd:import_group",
    "policy": "saferpractice.cli.policy_cmd:policy",
    "rules": "saferpractice.cli.rules_cmd:rules",
    "scan": "saferpractice.cli.scan_cmd:scan",
    "school": "saferpractice.cli.school_cmd:school",
    "web": "saferpractice.cli.web_cmd:web",
}


class LazyGroup(click.Group):
    """A click group whose sub-commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="saferpractice")
def cli() -> None:
    """saferpractice: a school's safer working practice guidance as a working system.

    Exit codes: 0 ok, 1 the check found problems, 2 usage or input error.
    """


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning user errors into a message and exit code 2."""
    try:
        cli.main(args=argv, prog_name="saferpractice", standalone_mode=False)
    except click.exceptions.Exit as stop:
        sys.exit(stop.exit_code)
    except click.Abort:
        echo_error("aborted")
        sys.exit(EXIT_USAGE)
    except click.ClickException as error:
        error.show()
        sys.exit(EXIT_USAGE if error.exit_code != 1 else 1)
    except UserError as error:
        echo_error(str(error))
        for diagnostic in error.diagnostics:
            click.echo(str(diagnostic), err=True)
        sys.exit(EXIT_USAGE)
    except OSError as error:
        # Missing files, permissions and the like are the user's to fix, not a crash.
        echo_error(f"{error.filename or ''}: {error.strerror or error}".lstrip(": "))
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        echo_error("interrupted")
        sys.exit(130)
    sys.exit(0)
