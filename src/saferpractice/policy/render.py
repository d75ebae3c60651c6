"""Rendering a policy as a document to circulate: HTML (with print CSS), PDF and Markdown.

HTML and Markdown each have their own Jinja2 template; the PDF is WeasyPrint's rendering of the
same HTML. Everything needed (templates, CSS, system DejaVu fonts) is local: nothing is fetched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from saferpractice.policy.model import Approver, Area, Policy, PracticeLevel
from saferpractice.timeutil import uk_date


class OutputFormat(StrEnum):
    HTML = "html"
    MARKDOWN = "markdown"
    PDF = "pdf"


LEVEL_LABELS: dict[PracticeLevel, tuple[str, str]] = {
    PracticeLevel.GREEN: ("Green", "Do this"),
    PracticeLevel.AMBER: ("Amber", "Only when a senior leader has agreed"),
    PracticeLevel.RED: ("Red", "Do not do this"),
}
APPROVER_LABELS: dict[Approver, str] = {
    Approver.HEAD_TEACHER: "the head teacher",
    Approver.SENIOR_LEADER: "a senior leader",
}

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


class _Raw(str):
    """Text the Markdown template must not escape (URLs and ids we produce ourselves)."""

    __slots__ = ()


def _markdown_escape(value: Any) -> Any:
    if isinstance(value, _Raw) or not isinstance(value, str):
        return value
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)


@dataclass(frozen=True, slots=True)
class DocumentOptions:
    """Who the document is for: the adopting school's name and logo, and whether to include
    the reviewers' appendix (the completed cut-off cells), which can be left out."""

    organisation: str = ""
    logo_data_uri: str | None = None
    reviewer_notes: bool = True


def _context(policy: Policy, options: DocumentOptions) -> dict[str, Any]:
    areas: list[tuple[str, Area]] = list(policy.areas.items())
    completed = [item for item in policy.iter_items() if item.completed]
    return {
        "organisation": options.organisation or policy.metadata.organisation,
        "logo": options.logo_data_uri,
        "reviewer_notes": options.reviewer_notes and bool(completed),
        "completed": completed,
        "policy": policy,
        "meta": policy.metadata,
        "areas": areas,
        "levels": list(PracticeLevel),
        "level_labels": LEVEL_LABELS,
        "approver_labels": APPROVER_LABELS,
        "current": policy.current_version,
        "completed_count": len(completed),
        "password_rule": policy.strong_password_rule,
        "css": _css(),
    }


@cache
def _css() -> str:
    return files("saferpractice.policy").joinpath("templates/policy.css").read_text("utf-8")


@cache
def _html_env() -> Environment:
    env = Environment(
        loader=PackageLoader("saferpractice.policy", "templates"),
        autoescape=select_autoescape(["html", "html.j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["long_date"] = uk_date
    return env


@cache
def _markdown_env() -> Environment:
    env = Environment(
        loader=PackageLoader("saferpractice.policy", "templates"),
        autoescape=False,
        undefined=StrictUndefined,
        finalize=_markdown_escape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = lambda value: _Raw(uk_date(value))
    env.filters["raw"] = _Raw
    return env


DEFAULT_OPTIONS = DocumentOptions()


def render_html(policy: Policy, options: DocumentOptions = DEFAULT_OPTIONS) -> str:
    """A complete, self-contained HTML document with print CSS (A4)."""
    return _html_env().get_template("policy.html.j2").render(_context(policy, options))


def render_markdown(policy: Policy, options: DocumentOptions = DEFAULT_OPTIONS) -> str:
    text = _markdown_env().get_template("policy.md.j2").render(_context(policy, options))
    return re.sub(r"\n{3,}", "\n\n", text)


def render_pdf(policy: Policy, options: DocumentOptions = DEFAULT_OPTIONS) -> bytes:
    """The HTML rendering, typeset by WeasyPrint."""
    from weasyprint import HTML  # imported here: it is slow to load and only PDF needs it

    document: bytes = HTML(string=render_html(policy, options)).write_pdf()
    return document


def render_to_file(
    policy: Policy,
    output_format: OutputFormat,
    out: Path,
    options: DocumentOptions = DEFAULT_OPTIONS,
) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    if output_format is OutputFormat.PDF:
        out.write_bytes(render_pdf(policy, options))
    elif output_format is OutputFormat.HTML:
        out.write_text(render_html(policy, options), encoding="utf-8")
    else:
        out.write_text(render_markdown(policy, options), encoding="utf-8")
