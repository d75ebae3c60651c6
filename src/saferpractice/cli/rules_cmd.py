"""`saferpractice rules`: what each check looks for and why."""

from __future__ import annotations

import click

from saferpractice.checks.rules import RULES
from saferpractice.checks.rules_page import rules_markdown


@click.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True
)
def rules(fmt: str) -> None:
    """List every check: its level, the policy item it cites, and why it exists."""
    if fmt == "markdown":
        click.echo(rules_markdown())
        return
    for rule in RULES.values():
        click.echo(f"{rule.id:34} {rule.level.value:6} {rule.policy_item}")
        click.echo(f"{'':34} {rule.title}")
