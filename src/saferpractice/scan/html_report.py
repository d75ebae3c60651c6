"""The HTML report a designated safeguarding lead reads.

It opens with what needs attention today (the urgent findings, newest first), then the rest
by priority, each listed under the member of staff concerned, with pupils shown only as
involved. Every finding has its explanation, its excerpt (escaped: evidence is
attacker-controlled) with the spans highlighted, and what to do next from the policy's
consequences and what should be in place, which is printed in full. Charts are inline
SVG, so the report is a single self-contained file that works offline.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from saferpractice.checks.rules import RULES
from saferpractice.findings import Finding, Level, Priority
from saferpractice.timeutil import to_utc, to_zone

if TYPE_CHECKING:
    from saferpractice.policy import Policy
    from saferpractice.scan.engine import ScanResult
    from saferpractice.school import School

AREA_NAMES = {
    "social": "Social networking",
    "email": "Email",
    "images": "Images of pupils",
    "phones": "Mobile phones",
    "webcams": "Webcams and live streaming",
    "internet": "Using the internet",
    "general": "General conduct",
}


def highlight(excerpt: str, spans: Sequence[tuple[int, int, str]]) -> Markup:
    """The excerpt as escaped HTML with each span wrapped in <mark> and labelled."""
    pieces: list[str] = []
    position = 0
    for start, end, label in sorted(spans):
        if start < position or end > len(excerpt):
            continue  # overlapping or out-of-range spans are shown unmarked, never broken
        pieces.append(str(escape(visible_controls(excerpt[position:start]))))
        pieces.append(
            f'<mark title="{escape(label)}">{escape(visible_controls(excerpt[start:end]))}'
            f'<span class="tag">{escape(label)}</span></mark>'
        )
        position = end
    pieces.append(str(escape(visible_controls(excerpt[position:]))))
    return Markup("".join(pieces))


def area_of(finding: Finding) -> str:
    return finding.policy_item.split(".", 1)[0]


@dataclass(frozen=True, slots=True)
class NextSteps:
    practice: str
    consequences: tuple[str, ...]
    in_place: tuple[str, ...]


def next_steps(policy: Policy, item_id: str) -> NextSteps | None:
    try:
        resolved = policy.practice(item_id)
    except KeyError:
        return None
    return NextSteps(
        resolved.practice.text,
        tuple(c.text for c in resolved.consequences),
        tuple(r.text for r in resolved.in_place),
    )


def uk_datetime(moment: datetime | None, zone: tzinfo) -> str:
    """A moment as a UK reader says it, in the school's timezone.

    For example 'Tuesday 17 November 2026, 10:15'.
    """
    if moment is None:
        return "date not known"
    local = to_zone(moment, zone)
    return f"{local.strftime('%A')} {local.day} {local.strftime('%B %Y, %H:%M')}"


def uk_date(day: date) -> str:
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


def short_datetime(moment: datetime | None, zone: tzinfo) -> str:
    if moment is None:
        return "–"
    local = to_zone(moment, zone)
    return f"{local.day} {local.strftime('%b %Y %H:%M')}"


def _bar_chart(findings: Sequence[Finding]) -> list[dict[str, object]]:
    """Rows for the chart of findings by area, stacked by priority."""
    counts: dict[str, Counter[Priority]] = defaultdict(Counter)
    for finding in findings:
        counts[area_of(finding)][finding.priority] += 1
    widest = max((sum(c.values()) for c in counts.values()), default=1) or 1
    rows = []
    for area_id, name in AREA_NAMES.items():
        c = counts.get(area_id, Counter())
        offset = 0.0
        bars = []
        for priority in Priority:
            width = 320 * c[priority] / widest
            bars.append(
                {"priority": priority.value, "count": c[priority], "x": offset, "width": width}
            )
            offset += width
        rows.append({"name": name, "bars": bars, "total": sum(c.values()), "end": offset})
    return rows


@dataclass(frozen=True, slots=True)
class StaffGroup:
    """Findings about one member of staff (or the school as a whole), newest first."""

    id: str
    label: str
    findings: tuple[Finding, ...]


def _group_by_staff(findings: Sequence[Finding], label: Callable[[str], str]) -> list[StaffGroup]:
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[finding.people[0] if finding.people else ""].append(finding)
    groups = [
        StaffGroup(pid or "school", label(pid), tuple(sorted(items, key=_newest_first)))
        for pid, items in grouped.items()
    ]
    groups.sort(
        key=lambda g: (-sum(f.level is Level.RED for f in g.findings), -len(g.findings), g.id)
    )
    return groups


def _newest_first(finding: Finding) -> tuple[int, float, str]:
    if finding.occurred_at is None:
        return (1, 0.0, finding.id)
    return (0, -to_utc(finding.occurred_at).timestamp(), finding.id)


def render_report(
    result: ScanResult,
    school: School,
    policy: Policy,
    as_of: date,
    evidence: Sequence[str],
    logo: str | None = None,
    incomplete: str | None = None,
) -> str:
    """The report as one self-contained HTML page; `logo` is a data: URI, if the school has one.

    `incomplete` (a stopped scan's partial report) is shown as a banner under the title, and
    the page title starts with INCOMPLETE."""
    env = Environment(
        loader=PackageLoader("saferpractice.scan", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_show_controls,
    )
    zone = school.timezone
    env.filters["highlight"] = lambda finding: highlight(
        finding.evidence.excerpt, finding.evidence.spans
    )
    env.filters["when"] = lambda moment: uk_datetime(moment, zone)
    env.filters["short_when"] = lambda moment: short_datetime(moment, zone)
    env.filters["thousands"] = lambda number: f"{number:,}"
    findings = result.findings

    def person_label(pid: str) -> str:
        person = school.person(pid) if pid else None
        if person is None:
            return visible_controls(pid) if pid else "The school (no one person)"
        return f"{person.full_name} ({pid}, {person.role})"

    def involved(finding: Finding) -> list[str]:
        return [person_label(pid) for pid in finding.people[1:]]

    env.globals["involved"] = involved
    env.globals["involved_staff"] = lambda f: person_label(f.people[0]) if f.people else ""
    by_priority = {p: [f for f in findings if f.priority is p] for p in Priority}
    urgent = sorted(by_priority[Priority.URGENT], key=_newest_first)
    rule_counts = Counter((f.rule, f.priority) for f in findings)
    summary_rows = [
        {
            "rule": rule,
            "title": RULES[rule].title,
            "counts": [rule_counts[(rule, p)] for p in Priority],
            "total": sum(rule_counts[(rule, p)] for p in Priority),
        }
        for rule in RULES
        if any(rule_counts[(rule, p)] for p in Priority)
    ]
    steps = {f.policy_item: next_steps(policy, f.policy_item) for f in findings}
    template = env.get_template("report.html.j2")
    return template.render(
        school=school,
        policy=policy,
        as_of=as_of,
        as_of_text=uk_date(as_of),
        evidence=[visible_controls(e) for e in evidence],
        findings=findings,
        urgent=urgent,
        high=_group_by_staff(by_priority[Priority.HIGH], person_label),
        routine=_group_by_staff(by_priority[Priority.ROUTINE], person_label),
        counts={p.value: len(by_priority[p]) for p in Priority},
        priorities=[p.value for p in Priority],
        chart=_bar_chart(findings),
        summary_rows=summary_rows,
        red=sum(1 for f in findings if f.level is Level.RED),
        amber=sum(1 for f in findings if f.level is Level.AMBER),
        checked=sorted(result.checked.items()),
        read=result.report.total,
        skipped=[visible_controls(str(d)) for d in result.report.diagnostics[:50]],
        skipped_total=len(result.report.diagnostics),
        before_since=result.before_since,
        rules=list(RULES.values()),
        steps=steps,
        guidance_items=[(item, step) for item, step in sorted(steps.items()) if step],
        area_names=AREA_NAMES,
        logo=logo,
        incomplete=incomplete,
    )


def _show_controls(value: object) -> object:
    """Jinja's finalize hook: every plain string shown has its controls made visible."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return visible_controls(value)
    return value


def visible_controls(text: str) -> str:
    """Show bidirectional and other invisible control characters instead of obeying them.

    A file name or address with U+202E (right-to-left override) could otherwise make the
    report show a different name from the real one.
    """
    return "".join(f"<U+{ord(ch):04X}>" if _is_hidden_control(ch) else ch for ch in text)


def _is_hidden_control(ch: str) -> bool:
    # Joiners stay: they build emoji and some scripts' letters, and cannot reorder text.
    if ch in "\n\t\u200c\u200d":
        return False
    return unicodedata.category(ch) in {"Cf", "Cc"}
