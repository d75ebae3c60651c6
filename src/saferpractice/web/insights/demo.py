"""The demo office's self-review: started, with some requirements rated and an action plan."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from saferpractice.web.insights.figures import requirement_ids
from saferpractice.web.insights.models import Rating, RequirementReview
from saferpractice.web.organisations.models import School

PLAN = (
    (Rating.IN_PLACE, "AUP section 4; signed by all staff in September.", "", ""),
    (Rating.IN_PLACE, "Staff handbook, page 12.", "", ""),
    (Rating.PARTLY, "Mentioned at induction only.", "Add to the AUP and brief staff.", "DSL"),
    (Rating.NOT_YET, "", "Write the rule into the AUP at the annual review.", "Head teacher"),
    (Rating.IN_PLACE, "Photo consent forms, collected each September.", "", ""),
    (Rating.PARTLY, "Trip risk assessments name it.", "Add a line to the AUP.", "ICT lead"),
    (Rating.NOT_YET, "", "Agree a webcam protocol with the ICT lead.", "ICT lead"),
)


def load_demo(school: School, demo_dir: Path) -> None:
    head = get_user_model().objects.filter(username="head").first()
    today = timezone.localdate()
    requirements = requirement_ids(school)
    step = max(1, len(requirements) // len(PLAN))
    for n, (rating, evidence, action, owner) in enumerate(PLAN):
        _, req_id, _ = requirements[(n * step) % len(requirements)]
        RequirementReview.objects.update_or_create(
            school=school,
            requirement_id=req_id,
            defaults={
                "rating": rating,
                "evidence": evidence,
                "action": action,
                "owner": owner,
                "due_on": today + timedelta(days=30 * (n + 1)) if action else None,
                "reviewed_on": today,
                "reviewed_by": head,
            },
        )
