"""The dashboard's charts, drawn from the figures."""

from __future__ import annotations

from markupsafe import Markup

from saferpractice.web.insights import charts
from saferpractice.web.insights.figures import Figures
from saferpractice.web.insights.models import Rating

PRIORITY_COLOURS = (
    ("urgent", "Urgent", charts.URGENT),
    ("high", "High", charts.HIGH),
    ("routine", "Routine", charts.ROUTINE),
)


def findings_over_time(fig: Figures) -> Markup:
    series = [
        charts.Series(label, colour, tuple(fig.by_month.get(key, [0] * len(fig.months))))
        for key, label, colour in PRIORITY_COLOURS
    ]
    return charts.stacked_columns("Findings by month and priority", fig.months, series)


def findings_by_area(fig: Figures) -> Markup:
    areas = sorted(fig.by_area)
    series = [
        charts.Series(label, colour, tuple(fig.by_area[a].get(key, 0) for a in areas))
        for key, label, colour in PRIORITY_COLOURS
    ]
    return charts.stacked_columns("Findings by area and priority", areas, series)


def open_by_age(fig: Figures) -> Markup:
    rows = [(label, float(n), charts.AMBER) for label, n in fig.open_by_age]
    return charts.bars("Open findings by age", rows, suffix="")


def coverage(fig: Figures) -> Markup:
    rows = [("Policy acknowledged (staff)", fig.acknowledged_share, charts.GREEN)]
    rows += [
        (f"Photo consent: {label}", fig.consent_share(n), charts.GREEN)
        for label, n in fig.consent_by_use
    ]
    return charts.bars("Acknowledgement and consent coverage", rows)


def self_review(fig: Figures) -> Markup:
    total = max(fig.requirements, 1)
    colours = {
        Rating.IN_PLACE: charts.GREEN,
        Rating.PARTLY: charts.AMBER,
        Rating.NOT_YET: charts.RED,
    }
    rows = [
        (label, 100.0 * fig.ratings.get(value, 0) / total, colours[Rating(value)])
        for value, label in Rating.choices
    ]
    rows.append(("Not yet rated", 100.0 * (fig.requirements - fig.rated) / total, charts.GREY))
    return charts.bars("Self-review progress", rows)


def all_charts(fig: Figures) -> dict[str, Markup]:
    return {
        "over_time": findings_over_time(fig),
        "by_area": findings_by_area(fig),
        "by_age": open_by_age(fig),
        "coverage": coverage(fig),
        "self_review": self_review(fig),
    }
