"""Showing a stored finding: its excerpt highlighted (escaped), its policy text, its people."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from saferpractice.policy import Policy
from saferpractice.scan.html_report import next_steps, visible_controls


def highlight(
    excerpt: str, spans: Sequence[Sequence[Any]], transform: Callable[[str], str] = str
) -> Markup:
    """The excerpt as escaped HTML with each span in <mark>, like the core report's
    `highlight`, but with `transform` (hiding names) applied to each piece before escaping."""
    pieces: list[str] = []
    position = 0
    clean: list[tuple[int, int, str]] = []
    for span in spans:
        try:
            clean.append((int(span[0]), int(span[1]), str(span[2])))
        except (IndexError, TypeError, ValueError):
            continue  # a malformed span is ignored, never trusted
    for start, end, label in sorted(clean):
        if start < position or end > len(excerpt) or start > end:
            continue
        pieces.append(str(escape(visible_controls(transform(excerpt[position:start])))))
        pieces.append(
            f'<mark title="{escape(label)}">'
            f"{escape(visible_controls(transform(excerpt[start:end])))}"
            f'<span class="tag">{escape(label)}</span></mark>'
        )
        position = end
    pieces.append(str(escape(visible_controls(transform(excerpt[position:])))))
    return Markup("".join(pieces))


@dataclass(frozen=True, slots=True)
class PolicyText:
    item_id: str
    practice: str
    consequences: tuple[str, ...]
    in_place: tuple[str, ...]


def policy_text(policy: Policy, item_id: str) -> PolicyText | None:
    steps = next_steps(policy, item_id)
    if steps is None:
        return None
    return PolicyText(item_id, steps.practice, steps.consequences, steps.in_place)


AREA_NAMES = {
    "social": "Social networking",
    "email": "Email",
    "images": "Images of pupils",
    "phones": "Mobile phones",
    "webcams": "Webcams",
    "internet": "Using the internet",
    "general": "General",
}
