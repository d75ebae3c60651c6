"""The HTML report a designated safeguarding lead reads.

Findings are grouped by person and area, each with its explanation, its excerpt (escaped:
evidence is attacker-controlled) with the spans highlighted, and what to do next from the
policy's consequences and what should be in place. Charts are inline SVG, so the report is a
single self-contained file that works offline.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from saferpractice.checks.rules import RULES
from saferpractice.findings import Finding, Level

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
        pieces.append(str(escape(excerpt[position:start])))
        pieces.append(
            f'<mark title="{escape(label)}">{escape(excerpt[start:end])}'
            f'<span class="tag">{escape(label)}</span></mark>'
        )
        position = end
    pieces.append(str(escape(excerpt[position:])))
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


def _bar_chart(findings: Sequence[Finding]) -> list[dict[str, object]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for finding in findings:
        counts[area_of(finding)][finding.level.value] += 1
    widest = max((sum(c.values()) for c in counts.values()), default=1)
    rows = []
    for area_id, name in AREA_NAMES.items():
        c = counts.get(area_id, Counter())
        rows.append(
            {
                "name": name,
                "red": c["red"],
                "amber": c["amber"],
                "red_width": 320 * c["red"] / widest,
                "amber_width": 320 * c["amber"] / widest,
            }
        )
    return rows


def render_report(
    result: ScanResult, school: School, policy: Policy, as_of: date, evidence: Sequence[str]
) -> str:
    env = Environment(
        loader=PackageLoader("saferpractice.scan", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["highlight"] = lambda finding: highlight(
        finding.evidence.excerpt, finding.evidence.spans
    )
    findings = result.findings
    by_person: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for finding in findings:
        lead = finding.people[0] if finding.people else ""
        by_person[lead][area_of(finding)].append(finding)

    def person_label(pid: str) -> str:
        person = school.person(pid) if pid else None
        if person is None:
            return pid if pid else "The school (no one person)"
        return f"{person.full_name} ({pid}, {person.role})"

    def person_order(pid: str) -> tuple[int, int, str]:
        group = by_person[pid]
        reds = sum(1 for fs in group.values() for f in fs if f.level is Level.RED)
        return (-reds, -sum(len(fs) for fs in group.values()), pid)

    people = [
        {
            "id": pid or "school",
            "label": person_label(pid),
            "areas": [
                {"name": AREA_NAMES.get(area, area), "findings": group[area]}
                for area in AREA_NAMES
                if area in group
            ],
            "red": sum(1 for fs in by_person[pid].values() for f in fs if f.level is Level.RED),
            "total": sum(len(fs) for fs in by_person[pid].values()),
        }
        for pid in sorted(by_person, key=person_order)
        for group in (by_person[pid],)
    ]
    rule_counts = Counter((f.rule, f.level.value) for f in findings)
    summary_rows = [
        {
            "rule": rule,
            "title": RULES[rule].title,
            "red": rule_counts[(rule, "red")],
            "amber": rule_counts[(rule, "amber")],
        }
        for rule in RULES
        if rule_counts[(rule, "red")] or rule_counts[(rule, "amber")]
    ]
    template = env.get_template("report.html.j2")
    return template.render(
        school=school,
        policy=policy,
        as_of=as_of,
        evidence=evidence,
        findings=findings,
        people=people,
        chart=_bar_chart(findings),
        summary_rows=summary_rows,
        red=sum(1 for f in findings if f.level is Level.RED),
        amber=sum(1 for f in findings if f.level is Level.AMBER),
        checked=sorted(result.checked.items()),
        read=result.report.total,
        skipped=result.report.diagnostics[:50],
        before_since=result.before_since,
        rules=list(RULES.values()),
        steps={f.policy_item: next_steps(policy, f.policy_item) for f in findings},
    )
