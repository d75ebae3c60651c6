"""Server-rendered SVG charts: no script, nothing fetched, every label escaped.

Each chart is an <svg role="img"> with a <title> and a text description; pages also show the
figures as a table, so nothing depends on seeing the picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'
# Colours with at least 3:1 contrast against white (WCAG 2.2 non-text contrast).
URGENT, HIGH, ROUTINE = "#b10e1e", "#a35200", "#505a5f"
GREEN, AMBER, RED, GREY = "#00703c", "#a35200", "#b10e1e", "#6f777b"


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    colour: str
    values: tuple[int, ...]


def _nice_max(value: int) -> int:
    """A round top for the axis, divisible by 4 so that the five ticks are whole numbers."""
    for step in (1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000):
        if value <= step * 4:
            return step * 4
    return -(-value // 4) * 4


def stacked_columns(
    title: str, labels: Sequence[str], series: Sequence[Series], width: int = 720, height: int = 260
) -> Markup:
    """Columns per label, stacked by series, with a legend and a y axis."""
    left, right, top, bottom = 40, 10, 30, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    top_value = _nice_max(max(totals, default=0))
    slot = plot_w / max(len(labels), 1)
    bar_w = max(4.0, slot * 0.7)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg" {FONT} font-size="11">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in range(5):
        value = top_value * tick / 4
        y = top + plot_h - plot_h * tick / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#dee0e2"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" fill="#0b0c0c">'
            f"{int(value)}</text>"
        )
    for i, label in enumerate(labels):
        x = left + i * slot + (slot - bar_w) / 2
        y = top + plot_h
        for s in series:
            value = s.values[i]
            if not value:
                continue
            h = plot_h * value / top_value
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{s.colour}"><title>{escape(label)}: {value} {escape(s.name)}</title></rect>'
            )
        if len(labels) <= 16 or i % 2 == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 14}" text-anchor="middle" '
                f'fill="#0b0c0c">{escape(label)}</text>'
            )
    x = left
    for s in series:
        parts.append(
            f'<rect x="{x}" y="{height - 16}" width="12" height="12" fill="{s.colour}"/>'
            f'<text x="{x + 16}" y="{height - 6}" fill="#0b0c0c">{escape(s.name)}</text>'
        )
        x += 24 + 7 * len(s.name)
    parts.append("</svg>")
    return Markup("".join(parts))


def bars(
    title: str, rows: Sequence[tuple[str, float, str]], suffix: str = "%", width: int = 720
) -> Markup:
    """Horizontal bars: (label, value, colour); percentages by default (0 to 100)."""
    row_h, label_w = 28, 320
    height = row_h * len(rows) + 10
    top_value = (
        100.0 if suffix == "%" else float(_nice_max(int(max((r[1] for r in rows), default=0))))
    )
    plot_w = width - label_w - 70
    # role="img" hides the labels inside from a screen reader, so the title carries the figures
    described = "; ".join(f"{label} {value:.0f}{suffix}" for label, value, _ in rows)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg" {FONT} font-size="12">',
        f"<title>{escape(title)}: {escape(described)}</title>",
    ]
    for i, (label, value, colour) in enumerate(rows):
        y = 5 + i * row_h
        w = plot_w * (value / top_value if top_value else 0)
        shown = f"{value:.0f}{suffix}"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" fill="#0b0c0c">'
            f"{escape(label)}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{plot_w}" height="18" fill="#f3f2f1" '
            f'stroke="#b1b4b6"/>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="18" fill="{colour}"/>'
            f'<text x="{label_w + plot_w + 6}" y="{y + 17}" fill="#0b0c0c">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
