"""`saferpractice demo-school`: generate the demo school, its evidence and ground truth."""

from __future__ import annotations

from pathlib import Path

import click
from rich.progress import Progress

from saferpractice.demo import generate


@click.command("demo-school")
@click.option("--seed", type=int, required=True, help="The same seed gives byte-identical output.")
@click.option(
    "-o",
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write school/, evidence/, truth.jsonl and plants.jsonl into.",
)
@click.option("--pupils", type=click.IntRange(10, 20000), default=400, show_default=True)
@click.option(
    "--messages",
    type=click.IntRange(0),
    default=20000,
    show_default=True,
    help="Ordinary mail, texts and chat messages (streamed to disk).",
)
@click.option("--images", type=click.IntRange(0), default=300, show_default=True)
@click.option("--secondary", is_flag=True, help="Years 7-13 instead of Reception to Year 6.")
def demo_school(
    seed: int, out: Path, pupils: int, messages: int, images: int, secondary: bool
) -> None:
    """Generate a realistic school with planted breaches, look-alikes and ground truth.

    Writes OUT/school (a school folder), OUT/evidence (mail, texts, chat, social exports,
    photos, web-filter log), OUT/truth.jsonl (the findings a correct scan must produce)
    and OUT/plants.jsonl (every planted breach and look-alike, with a note).
    """
    with Progress(transient=True) as progress:
        task = progress.add_task("Writing a year of evidence", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        summary = generate(
            seed,
            out,
            pupils=pupils,
            messages=messages,
            images=images,
            secondary=secondary,
            progress=advance,
        )
    click.echo(
        f"Demo school written to {out}: {summary.people} people; {summary.mails} emails, "
        f"{summary.texts} texts, {summary.chats} chat messages, {summary.images} images, "
        f"{summary.web} web-log rows, {summary.connections} social connections; "
        f"{summary.plants} planted items, {summary.truth} findings expected (truth.jsonl)."
    )
