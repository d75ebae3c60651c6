"""The annual review pack for governors: the DfE filtering and monitoring standards' frame
(roles, the annual review, filtering, monitoring), the figures, the policy's changes and the
self-review's open actions, as a PDF (WeasyPrint, as the CLI's policy PDF uses)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from saferpractice.web.insights import pictures
from saferpractice.web.insights.figures import figures_for, requirement_ids
from saferpractice.web.insights.models import Rating, RequirementReview
from saferpractice.web.organisations.models import School
from saferpractice.web.policies.models import PolicyVersion
from saferpractice.web.policies.services import ensure_published_policy, parse_policy
from saferpractice.web.registers.models import Person
from saferpractice.web.review.models import Finding, Scan, ScanStatus

RESPONSIBILITIES = (
    ("head-teacher", "Head teacher", "Overall responsibility; approves the policy each year."),
    (
        "dsl",
        "Designated safeguarding lead",
        "Lead responsibility for online safety, filtering "
        "and monitoring reports, and acting on them.",
    ),
    ("ict", "ICT lead", "Runs the filtering and monitoring systems and the evidence scans."),
    ("governor", "Safeguarding governor", "Makes sure the standards are met and reviewed."),
)


def _holders(school: School) -> list[dict[str, Any]]:
    people = list(Person.objects.filter(school=school, left_on__isnull=True))
    rows = []
    for key, title, duty in RESPONSIBILITIES:
        names = [p.full_name for p in people if key in (p.responsibilities or [])]
        if key == "governor" and not names:
            names = [p.full_name for p in people if p.role == "governor"][:1]
        rows.append({"title": title, "duty": duty, "names": names})
    return rows


def pack_context(school: School) -> dict[str, Any]:
    fig = figures_for([school])
    version = ensure_published_policy(school)
    policy = parse_policy(version.text)
    texts = {req_id: text for _, req_id, text in requirement_ids(school)}
    open_actions = RequirementReview.objects.filter(
        school=school, rating__in=[Rating.PARTLY, Rating.NOT_YET]
    ).order_by("due_on", "requirement_id")
    findings = Finding.objects.filter(school=school)
    return {
        "school": school,
        "today": timezone.localdate(),
        "fig": fig,
        "charts": pictures.all_charts(fig),
        "roles": _holders(school),
        "policy": policy,
        "version": version,
        "versions": PolicyVersion.objects.filter(school=school).order_by("-created_at")[:10],
        "history": policy.metadata.versions,
        "scans": Scan.objects.filter(school=school, status=ScanStatus.FINISHED).count(),
        "last_scan": Scan.objects.filter(school=school, status=ScanStatus.FINISHED).first(),
        "internet_findings": findings.filter(area="internet").count(),
        "total_findings": findings.count(),
        "open_actions": [
            {"review": r, "text": texts.get(r.requirement_id, "")} for r in open_actions
        ],
    }


def render_pack_html(school: School) -> str:
    return render_to_string("insights/pack.html", pack_context(school))


def render_pack(school: School) -> bytes:
    from weasyprint import HTML  # slow to import; only the PDF needs it

    pdf: bytes = HTML(string=render_pack_html(school)).write_pdf()
    return pdf
