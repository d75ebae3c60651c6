"""The demo office: the demo school folder loaded into a fresh database, with one made-up
sign-in per role. Only `saferpractice web demo` calls this; outside the demo there are no
default accounts or passwords.

When the demo folder has no `findings.jsonl` yet, the office is served first and the scan of
the demo's evidence (minutes, most of it the semantic detector) runs in the background:
`demo_scan.start_background_scan` (every page says the findings are still loading).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model

from saferpractice.diagnostics import UserError
from saferpractice.school import Person
from saferpractice.school import School as CoreSchool
from saferpractice.web.organisations.models import Membership, Role, School
from saferpractice.web.organisations.setup import create_school
from saferpractice.web.registers.folder import read_folder_leniently, replace_registers

DEMO_PASSWORD = "saferpractice-demo"
DEMO_TRUST = "Northfield Learning Trust (demo)"


@dataclass(frozen=True, slots=True)
class DemoLoad:
    school_name: str
    school_slug: str
    school_pk: object
    summary: str
    sign_ins: tuple[tuple[str, str], ...]


def _first(people: list[Person]) -> Person | None:
    return people[0] if people else None


def _pick(core: CoreSchool) -> dict[str, tuple[Role, Person | None]]:
    staff = [p for p in core.people.values() if p.role == "staff" and p.left_on is None]

    def holder(responsibility: str) -> Person | None:
        return _first([p for p in staff if responsibility in p.responsibilities])

    plain = [p for p in staff if not p.responsibilities]
    # A senior leader who is neither the head nor the DSL, so each sign-in is its own person.
    senior = sorted(
        (p for p in staff if "senior-leader" in p.responsibilities),
        key=lambda p: len(set(p.responsibilities) & {"head-teacher", "dsl"}),
    )
    governors = [p for p in core.people.values() if p.role == "governor"]
    return {
        "head": (Role.HEAD_TEACHER, holder("head-teacher")),
        "senior": (Role.SENIOR_LEADER, _first(senior)),
        "dsl": (Role.DSL, holder("dsl")),
        "ict": (Role.ICT_LEAD, holder("ict")),
        "teacher": (Role.STAFF, _first(plain)),
        "governor": (Role.GOVERNOR, _first(governors)),
        "trust": (Role.TRUST_VIEWER, None),
    }


FINDINGS_APPS = ("review",)  # need the scan's findings.jsonl
OTHER_APPS = ("concerns", "insights")


def load_later_apps(school: School, demo_dir: Path, apps: Iterable[str]) -> None:
    """Later apps (the review queue, concerns, the self-review) load their own demo data."""
    for app in apps:
        try:
            module = importlib.import_module(f"saferpractice.web.{app}.demo")
        except ModuleNotFoundError:
            continue
        module.load_demo(school, demo_dir)


def load_demo(demo_dir: Path, with_findings: bool = True) -> DemoLoad:
    """Load the registers, the sign-ins and the apps' demo data; the findings too unless
    `with_findings` is False (then `demo_scan` loads them once its scan has run)."""
    core, result = read_folder_leniently(demo_dir / "school")
    if core is None:
        raise UserError(f"the demo school could not be loaded: {result.failed}", result.errors)
    school: School = create_school(core.settings.name, DEMO_TRUST, "trust")
    counts = replace_registers(school, core)
    user_model = get_user_model()
    sign_ins: list[tuple[str, str]] = []
    for username, (role, person) in _pick(core).items():
        user = user_model.objects.create_user(
            username=username,
            first_name=person.given_name if person else "Trust",
            last_name=person.family_name if person else "Viewer",
        )
        # Demo only: a known password that the strong-password rule would refuse.
        user.set_password(DEMO_PASSWORD)
        user.save()
        Membership.objects.create(
            user=user, school=school, role=role, person_ref=person.id if person else ""
        )
        sign_ins.append((username, role.label))
    load_later_apps(school, demo_dir, (FINDINGS_APPS if with_findings else ()) + OTHER_APPS)
    summary = ", ".join(f"{count} {name}" for name, count in counts.items())
    return DemoLoad(school.name, school.slug, school.pk, summary, tuple(sign_ins))
